package dev.channels.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.dynamodb.DynamoDbService;
import dev.channels.local.dynamodb.StreamLog;
import dev.channels.local.dynamodb.StreamRecord;
import dev.channels.local.json.Json;
import dev.channels.local.slack.SlackSink;
import dev.channels.local.template.ResolvedStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The whole local cloud on the fixture assembly, checked through the AWS SDK as handlers and the CLI use it. */
class LocalCloudTest {
    private static final String TABLE = "JobOrderTable7857BD03";
    private static final String INBOX = "JobOrderInbox9156956C";
    private static final String DLQ = "JobOrderInboxDlq7ED0581D";

    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private static Path assembly;
    private static LocalCloud cloud;
    private static ResolvedStack stack;
    private static DynamoDbClient dynamoDb;
    private static SqsClient sqs;
    private static S3Client s3;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() throws Exception {
        Path directory = Files.createTempDirectory("local-cloud-test-");
        assembly = Fixtures.assemblyCopy(directory);
        Path secretsFile = Files.writeString(directory.resolve("secrets.json"),
                "{\"PartnerTokenSecret5D3E9A41\": \"from-the-file\", \"nobody/uses-this\": \"x\"}");
        cloud = LocalCloud.builder()
                .assembly(assembly)
                .secretsFile(secretsFile)
                .dynaliteCli(Fixtures.dynaliteCli())
                .console(new PrintStream(console, true, StandardCharsets.UTF_8))
                .build()
                .start();
        stack = cloud.stack();
        dynamoDb = Fixtures.dynamoDb(cloud.endpoints().dynamoDb());
        sqs = Fixtures.sqs(cloud.endpoints().sqs());
        s3 = Fixtures.s3(cloud.endpoints().s3());
        secrets = Fixtures.secretsManager(cloud.endpoints().secretsManager());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {dynamoDb, sqs, s3, secrets, cloud}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    @Test
    void writesTheEndpointsMachineReadably() throws Exception {
        JsonNode json = Json.parse(Files.readAllBytes(assembly.resolve("local-endpoints.json")));

        assertThat(json.path("stack").asText()).isEqualTo("test-channels");
        assertThat(json.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(json.path("accountId").asText()).isEqualTo("123456789012");
        for (String service : List.of("dynamodb", "sqs", "s3", "secretsmanager")) {
            assertThat(json.path(service).asText()).as(service).matches("http://127\\.0\\.0\\.1:\\d+");
        }
        assertThat(json.path("dynamodb").asText()).isEqualTo(cloud.endpoints().dynamoDb().toString());
        assertThat(json.path("queues").path("test-job-order-inbox").asText()).isEqualTo(stack.ref(INBOX));
        assertThat(json.path("tables").path("test-job-order").asText()).isEqualTo(stack.getAtt(TABLE, "StreamArn"));
        assertThat(json.path("buckets").path("JobOrderArchive058ADFA9").asText()).isEqualTo("test-job-order-archive-123456789012-eu-west-1");
        assertThat(json.path("slack").path("webhookUrl").asText()).endsWith("/services/local/channels/webhook");
        assertThat(Path.of(json.path("slack").path("log").asText())).exists();
        assertThat(json.path("apis").isObject()).as("the REST API layer fills this").isTrue();
        assertThat(json.path("sdkEnvironment").path("AWS_ENDPOINT_URL_SQS").asText()).isEqualTo(json.path("sqs").asText());
    }

    @Test
    void createsTheTemplatesTablesWithKeysIndexesAndStreams() {
        assertThat(dynamoDb.listTables().tableNames()).containsExactlyInAnyOrder("test-job-order", stack.ref("JobOrderHistoryB1E5F0C2"));

        TableDescription table = dynamoDb.describeTable(request -> request.tableName("test-job-order")).table();
        assertThat(table.keySchema()).extracting(key -> key.attributeName() + "/" + key.keyTypeAsString()).containsExactly("id/HASH");
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("by-status-updatedAt");
            assertThat(index.keySchema()).extracting(key -> key.attributeName() + "/" + key.keyTypeAsString())
                    .containsExactly("status/HASH", "updatedAt/RANGE");
        });
        assertThat(table.latestStreamArn()).isEqualTo(stack.getAtt(TABLE, "StreamArn"));

        TableDescription history = dynamoDb.describeTable(request -> request.tableName(stack.ref("JobOrderHistoryB1E5F0C2"))).table();
        assertThat(history.keySchema()).extracting(key -> key.attributeName()).containsExactly("id", "version");
        assertThat(history.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(history.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_IMAGE");
    }

    @Test
    void capturesTheStreamOfATemplateTable() {
        String streamArn = stack.getAtt(TABLE, "StreamArn");
        StreamLog streams = cloud.service(DynamoDbService.class).streamLog();
        long before = streams.latestSequence(streamArn);

        dynamoDb.putItem(request -> request.tableName("test-job-order").item(Map.of("id", AttributeValue.fromS("stream-1"),
                "status", AttributeValue.fromS("open"), "updatedAt", AttributeValue.fromS("2026-01-01T00:00:00Z"))));
        dynamoDb.updateItem(request -> request.tableName("test-job-order").key(Map.of("id", AttributeValue.fromS("stream-1")))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("filled"))));

        List<StreamRecord> records = streams.read(streamArn, before, 10);
        assertThat(records).extracting(StreamRecord::eventName).containsExactly("INSERT", "MODIFY");
        assertThat(records.get(1).toLambdaRecord().path("dynamodb").path("OldImage").path("status").path("S").asText()).isEqualTo("open");
        assertThat(records.get(1).toLambdaRecord().path("eventSourceARN").asText()).isEqualTo(streamArn);
        assertThat(records.get(1).awsRegion()).isEqualTo("eu-west-1");
    }

    @Test
    void createsQueuesWhoseUrlsAreWhatRefResolvesTo() {
        String url = sqs.getQueueUrl(request -> request.queueName("test-job-order-inbox")).queueUrl();
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributes();

        assertThat(url).isEqualTo(stack.ref(INBOX));
        assertThat(attributes.get(QueueAttributeName.QUEUE_ARN)).isEqualTo(stack.getAtt(INBOX, "Arn"));
        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("180");
        JsonNode redrive = Json.parse(attributes.get(QueueAttributeName.REDRIVE_POLICY).getBytes(StandardCharsets.UTF_8));
        assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo(stack.getAtt(DLQ, "Arn"));
        assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(3);
    }

    @Test
    void aMessageReceivedMaxReceiveCountTimesMovesToTheDeadLetterQueueIntact() {
        String inbox = stack.ref(INBOX);
        String dlq = stack.ref(DLQ);
        String body = "{\"id\":\"poison-1\",\"price\":12.50,\"name\":\"Zoë ✓\",\"tags\":[1,{\"a\":null}]}";
        sqs.sendMessage(request -> request.queueUrl(inbox).messageBody(body));

        int receives = 0;
        Optional<Message> deadLetter = Optional.empty();
        for (int attempt = 0; attempt < 10 && deadLetter.isEmpty(); attempt++) {
            List<Message> received = sqs.receiveMessage(request -> request.queueUrl(inbox).visibilityTimeout(0)
                    .waitTimeSeconds(0).maxNumberOfMessages(10)).messages();
            receives += (int) received.stream().filter(message -> message.body().equals(body)).count();
            deadLetter = sqs.receiveMessage(request -> request.queueUrl(dlq).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages().stream().findFirst();
        }

        assertThat(receives).isEqualTo(3);
        assertThat(deadLetter).isPresent();
        assertThat(deadLetter.get().body()).isEqualTo(body);
    }

    @Test
    void createsBucketsThatTakeObjectsWithoutEncryptionHeaders() {
        String archive = stack.ref("JobOrderArchive058ADFA9");

        assertThat(s3.listBuckets().buckets()).extracting(bucket -> bucket.name())
                .contains(archive, stack.ref("AccessLogBucket9A5086CA"));
        assertThat(s3.getBucketVersioning(request -> request.bucket(archive)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        s3.putObject(request -> request.bucket(archive).key("job-order/42.json"), RequestBody.fromString("{\"id\":\"42\"}"));
        assertThat(s3.getObjectAsBytes(request -> request.bucket(archive).key("job-order/42.json")).asUtf8String()).isEqualTo("{\"id\":\"42\"}");
    }

    @Test
    void servesSecretsByNameOrArnWithTheSlackWebhookPointingAtTheSink() {
        String slackArn = stack.ref("EnvironmentSlackWebhook95185EDC");
        String sink = cloud.service(SlackSink.class).webhookUrl().toString();

        assertThat(secrets.getSecretValue(request -> request.secretId(slackArn)).secretString()).isEqualTo(sink);
        assertThat(secrets.getSecretValue(request -> request.secretId("test/channels/slack-webhook")).arn()).isEqualTo(slackArn);
        assertThat(secrets.getSecretValue(request -> request.secretId("test/channels/api-token")).secretString()).isEqualTo("from-the-template");
        assertThat(secrets.getSecretValue(request -> request.secretId("test/channels/partner-token")).secretString()).isEqualTo("from-the-file");
        assertThat(secrets.describeSecret(request -> request.secretId(slackArn)).name()).isEqualTo("test/channels/slack-webhook");
        assertThatThrownBy(() -> secrets.getSecretValue(request -> request.secretId("test/channels/nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(output()).contains("names [nobody/uses-this], which is no secret of this stack");
        assertThat(output()).doesNotContain(sink.substring(sink.indexOf("/services")) + "\n  secret");
    }

    @Test
    void listsWhatIsNotEmulatedAtStart() {
        String output = output();

        assertThat(output).contains("  accepted, not emulated:\n");
        assertThat(output).containsPattern("AWS::CloudWatch::Alarm +1  alarms are not evaluated locally");
        assertThat(output).containsPattern("AWS::KMS::Key +1  no encryption at rest locally");
        assertThat(output).containsPattern("AWS::Lambda::Function +1  not run yet");
        assertThat(output).containsPattern("AWS::Pipes::Pipe +1  not in the local cloud's catalog");
        assertThat(output).contains("ProdOnlyTable4C1D2E3F (AWS::DynamoDB::Table): condition IsProd is false");
        assertThat(output).contains("TimeToLiveSpecification (dynalite does not expire items): JobOrderTable7857BD03\n");
        assertThat(output).contains("MessageRetentionPeriod (ElasticMQ keeps messages until they are deleted): "
                + "JobOrderInboxDlq7ED0581D, JobOrderInbox9156956C\n");
        assertThat(output).contains("BucketEncryption (objects are stored unencrypted; send no SSE headers): ");
        assertThat(output).containsPattern("Local cloud of test-channels ready in \\d+\\.\\d s");
    }

    private static String output() {
        return console.toString(StandardCharsets.UTF_8);
    }
}
