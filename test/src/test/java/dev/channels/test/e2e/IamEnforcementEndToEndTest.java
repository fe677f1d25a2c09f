package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.esm.EventSourceMappingService;
import dev.channels.local.iam.LocalCredentials;
import dev.channels.tools.post.PostCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * IAM enforced on the real app synthesized for env dev, from the side of the people it protects against: clients
 * with no, wrong or unknown credentials get each service's own error; a copy of the app with one permission removed
 * from a role (JobOrder's ingest role without {@code dynamodb:PutItem}, Candidate's notify role without
 * {@code kms:Decrypt} through DynamoDB) fails locally with AWS's error and loses nothing; with {@code --api-auth} an
 * {@code AWS_IAM} route refuses unsigned callers and callers without {@code execute-api:Invoke}, and
 * {@code tools post} gets through with the printed producer credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IamEnforcementEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2026-12-06T09:00:00Z";

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private LocalChannels local;
    private Path assembly;
    private Region region;

    @BeforeAll
    void startTheAppWithTwoPermissionsRemovedAndApiAuthOn(@TempDir Path directory) throws IOException {
        assembly = copyOf(LocalChannels.assembly(), directory.resolve("cdk.out"));
        Path template = assembly.resolve("dev-channels.template.json");
        ObjectNode parsed = (ObjectNode) JSON.readTree(template.toFile());
        removeAction(parsed, "JobOrderIngestRoleDefaultPolicy", "dynamodb:PutItem", Optional.empty());
        removeAction(parsed, "CandidateNotifyRoleDefaultPolicy", "kms:Decrypt", Optional.of("dynamodb.eu-west-1.amazonaws.com"));
        JSON.writerWithDefaultPrettyPrinter().writeValue(template.toFile(), parsed);
        PrintStream tee = new PrintStream(new TeeStream(System.out, console), true, StandardCharsets.UTF_8);
        local = LocalChannels.start(assembly, builder -> builder.apiAuth(true).console(tee));
        region = Region.of(local.cloud().endpoints().region());
    }

    @AfterAll
    void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void requestsWithoutAValidSignatureGetEachServicesOwnError() throws Exception {
        AwsCredentials unknown = AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN99", "secret-of-nobody-secret-of-nobody-0000");
        AwsCredentials wrongSecret = AwsBasicCredentials.create(LocalCredentials.OPERATOR_KEY_ID, "not-the-secret");
        URI dynamo = local.cloud().endpoints().dynamoDb();
        URI sqs = local.cloud().endpoints().sqs();
        URI s3 = local.cloud().endpoints().s3();
        URI secrets = local.cloud().endpoints().secretsManager();

        assertThat(dynamoError(dynamo, unknown)).containsExactly(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        assertThat(dynamoError(dynamo, wrongSecret)).containsExactly(400, "InvalidSignatureException", "The request signature we calculated "
                + "does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                + "documentation for details.");
        assertThat(sqsError(sqs, unknown)).containsExactly(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        assertThat(sqsError(sqs, wrongSecret).subList(0, 2)).containsExactly(403, "SignatureDoesNotMatch");
        assertThat(s3Error(s3, unknown)).containsExactly(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        assertThat(s3Error(s3, wrongSecret)).containsExactly(403, "SignatureDoesNotMatch", "The request signature we calculated does not "
                + "match the signature you provided. Check your key and signing method.");
        assertThat(secretsError(secrets, unknown)).containsExactly(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        assertThat(secretsError(secrets, wrongSecret).subList(0, 2)).containsExactly(400, "InvalidSignatureException");

        HttpResponse<String> unsignedDynamo = http.send(HttpRequest.newBuilder(dynamo).header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsignedDynamo.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unsignedDynamo.body()).path("__type").asText()).isEqualTo("com.amazon.coral.service#MissingAuthenticationTokenException");
        HttpResponse<String> unsignedSqs = http.send(HttpRequest.newBuilder(URI.create(sqs + "/?Action=ListQueues")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsignedSqs.statusCode()).isEqualTo(403);
        assertThat(unsignedSqs.body()).contains("<Code>MissingAuthenticationToken</Code>");
        String bucket = local.cloud().endpoints().buckets().values().iterator().next();
        HttpResponse<String> anonymousS3 = http.send(HttpRequest.newBuilder(URI.create(s3 + "/" + bucket + "/payloads/x")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymousS3.statusCode()).isEqualTo(403);
        assertThat(anonymousS3.body()).contains("<Code>AccessDenied</Code><Message>Access Denied</Message>");
    }

    @Test
    void anIngestRoleWithoutPutItemFailsWithAwsErrorAndTheObjectStaysQueued() throws Exception {
        String id = LocalChannels.newId("no-putitem");
        assertThat(post("job-order", "{\"id\":\"" + id + "\",\"status\":\"open\",\"updatedAt\":\"" + VERSION + "\"}")).isEqualTo(0);
        String denied = awaitConsole("is not authorized to perform: dynamodb:PutItem");
        assertThat(denied).matches("iam: denied User: arn:aws:sts::\\d{12}:assumed-role/[^/]+/dev-job-order-ingest is not authorized to "
                + "perform: dynamodb:PutItem on resource: arn:aws:dynamodb:eu-west-1:\\d{12}:table/dev-job-order because no "
                + "identity-based policy allows the dynamodb:PutItem action \\[.*\\]");
        // The handler's own log line: the SDK's exception carries IAM's message, as on AWS.
        LocalChannels.await("the ingest function's log with IAM's message", () -> functionLog("dev-job-order-ingest")
                .filter(log -> log.lines().anyMatch(line -> line.contains(id)
                        && line.contains("is not authorized to perform: dynamodb:PutItem on resource: "))));
        assertThat(local.item("dev-job-order", id)).isEmpty();
        List<Integer> counts = local.queueCounts("dev-job-order-inbox");
        int parked = local.approximateMessages("dev-job-order-inbox-dlq");
        assertThat(counts.get(0) + counts.get(1) + parked).as("visible, in flight or dead-lettered: not lost").isGreaterThanOrEqualTo(1);
    }

    @Test
    void aNotifyRoleWithoutKmsDecryptViaDynamoDbCannotReadTheStreamAndTheRecordsStay() throws Exception {
        String id = LocalChannels.newId("no-decrypt");
        assertThat(post("candidate", "{\"id\":\"" + id + "\",\"name\":\"Ada\",\"updatedAt\":\"" + VERSION + "\"}")).isEqualTo(0);
        local.awaitItem("dev-candidate", id, item -> true);
        String problem = awaitConsole("cannot read the stream, records kept: User: arn:aws:sts::");
        assertThat(problem).contains("assumed-role/").contains("/dev-candidate-notify is not authorized to perform: kms:Decrypt on resource: "
                + "arn:aws:kms:eu-west-1:").contains("because no identity-based policy allows the kms:Decrypt action");
        EventSourceMappingService mappings = local.cloud().service(EventSourceMappingService.class);
        String mapping = mappings.mappings().keySet().stream().filter(logicalId -> logicalId.startsWith("CandidateNotify")).findFirst().orElseThrow();
        assertThat(mappings.invocations(mapping)).isZero();
        assertThat(local.deliveredMentioning(id)).isEmpty();
    }

    @Test
    void withApiAuthAnAwsIamRouteRefusesUnsignedCallersAndCallersWithoutInvokeAndToolsPostGetsThrough() throws Exception {
        URI api = local.api("job-order");
        String body = "{\"id\":\"" + LocalChannels.newId("api-auth") + "\",\"status\":\"open\",\"updatedAt\":\"" + VERSION + "\"}";
        HttpResponse<String> unsigned = local.post(api, body);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(unsigned.body()).path("message").asText()).isEqualTo("Missing Authentication Token");

        LocalCredentials.Identity producer = local.cloud().context().iam().producer().orElseThrow();
        HttpResponse<String> wrongSecret = signedPost(api, body, AwsBasicCredentials.create(producer.secret().accessKeyId(), "wrong"));
        assertThat(wrongSecret.statusCode()).isEqualTo(403);
        assertThat(wrongSecret.headers().firstValue("x-amzn-ErrorType")).contains("InvalidSignatureException");

        // A role of the app that may not invoke the API: the ingest role's session.
        String ingestRole = local.cloud().stack().properties(local.cloud().stack().resources("AWS::Lambda::Function").stream()
                .filter(function -> function.logicalId().startsWith("JobOrderIngest")).findFirst().orElseThrow()).path("Role").asText();
        LocalCredentials.Identity session = local.cloud().context().iam().credentials().issueSession(ingestRole, "producer-test");
        HttpResponse<String> noInvoke = signedPost(api, body, AwsSessionCredentials.create(session.secret().accessKeyId(),
                session.secret().secretAccessKey(), session.secret().sessionToken().orElseThrow()));
        assertThat(noInvoke.statusCode()).isEqualTo(403);
        assertThat(noInvoke.headers().firstValue("x-amzn-ErrorType")).contains("AccessDeniedException");
        assertThat(JSON.readTree(noInvoke.body()).path("message").asText()).matches("User: arn:aws:sts::\\d{12}:assumed-role/[^/]+/producer-test "
                + "is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:eu-west-1:\\d{12}:[^/]+/v1/POST/job-order .*");

        HttpResponse<String> asProducer = signedPost(api, body, AwsBasicCredentials.create(producer.secret().accessKeyId(),
                producer.secret().secretAccessKey()));
        assertThat(asProducer.statusCode()).as(asProducer.body()).isEqualTo(200);
    }

    /** Posts with {@code tools post} and the local endpoints file, as a producer does; its exit code. */
    private int post(String route, String json) throws IOException {
        Path file = Files.createTempFile(assembly, "object", ".json");
        Files.writeString(file, json);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = PostCommand.run(new String[] {"--channel", route, "--file", file.toString(), "--local-endpoints",
                local.cloud().endpointsFile().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("HTTP 200 ");
        return exit;
    }

    private HttpResponse<String> signedPost(URI api, String body, AwsCredentials credentials) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(api)
                .putHeader("Content-Type", "application/json").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.request(request).identity(credentials)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())).request();
        HttpRequest.Builder send = HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> send.header(name, value));
            }
        });
        return http.send(send.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private List<Object> dynamoError(URI endpoint, AwsCredentials credentials) {
        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(UrlConnectionHttpClient.create()).build()) {
            return error(() -> client.listTables());
        }
    }

    private List<Object> sqsError(URI endpoint, AwsCredentials credentials) {
        try (SqsClient client = SqsClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(UrlConnectionHttpClient.create()).build()) {
            return error(() -> client.listQueues());
        }
    }

    private List<Object> s3Error(URI endpoint, AwsCredentials credentials) {
        try (S3Client client = S3Client.builder().endpointOverride(endpoint).region(region).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(UrlConnectionHttpClient.create()).build()) {
            String bucket = local.cloud().endpoints().buckets().values().iterator().next();
            return error(() -> client.listObjectsV2(r -> r.bucket(bucket)));
        }
    }

    private List<Object> secretsError(URI endpoint, AwsCredentials credentials) {
        try (SecretsManagerClient client = SecretsManagerClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(UrlConnectionHttpClient.create()).build()) {
            return error(() -> client.listSecrets());
        }
    }

    private static List<Object> error(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return List.of(e.statusCode(), e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
        }
        throw new AssertionError("the call was accepted");
    }

    private String awaitConsole(String marker) {
        return LocalChannels.await("a console line with " + marker, () -> console.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains(marker)).findFirst());
    }

    private Optional<String> functionLog(String function) {
        Path log = local.cloud().context().workDirectory().resolve("lambda").resolve(function + ".log");
        try {
            return Files.exists(log) ? Optional.of(Files.readString(log)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes one action from the statements of a role's default policy (those with {@code kms:ViaService} {@code via}, if given). */
    private static void removeAction(ObjectNode template, String policyPrefix, String action, Optional<String> via) {
        Iterator<Map.Entry<String, JsonNode>> resources = template.path("Resources").fields();
        int removed = 0;
        while (resources.hasNext()) {
            Map.Entry<String, JsonNode> resource = resources.next();
            if (!resource.getKey().startsWith(policyPrefix)) {
                continue;
            }
            for (JsonNode statement : resource.getValue().path("Properties").path("PolicyDocument").path("Statement")) {
                boolean matches = via.map(service -> statement.path("Condition").toString().contains(service)).orElse(true);
                if (matches && statement.path("Action").isArray()) {
                    ArrayNode actions = (ArrayNode) statement.path("Action");
                    for (int i = actions.size() - 1; i >= 0; i--) {
                        if (actions.get(i).asText().equals(action)) {
                            actions.remove(i);
                            removed++;
                        }
                    }
                }
            }
        }
        assertThat(removed).as(action + " removed from " + policyPrefix).isEqualTo(1);
    }

    private static Path copyOf(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.filter(p -> !p.toString().contains("local-cloud")).toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
        return target;
    }

    /** Writes to two streams: the console stays visible in the test output and is read by the test. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
