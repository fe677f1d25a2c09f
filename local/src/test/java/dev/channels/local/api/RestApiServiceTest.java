package dev.channels.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.Fixtures;
import dev.channels.local.assembly.CloudAssembly;
import dev.channels.local.assembly.StackArtifact;
import dev.channels.local.catalog.Emulation;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.json.Json;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.MetricsSink;
import dev.channels.local.sqs.SqsService;
import dev.channels.local.template.LocalAddresses;
import dev.channels.local.template.PseudoParameters;
import dev.channels.local.template.ResolveException;
import dev.channels.local.template.ResolvedStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The REST API of a small fixture template (the Channel construct's POST method as the real app synthesizes it,
 * which {@code test/.../LocalApiFixtureTest} checks, on three routes) against ElasticMQ started here, called over
 * HTTP as a producer would.
 */
class RestApiServiceTest {
    private static final String JOB_ORDER_QUEUE = "api-job-order-inbox";
    private static final String CANDIDATE_QUEUE = "api-candidate-inbox";
    private static final String GONE_QUEUE = "api-gone-inbox";

    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static SqsService sqsService;
    private static RestApiService api;
    private static SqsClient sqs;
    private static ResolvedStack stack;
    private static Inventory inventory;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        StackArtifact artifact = artifact(assembly());
        sqsService = new SqsService(PseudoParameters.of(artifact.account(), artifact.region(), artifact.stackName()));
        sqsService.start();
        stack = stack(artifact, sqsService.endpoint());
        inventory = inventory(stack);
        sqsService.provision(stack, inventory);
        api = new RestApiService(sqsService::endpoint, new PrintStream(console, true, StandardCharsets.UTF_8));
        api.start();
        api.provision(stack, inventory);
        base = api.stageUrl("EnvironmentApiD8145510");
        sqs = Fixtures.sqs(sqsService.endpoint());
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
        }
        if (api != null) {
            api.close();
        }
        if (sqsService != null) {
            sqsService.close();
        }
    }

    /** Which requests reach a method: stages, paths and methods; the routes in local-endpoints.json. */
    @Nested
    class Routing {
        @Test
        void unknownPathsMethodsAndStagesGetMissingAuthenticationToken() throws Exception {
            URI server = URI.create(base.toString().substring(0, base.toString().lastIndexOf('/')));
            List<HttpRequest> requests = List.of(
                    HttpRequest.newBuilder(URI.create(base + "/nope")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpRequest.newBuilder(URI.create(base + "/job-order")).GET().build(),
                    HttpRequest.newBuilder(URI.create(base + "/job-order/x")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpRequest.newBuilder(URI.create(server + "/v2/job-order")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpRequest.newBuilder(URI.create(server + "/job-order")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpRequest.newBuilder(URI.create(base.toString())).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            for (HttpRequest request : requests) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(request.uri().toString()).isEqualTo(403);
                assertThat(json(response)).isEqualTo(Json.MAPPER.readTree("{\"message\":\"Missing Authentication Token\"}"));
                assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
            }
        }

        @Test
        void describesOneBaseUrlPerChannelRouteAndNotesWhatIsNotEmulated() {
            LocalEndpoints.Builder builder = LocalEndpoints.builder("api-channels", "eu-west-1", "123456789012");
            api.describe(builder);
            Map<String, URI> apis = builder.build().apis();

            assertThat(apis).containsOnlyKeys("job-order", "candidate", "gone");
            assertThat(apis.get("job-order").toString()).matches("http://127\\.0\\.0\\.1:\\d+/v1/job-order");
            assertThat(inventory.notes()).extracting(Inventory.Note::text)
                    .anyMatch(text -> text.startsWith("AuthorizationType AWS_IAM (checked only with --api-auth"))
                    .anyMatch(text -> text.startsWith("MethodSettings"));
            assertThat(RestApiService.catalogRows(ResourceCatalog.defaults())).extracting(row -> row.type())
                    .containsExactlyInAnyOrder("AWS::ApiGateway::RestApi", "AWS::ApiGateway::Resource", "AWS::ApiGateway::Method",
                            "AWS::ApiGateway::Model", "AWS::ApiGateway::RequestValidator", "AWS::ApiGateway::Deployment",
                            "AWS::ApiGateway::Stage", "AWS::ApiGateway::GatewayResponse");
            ResourceCatalog catalog = RestApiService.catalog(ResourceCatalog.defaults());
            assertThat(api.resourceTypes()).allSatisfy(type -> assertThat(catalog.emulation(type)).isEqualTo(Emulation.EMULATED));
            assertThat(catalog.emulation("AWS::ApiGateway::Account")).isEqualTo(Emulation.ACCEPTED_NOT_EMULATED);
        }
    }

    /** The method's request validator: body against the model, required headers and query strings. */
    @Nested
    class Validation {
        @Test
        void aSchemaInvalidBodyIs400NamingWhatIsWrongAndNotQueued() throws Exception {
            Map<String, String> expected = Map.of(
                    "{}", "[$: required property 'id' not found]",
                    "{\"id\": \"\"}", "[$.id: must be at least 1 characters long]",
                    "{\"id\": 7}", "[$.id: integer found, string expected]",
                    "{\"id\": \"x\", \"amount\": 0}", "[$.amount: must have a minimum value of 0]",
                    "[1,2]", "[$: array found, object expected]",
                    "null", "[$: null found, object expected]",
                    "\"x\"", "[$: string found, object expected]");
            for (Map.Entry<String, String> invalid : expected.entrySet()) {
                HttpResponse<String> response = post("/job-order", "application/json", invalid.getKey());
                assertThat(response.statusCode()).as(invalid.getKey()).isEqualTo(400);
                assertThat(json(response)).as(invalid.getKey()).isEqualTo(Json.object()
                        .put("message", "Invalid request body: " + invalid.getValue()));
                assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("BadRequestException");
            }
            assertThat(receive(JOB_ORDER_QUEUE)).isEmpty();
        }

        @Test
        void aBodyThatIsNotJsonIs400SayingWhereAndNotQueued() throws Exception {
            for (String malformed : List.of("{\"id\": \"x\"", "{\"id\": \"x\"} trailing", "id=x", "{not json", "{'id': 'x'}")) {
                HttpResponse<String> response = post("/job-order", "application/json", malformed);
                assertThat(response.statusCode()).as(malformed).isEqualTo(400);
                assertThat(json(response).path("message").asText()).as(malformed).startsWith("Invalid request body: [Invalid JSON: ")
                        .containsPattern("\\(line 1, column \\d+\\)]$");
            }
            assertThat(receive(JOB_ORDER_QUEUE)).isEmpty();
        }

        @Test
        void theDefaultSchemaTakesAStringOrIntegerIdAndNamesWhatIsWrong() throws Exception {
            Map<String, String> expected = Map.of(
                    "{\"id\": \"\"}", "[$.id: does not match the regex pattern \\S, $.id: must be at least 1 characters long]",
                    "{\"id\": \" \\t\"}", "[$.id: does not match the regex pattern \\S]",
                    "{\"id\": 7.5}", "[$.id: number found, [string, integer] expected]",
                    "{\"id\": \"" + "x".repeat(513) + "\"}", "[$.id: must be at most 512 characters long]");
            for (Map.Entry<String, String> invalid : expected.entrySet()) {
                HttpResponse<String> response = post("/candidate", "application/json", invalid.getKey());
                assertThat(response.statusCode()).as(invalid.getKey()).isEqualTo(400);
                assertThat(json(response).path("message").asText()).as(invalid.getKey())
                        .isEqualTo("Invalid request body: " + invalid.getValue());
            }
            assertThat(receive(CANDIDATE_QUEUE)).isEmpty();
            for (String valid : List.of("{\"id\": 42}", "{\"id\": \"" + "ü".repeat(512) + "\"}")) {
                assertThat(post("/candidate", "application/json", valid).statusCode()).as(valid).isEqualTo(200);
                assertThat(receive(CANDIDATE_QUEUE)).singleElement().extracting(Message::body).isEqualTo(valid);
            }
        }

        @Test
        void anEmptyBodyIsValidatedAsAnEmptyObjectAsApiGatewayDoes() throws Exception {
            for (String path : List.of("/job-order", "/candidate")) {
                HttpResponse<String> response = post(path, "application/json", "");
                assertThat(response.statusCode()).as(path).isEqualTo(400);
                assertThat(json(response).path("message").asText()).isEqualTo("Invalid request body: [$: required property 'id' not found]");
            }
            assertThat(receive(JOB_ORDER_QUEUE)).isEmpty();
            assertThat(receive(CANDIDATE_QUEUE)).isEmpty();
        }

        @Test
        void withoutAGatewayResponseARefusedBodyGetsApiGatewaysDefaultMessage() throws Exception {
            Path directory = copyOfAssembly();
            Path templateFile = directory.resolve("api-channels.template.json");
            ObjectNode template = (ObjectNode) Json.parse(Files.readAllBytes(templateFile));
            ((ObjectNode) template.path("Resources")).remove("EnvironmentApiBadRequestBody7C3B8E2A");
            Files.write(templateFile, Json.bytes(template));
            ResolvedStack plain = stack(artifact(directory), sqsService.endpoint());
            try (RestApiService service = new RestApiService(sqsService::endpoint, new PrintStream(console))) {
                service.provision(plain, inventory(plain));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.stageUrl("EnvironmentApiD8145510")
                        + "/candidate")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[1,2]")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(json(response)).isEqualTo(Json.object().put("message", "Invalid request body"));
            }
            assertThat(receive(CANDIDATE_QUEUE)).isEmpty();
        }

        @Test
        void eachRequestPutsApiGatewaysMetricsByApiStageAndRoute() throws Exception {
            List<String> datapoints = new java.util.concurrent.CopyOnWriteArrayList<>();
            MetricsSink sink = (namespace, name, dimensions, value, unit) -> datapoints.add(namespace + " " + name + " "
                    + new java.util.TreeMap<>(dimensions) + " " + (name.equals("Latency") ? "ms" : Double.toString(value)));
            try (RestApiService service = new RestApiService(sqsService::endpoint, new PrintStream(console), sink)) {
                service.provision(stack, inventory(stack));
                URI stage = service.stageUrl("EnvironmentApiD8145510");
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(stage + "/candidate"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[1,2]")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(400);
            }
            String route = "{ApiName=" + apiName() + ", Method=POST, Resource=/candidate, Stage=v1}";
            assertThat(datapoints).contains("AWS/ApiGateway Count " + route + " 1.0", "AWS/ApiGateway 4XXError " + route + " 1.0",
                    "AWS/ApiGateway 5XXError " + route + " 0.0", "AWS/ApiGateway Latency " + route + " ms",
                    "AWS/ApiGateway Count {ApiName=" + apiName() + ", Stage=v1} 1.0", "AWS/ApiGateway Count {ApiName=" + apiName() + "} 1.0");
            assertThat(datapoints).hasSize(12);
        }

        @Test
        void requiredHeadersAndQueryStringsAreValidated() throws Exception {
            ResolvedStack changed = changedStack("CandidatePost", method -> method.with("RequestParameters")
                    .put("method.request.header.X-Producer", true).put("method.request.querystring.source", true)
                    .put("method.request.querystring.optional", false), sqsService.endpoint());
            try (RestApiService service = new RestApiService(sqsService::endpoint, new PrintStream(console))) {
                service.provision(changed, inventory(changed));
                URI candidate = URI.create(service.stageUrl("EnvironmentApiD8145510") + "/candidate");
                HttpResponse<String> missing = http.send(HttpRequest.newBuilder(candidate).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(missing.statusCode()).isEqualTo(400);
                assertThat(json(missing).path("message").asText()).isEqualTo("Missing required request parameters: [X-Producer, source]");
                assertThat(receive(CANDIDATE_QUEUE)).isEmpty();

                HttpResponse<String> complete = http.send(HttpRequest.newBuilder(URI.create(candidate + "?source=test"))
                        .header("Content-Type", "application/json").header("x-producer", "p")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(complete.statusCode()).isEqualTo(200);
                assertThat(receive(CANDIDATE_QUEUE)).singleElement().extracting(Message::body).isEqualTo("{\"id\":\"x\"}");
            }
        }
    }

    /** The SQS integration: request templates, SQS's answers and refusals, and the integration responses. */
    @Nested
    class SqsIntegration {
        @Test
        void aValidBodyIsQueuedByteExactAndAnsweredWithItsMessageId() throws Exception {
            String body = "{\"id\": \"jö-1 😀 \\u00e9\",\n  \"amount\": 123456789012345678901234567890.12345678901234567890,"
                    + " \"big\": 98765432109876543210987654321, \"text\": \"a+b&c=d %20 ü\"}";

            HttpResponse<String> response = post("/job-order", "application/json", body);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
            String messageId = Json.parse(response.body().getBytes(StandardCharsets.UTF_8)).path("messageId").asText();
            assertThat(messageId).isNotBlank();
            List<Message> messages = receive(JOB_ORDER_QUEUE);
            assertThat(messages).singleElement().satisfies(message -> {
                assertThat(message.body()).isEqualTo(body);
                assertThat(message.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
                assertThat(message.messageId()).isEqualTo(messageId);
            });
        }

        @Test
        void aContentTypeWithCharsetUsesTheJsonTemplateAndModel() throws Exception {
            assertThat(post("/job-order", "application/json; charset=utf-8", "{\"id\":\"x\"}").statusCode()).isEqualTo(200);
            assertThat(receive(JOB_ORDER_QUEUE)).singleElement().extracting(Message::body).isEqualTo("{\"id\":\"x\"}");
            assertThat(post("/job-order", "Application/JSON; charset=utf-8", "{}").statusCode()).isEqualTo(400);
        }

        @Test
        void charactersSqsDoesNotAcceptAre400FromTheIntegrationResponseAndNotQueued() throws Exception {
            for (String refused : List.of("\uFFFE", "\uFFFF")) {
                String body = "{\"id\":\"x\",\"note\":\"a" + refused + "b\"}";
                HttpResponse<String> response = post("/candidate", "application/json", body);

                assertThat(response.statusCode()).as(Integer.toHexString(refused.charAt(0))).isEqualTo(400);
                assertThat(json(response).path("message").asText()).startsWith("The body contains characters SQS does not accept");
            }
            assertThat(receive(CANDIDATE_QUEUE)).isEmpty();
        }

        @Test
        void sqsRefusesSuchCharactersWithItsOwnErrorCodeAndMessage() throws Exception {
            String url = sqs.getQueueUrl(request -> request.queueName(CANDIDATE_QUEUE)).queueUrl();

            SqsQueryIntegration.Answer answer = new SqsQueryIntegration().send(URI.create(url),
                    "application/x-www-form-urlencoded", "Action=SendMessage&MessageBody=a%EF%BF%BEb", 1_048_576);

            assertThat(answer.status()).isEqualTo(400);
            JsonNode error = Json.parse(answer.body().getBytes(StandardCharsets.UTF_8)).path("Error");
            assertThat(error.path("Code").asText()).isEqualTo("InvalidMessageContents");
            assertThat(error.path("Message").asText()).isEqualTo("Invalid binary character '#xFFFE' was found in the message "
                    + "body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
            assertThat(error.path("Type").asText()).isEqualTo("Sender");
            assertThat(receive(CANDIDATE_QUEUE)).isEmpty();
        }

        @Test
        void aJsonEscapeOfSuchACharacterIsPlainTextToSqsAndQueued() throws Exception {
            String body = "{\"id\":\"x\",\"note\":\"a\\uFFFEb\"}";

            assertThat(post("/candidate", "application/json", body).statusCode()).isEqualTo(200);
            assertThat(receive(CANDIDATE_QUEUE)).singleElement().extracting(Message::body).isEqualTo(body);
        }

        @Test
        void aContentTypeWithoutTemplateIs415UnderPassthroughNever() throws Exception {
            HttpResponse<String> response = post("/candidate", "text/plain", "{\"id\":\"x\"}");

            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(json(response).path("message").asText()).isEqualTo("Unsupported Media Type");
            assertThat(receive(CANDIDATE_QUEUE)).isEmpty();
        }

        @Test
        void aBodyOverTheQueuesMaximumMessageSizeIs413() throws Exception {
            String big = "{\"id\":\"x\",\"data\":\"" + "x".repeat(1_100_000) + "\"}";

            HttpResponse<String> response = post("/candidate", "application/json", big);

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(json(response).path("message").asText()).startsWith("The body is larger than the channel accepts: at most 1048576 bytes.");
            assertThat(receive(CANDIDATE_QUEUE)).isEmpty();
        }

        @Test
        void aQueueThatIsGoneIs500NeverSuccess() throws Exception {
            String url = sqs.getQueueUrl(request -> request.queueName(GONE_QUEUE)).queueUrl();
            sqs.deleteQueue(request -> request.queueUrl(url));

            HttpResponse<String> response = post("/gone", "application/json", "{\"id\":\"x\"}");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(json(response).path("message").asText()).isEqualTo("The channel's queue did not accept the message; retry later.");
        }

        @Test
        void sqsUnreachableIs500() throws Exception {
            URI closed = URI.create("http://127.0.0.1:" + dev.channels.local.http.LoopbackPorts.free());
            StackArtifact artifact = artifact(assembly());
            ResolvedStack unreachable = stack(artifact, closed);
            try (RestApiService service = new RestApiService(() -> closed, new PrintStream(console, true, StandardCharsets.UTF_8))) {
                service.provision(unreachable, inventory(unreachable));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.stageUrl("EnvironmentApiD8145510")
                        + "/candidate")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(500);
                assertThat(json(response).path("message").asText()).isEqualTo("Internal server error");
            }
        }
    }

    /** What the template asks for that is not emulated fails start, naming where. */
    @Nested
    class StartUp {
        @Test
        void unsupportedTemplateFormsFailAtStartWithTheirPath() throws Exception {
            assertStartFails(method -> method.with("Integration").with("RequestTemplates").put("application/json",
                    "Action=SendMessage&MessageBody=$util.urlEncode($input.params('id'))"),
                    "JobOrderPost.Properties.Integration.RequestTemplates['application/json']: not supported locally at line 1");
            assertStartFails(method -> ((ObjectNode) method.with("Integration").withArray("IntegrationResponses").get(0))
                    .with("ResponseTemplates").put("application/json", "#parse('other.vm')"),
                    "JobOrderPost.Properties.Integration.IntegrationResponses[0].ResponseTemplates['application/json']");
            assertStartFails(method -> method.with("Integration").with("RequestTemplates").put("application/json",
                    "Action=ReceiveMessage"), "only Action=SendMessage");
            assertStartFails(method -> method.with("Integration").put("Type", "AWS_PROXY"), "JobOrderPost.Properties.Integration.Type");
            assertStartFails(method -> method.put("AuthorizationType", "COGNITO_USER_POOLS"), "JobOrderPost.Properties.AuthorizationType");
        }

        @Test
        void gatewayResponseVariablesOutsideTheSupportedOnesFailStart() throws Exception {
            for (String variable : List.of("$stageVariables.producer", "$context.error.nope", "$context.identity.userArn")) {
                ResolvedStack changed = changedStack("EnvironmentApiBadRequestBody7C3B8E2A", response -> response.with("ResponseTemplates")
                        .put("application/json", "{\"message\":\"" + variable + "\"}"), URI.create("http://127.0.0.1:9"));
                try (RestApiService service = new RestApiService(() -> URI.create("http://127.0.0.1:9"), new PrintStream(console))) {
                    assertThatThrownBy(() -> service.provision(changed, inventory(changed))).isInstanceOf(ResolveException.class)
                            .hasMessageContaining("EnvironmentApiBadRequestBody7C3B8E2A.Properties.ResponseTemplates['application/json']")
                            .hasMessageContaining(variable + " is not supported locally");
                }
            }
        }
    }

    private static void assertStartFails(Consumer<ObjectNode> change, String message) throws Exception {
        ResolvedStack changed = changedStack("JobOrderPost", change, URI.create("http://127.0.0.1:9"));
        try (RestApiService service = new RestApiService(() -> URI.create("http://127.0.0.1:9"), new PrintStream(console))) {
            assertThatThrownBy(() -> service.provision(changed, inventory(changed)))
                    .isInstanceOf(ResolveException.class).hasMessageContaining(message);
        }
    }

    /** The fixture with one method's properties changed. */
    private static ResolvedStack changedStack(String method, Consumer<ObjectNode> change, URI sqsEndpoint) throws Exception {
        Path directory = copyOfAssembly();
        Path templateFile = directory.resolve("api-channels.template.json");
        ObjectNode template = (ObjectNode) Json.parse(Files.readAllBytes(templateFile));
        change.accept((ObjectNode) template.path("Resources").path(method).path("Properties"));
        Files.write(templateFile, Json.bytes(template));
        return stack(artifact(directory), sqsEndpoint);
    }

    private static Path copyOfAssembly() throws Exception {
        Path directory = Files.createTempDirectory("api-assembly-");
        for (String file : List.of("manifest.json", "api-channels.template.json")) {
            Files.copy(assembly().resolve(file), directory.resolve(file));
        }
        return directory;
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Everything in the queue, deleted as read; a bounded wait (1 s long poll) when it is empty. */
    private static List<Message> receive(String queueName) {
        String url = sqs.getQueueUrl(request -> request.queueName(queueName)).queueUrl();
        List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        messages.forEach(message -> sqs.deleteMessage(request -> request.queueUrl(url).receiptHandle(message.receiptHandle())));
        return messages;
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    private static Path assembly() {
        return Fixtures.assembly("api");
    }

    private static StackArtifact artifact(Path assembly) {
        return CloudAssembly.read(assembly).stack(Optional.empty(), Optional.empty());
    }

    private static ResolvedStack stack(StackArtifact artifact, URI sqsEndpoint) {
        return ResolvedStack.of(artifact, RestApiService.catalog(ResourceCatalog.defaults()), LocalAddresses.of(sqsEndpoint), Map.of());
    }

    private static Inventory inventory(ResolvedStack stack) {
        return Inventory.of(stack.stackName(), stack.template().resources().values(), stack.catalog(), stack.intrinsics());
    }

    /** The REST API's name, as the template gives it. */
    private static String apiName() {
        return stack.properties(stack.resource("EnvironmentApiD8145510")).path("Name").asText();
    }
}
