package dev.channels.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.Fixtures;
import dev.channels.local.LocalCloud;
import dev.channels.local.dynamodb.DynamoDbService;
import dev.channels.local.dynamodb.StreamLog;
import dev.channels.local.dynamodb.StreamRecord;
import dev.channels.local.json.Json;
import dev.channels.local.lambda.LambdaFixtures;
import dev.channels.support.poll.Poll;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The fixture's two mappings (SQS inbox -> ingest, table stream -> notify) against real function JVMs. */
class EventSourceMappingTest {
    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private static Path output;
    private static LocalCloud cloud;
    private static SqsClient sqs;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() throws Exception {
        Path directory = Files.createTempDirectory("esm-test-");
        output = Files.createDirectories(directory.resolve("output"));
        cloud = LambdaFixtures.start(LambdaFixtures.assembly(directory), output, console);
        sqs = Fixtures.sqs(cloud.endpoints().sqs());
        dynamoDb = Fixtures.dynamoDb(cloud.endpoints().dynamoDb());
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    private static String queueUrl(String name) {
        return cloud.endpoints().queues().get(name);
    }

    /** Receives from a queue (bounded) until {@code count} messages were seen; deletes them. */
    private static List<Message> drain(String queue, int count, Duration limit) {
        List<Message> seen = new ArrayList<>();
        Poll.until(count + " message(s) in " + queue, limit, () -> {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl(queue)).waitTimeSeconds(1).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.ALL)).messages();
            for (Message message : messages) {
                seen.add(message);
                sqs.deleteMessage(r -> r.queueUrl(queueUrl(queue)).receiptHandle(message.receiptHandle()));
            }
            return seen.size() >= count;
        });
        return seen;
    }

    private static int messagesIn(String queue) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl(queue)).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void sqsPartialBatchFailureDeletesOnlySuccessesAndThePoisonMessageEndsInTheDlqIntact() {
        String poison = "{\"id\":\"poison-1\",\"note\":\"ünïcode stays\",\"n\":12345678901234567890}";
        List<String> bodies = List.of("m1", "m2", "m3", "m4");
        for (String body : bodies) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl("lt-inbox")).messageBody(body));
        }
        sqs.sendMessage(r -> r.queueUrl(queueUrl("lt-inbox")).messageBody(poison));

        // maxReceiveCount is 3: after its third failed receive ElasticMQ moves the message to the DLQ.
        List<Message> dead = drain("lt-inbox-dlq", 1, Duration.ofSeconds(90));
        assertThat(dead).extracting(Message::body).containsExactly(poison);

        // Every neighbour was processed and deleted: none is left in the inbox, none reached the DLQ (an
        // undeleted one would come back after the visibility timeout and end there after 3 receives).
        Poll.until("the inbox to be empty", Duration.ofSeconds(60), () -> messagesIn("lt-inbox") == 0);
        assertThat(messagesIn("lt-inbox-dlq")).isZero();
        List<String> lines = LambdaFixtures.lines(output, "lt-ingest");
        for (String body : bodies) {
            // at least once: a batch that outlives the visibility timeout (a cold start) may be delivered twice, as on AWS
            assertThat(lines).filteredOn(line -> line.startsWith("ok " + body + " ")).isNotEmpty();
        }
        assertThat(lines).filteredOn(line -> line.startsWith("failed " + poison)).extracting(line -> line.substring(line.lastIndexOf(' ') + 1))
                .containsExactly("1", "2", "3");
        String ok = lines.stream().filter(line -> line.startsWith("ok m1 ")).findFirst().orElseThrow();
        assertThat(ok).contains(" aws:sqs arn:aws:sqs:eu-west-1:123456789012:lt-inbox ")
                .contains("[attributes, awsRegion, body, eventSource, eventSourceARN, md5OfBody, messageAttributes, messageId, receiptHandle]")
                .contains("ApproximateFirstReceiveTimestamp").contains("SentTimestamp");
    }

    @Test
    void streamMappingDeliversInOrderSkipsFilteredRecordsBisectsAndRecordsThePoisonBatch() {
        put("a", Map.of("v", AttributeValue.fromN("1")));
        put("a", Map.of("v", AttributeValue.fromN("2")));
        put("b", Map.of("v", AttributeValue.fromN("1")));
        put("p", Map.of("poison", AttributeValue.fromBool(true)));
        put("c", Map.of("v", AttributeValue.fromN("1")));
        dynamoDb.deleteItem(r -> r.tableName("lt-orders").key(Map.of("id", AttributeValue.fromS("b"))));

        String streamArn = cloud.stack().getAtt("OrdersTable", "StreamArn");
        StreamLog log = cloud.service(DynamoDbService.class).streamLog();
        EventSourceMappingService mappings = cloud.service(EventSourceMappingService.class);
        long latest = log.latestSequence(streamArn);
        // The last record is the REMOVE the filter drops: the checkpoint passes it all the same.
        Poll.until("the stream mapping to pass every record", Duration.ofSeconds(90),
                () -> mappings.streamCheckpoint("StreamSource") >= latest);

        List<String> delivered = LambdaFixtures.lines(output, "lt-notify").stream()
                .map(line -> line.split(" ")[0] + " " + line.split(" ")[1]).toList();
        assertThat(delivered).containsExactly("INSERT a", "MODIFY a", "INSERT b", "INSERT c");

        List<StreamRecord> records = log.read(streamArn, StreamLog.TRIM_HORIZON, 100);
        StreamRecord poison = records.stream().filter(r -> r.keys().path("id").path("S").asText().equals("p")).findFirst().orElseThrow();
        List<Message> failures = drain("lt-notify-dlq", 1, Duration.ofSeconds(30));
        JsonNode record = Json.parse(failures.get(0).body().getBytes(StandardCharsets.UTF_8));
        assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(record.path("requestContext").path("functionArn").asText())
                .isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:lt-notify:live");
        // MaximumRetryAttempts 1: the poison record alone was tried twice (splits are not retries)
        assertThat(record.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(2);
        assertThat(record.path("requestContext").path("requestId").asText()).isNotEmpty();
        assertThat(record.path("responseContext").path("statusCode").asInt()).isEqualTo(200);
        assertThat(record.path("responseContext").path("executedVersion").asText()).isEqualTo("1");
        assertThat(record.path("responseContext").path("functionError").asText()).isEqualTo("Unhandled");
        assertThat(record.path("version").asText()).isEqualTo("1.0");
        assertThat(record.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        JsonNode info = record.path("DDBStreamBatchInfo");
        assertThat(info.path("shardId").asText()).startsWith("shardId-");
        assertThat(info.path("startSequenceNumber").asText()).isEqualTo(poison.sequenceNumberText());
        assertThat(info.path("endSequenceNumber").asText()).isEqualTo(poison.sequenceNumberText());
        assertThat(info.path("batchSize").asInt()).isEqualTo(1);
        assertThat(info.path("streamArn").asText()).isEqualTo(streamArn);
        assertThat(info.path("approximateArrivalOfFirstRecord").asText()).endsWith("Z");
        assertThat(info.path("approximateArrivalOfLastRecord").asText()).endsWith("Z");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("esm StreamSource: 1 record(s)").contains("RetryAttemptsExhausted");
    }

    private static void put(String id, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(attributes);
        item.put("id", AttributeValue.fromS(id));
        dynamoDb.putItem(r -> r.tableName("lt-orders").item(item));
    }
}
