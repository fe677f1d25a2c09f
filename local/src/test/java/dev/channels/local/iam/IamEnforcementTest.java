package dev.channels.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.local.Fixtures;
import dev.channels.local.LocalCloud;
import dev.channels.local.template.ResolvedStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The deny side of every local service, through the real endpoints and the SDK, with an evaluator of the test's
 * own (the stack's policies are evaluated elsewhere): what each service answers when IAM says no to the call's own
 * action or to the key permission its encryption implies, what IAM was asked (action, resource, condition keys),
 * and the one console line per denial with the caller's text escaped.
 */
class IamEnforcementTest {
    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
    /** Denied actions on resources: "action resource-suffix". */
    private static final Set<String> DENIED = Set.of("dynamodb:PutItem", "kms:GenerateDataKey sqs", "s3:GetObject",
            "kms:Decrypt secretsmanager");
    private static final List<AccessRequest> asked = new CopyOnWriteArrayList<>();
    private static LocalCloud cloud;
    private static ResolvedStack stack;

    @BeforeAll
    static void start() throws Exception {
        Path directory = Files.createTempDirectory("iam-enforcement-test-");
        cloud = LocalCloud.builder().assembly(Fixtures.assemblyCopy(directory)).dynaliteCli(Fixtures.dynaliteCli())
                .console(new PrintStream(console, true, StandardCharsets.UTF_8))
                .evaluators((resolved, unsupported) -> IamEnforcementTest::decide)
                .build().start();
        stack = cloud.stack();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static AccessDecision decide(AccessRequest request) {
        asked.add(request);
        String via = request.context().getOrDefault("kms:ViaService", List.of("")).get(0);
        boolean denied = DENIED.contains(request.action()) || DENIED.contains(request.action() + " " + via.split("\\.")[0]);
        return new AccessDecision(denied ? AccessDecision.Outcome.IMPLICITLY_DENIED : AccessDecision.Outcome.ALLOWED, "test evaluator");
    }

    @Test
    void dynamoDbAnswersAccessDeniedExceptionWithIamsMessageAndStoresNothing() {
        String table = stack.physicalName("JobOrderTable7857BD03");
        try (DynamoDbClient dynamo = Fixtures.dynamoDb(cloud.endpoints().dynamoDb())) {
            AwsServiceException e = error(() -> dynamo.putItem(r -> r.tableName(table).item(Map.of("id", AttributeValue.fromS("JO-\u001b[31m")))));
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::123456789012:root is not authorized to perform: "
                    + "dynamodb:PutItem on resource: arn:aws:dynamodb:eu-west-1:123456789012:table/" + table
                    + " because no identity-based policy allows the dynamodb:PutItem action");
            assertThat(dynamo.getItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("JO-\u001b[31m")))).hasItem()).isFalse();
        }
        AccessRequest put = asked.stream().filter(r -> r.action().equals("dynamodb:PutItem")).findFirst().orElseThrow();
        assertThat(put.context()).containsEntry("dynamodb:LeadingKeys", List.of("JO-\u001b[31m"))
                .containsEntry("aws:SecureTransport", List.of("true"))
                .containsEntry("aws:PrincipalAccount", List.of("123456789012"));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("iam: denied User: arn:aws:iam::123456789012:root is not authorized "
                + "to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:eu-west-1:123456789012:table/" + table);
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("\u001b[31m");
    }

    @Test
    void sqsAnswersKmsAccessDeniedExceptionWhenTheQueuesKeyMayNotGenerateADataKey() {
        try (SqsClient sqs = Fixtures.sqs(cloud.endpoints().sqs())) {
            String url = sqs.getQueueUrl(r -> r.queueName(stack.physicalName("JobOrderInbox9156956C"))).queueUrl();
            AwsServiceException e = error(() -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("{}")));
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KMS.AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("User: arn:aws:iam::123456789012:root is not authorized to perform: "
                    + "kms:GenerateDataKey on resource: " + stack.getAtt("EnvironmentKeyDEA985CB", "Arn"));
            assertThat(sqs.receiveMessage(r -> r.queueUrl(url)).messages()).isEmpty();
        }
        AccessRequest generate = asked.stream().filter(r -> r.action().equals("kms:GenerateDataKey")
                && r.context().get("kms:ViaService").equals(List.of("sqs.eu-west-1.amazonaws.com"))).findFirst().orElseThrow();
        assertThat(generate.context()).containsEntry("kms:CallerAccount", List.of("123456789012"));
    }

    @Test
    void s3AnswersAccessDenied403AndAPutWithItsKeyPermissionsGoesThrough() {
        String bucket = stack.physicalName("JobOrderArchive058ADFA9");
        try (S3Client s3 = Fixtures.s3(cloud.endpoints().s3())) {
            s3.putObject(r -> r.bucket(bucket).key("payloads/a b"), RequestBody.fromString("payload"));
            AwsServiceException e = error(() -> s3.getObjectAsBytes(r -> r.bucket(bucket).key("payloads/a b")));
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::123456789012:root is not authorized to perform: "
                    + "s3:GetObject on resource: \"arn:aws:s3:::" + bucket + "/payloads/a b\" because no identity-based policy allows the "
                    + "s3:GetObject action");
            assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(o -> o.key()).containsExactly("payloads/a b");
        }
    }

    @Test
    void secretsManagerAnswersAccessToKmsIsNotAllowedWhenTheSecretsKeyMayNotDecrypt() {
        try (SecretsManagerClient secrets = Fixtures.secretsManager(cloud.endpoints().secretsManager())) {
            String arn = stack.ref("EnvironmentSlackWebhook95185EDC");
            AwsServiceException e = error(() -> secrets.getSecretValue(r -> r.secretId(arn)));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Access to KMS is not allowed");
            assertThat(secrets.describeSecret(r -> r.secretId(arn)).arn()).isEqualTo(arn);
        }
    }

    private static AwsServiceException error(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return e;
        }
        throw new AssertionError("the call was accepted");
    }
}
