package dev.channels.constructs;

import static dev.channels.constructs.TestEnvironments.logicalId;
import static dev.channels.constructs.TestEnvironments.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;

/** What a channel's POST route checks and answers: its request model, its gateway response, SQS refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RETRY_LATER = "{\"message\":\"The channel's queue did not accept the message; retry later.\"}";

    private ChannelsEnvironment environment;
    private Channel jobOrder;
    private Channel candidate;
    private Channel shift;
    private JsonNode template;
    private Template assertions;

    @BeforeAll
    void synthesize() {
        Stack stack = TestEnvironments.stack(new App(), "dev");
        environment = TestEnvironments.environment(stack, TestEnvironments.envProps("dev").build());
        // JobOrder brings its own schema; Candidate has none; Shift has indexes of every kind and a version.
        jobOrder = new Channel(stack, "JobOrder", environment, TestEnvironments.jobOrder());
        candidate = new Channel(stack, "Candidate", environment, TestEnvironments.candidate());
        shift = new Channel(stack, "Shift", environment, ChannelProps.builder()
                .name("Shift")
                .idProperty("shiftId")
                .index("status", "updatedAt")
                .index("siteId")
                .globalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                        .indexName("by-status-priority")
                        .partitionKey(Attribute.builder().name("status").type(AttributeType.STRING).build())
                        .sortKey(Attribute.builder().name("priority").type(AttributeType.NUMBER).build())
                        .build())
                .versionProperty("updatedAt")
                .build());
        assertions = Template.fromStack(stack);
        template = JSON.valueToTree(assertions.toJSON());
    }

    @Test
    void aChannelWithoutItsOwnSchemaGetsTheDefaultOneWithIndexKeysAndVersion() throws Exception {
        String timestamp = RequestSchema.TIMESTAMP_WITH_OFFSET.replace("\\", "\\\\");
        JsonNode expected = JSON.readTree("""
                {
                  "$schema": "http://json-schema.org/draft-04/schema#",
                  "title": "Shift",
                  "type": "object",
                  "required": ["shiftId", "updatedAt"],
                  "properties": {
                    "priority": {"type": "number"},
                    "shiftId": {"type": ["string", "integer"], "minLength": 1, "maxLength": 512, "pattern": "\\\\S"},
                    "siteId": {"type": "string", "minLength": 1, "maxLength": 512},
                    "status": {"type": "string", "minLength": 1, "maxLength": 512},
                    "updatedAt": {"allOf": [
                      {"type": "string", "minLength": 1, "maxLength": 256},
                      {"anyOf": [{"type": "number"}, {"type": "string", "pattern": "%s"}]}
                    ]}
                  }
                }
                """.formatted(timestamp));

        assertThat(model(shift).path("Properties").path("Schema")).isEqualTo(expected);
        assertThat(model(shift).path("Properties").path("Name").asText()).isEqualTo("ShiftRequest");
        assertThat(model(shift).path("Properties").path("ContentType").asText()).isEqualTo("application/json");
    }

    @Test
    void theVersionPatternAcceptsWhatIngestParsesAndRefusesTimestampsWithoutOffset() {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(RequestSchema.TIMESTAMP_WITH_OFFSET);
        for (String accepted : List.of("2025-11-25T09:30:00Z", "2025-11-25T09:30Z", "2025-11-25T09:30:00.123456789+01:00",
                "2025-11-25T09:30:00-05:30")) {
            assertThat(java.time.OffsetDateTime.parse(accepted)).as(accepted).isNotNull();
            assertThat(pattern.matcher(accepted).matches()).as(accepted).isTrue();
        }
        for (String refused : List.of("2025-11-25T09:30:00", "2025-11-25", "2025-11-25 09:30:00Z", "yesterday", "")) {
            assertThat(pattern.matcher(refused).matches()).as(refused).isFalse();
        }
    }

    @Test
    void aChannelWithoutIndexesOrVersionNeedsAnObjectWithANonEmptyId() throws Exception {
        assertThat(model(candidate).path("Properties").path("Schema")).isEqualTo(JSON.readTree("""
                {
                  "$schema": "http://json-schema.org/draft-04/schema#",
                  "title": "Candidate",
                  "type": "object",
                  "required": ["id"],
                  "properties": {"id": {"type": ["string", "integer"], "minLength": 1, "maxLength": 512, "pattern": "\\\\S"}}
                }
                """));
    }

    @Test
    void aChannelsOwnSchemaIsCombinedWithTheDefaultOneSoItCannotWeakenIt() throws Exception {
        JsonNode schema = model(jobOrder).path("Properties").path("Schema");

        assertThat(schema).isEqualTo(JSON.readTree("""
                {
                  "$schema": "http://json-schema.org/draft-04/schema#",
                  "title": "JobOrder",
                  "allOf": [
                    {
                      "type": "object",
                      "required": ["id"],
                      "properties": {
                        "id": {"type": ["string", "integer"], "minLength": 1, "maxLength": 512, "pattern": "\\\\S"},
                        "status": {"type": "string", "minLength": 1, "maxLength": 512},
                        "updatedAt": {"type": "string", "minLength": 1, "maxLength": 256}
                      }
                    },
                    {
                      "type": "object",
                      "required": ["id"],
                      "properties": {"id": {"type": "string", "minLength": 1}}
                    }
                  ]
                }
                """));
    }

    @Test
    void aChannelsOwnDefinitionsMoveToTheRootSoItsReferencesResolve() {
        JsonSchema own = JsonSchema.builder()
                .type(JsonSchemaType.OBJECT)
                .definitions(Map.of("money", JsonSchema.builder().type(JsonSchemaType.NUMBER).minimum(0).build()))
                .properties(Map.of("rate", JsonSchema.builder().ref("#/definitions/money").build()))
                .build();
        Stack stack = TestEnvironments.stack(new App(), "dev");
        ChannelsEnvironment env = TestEnvironments.environment(stack, TestEnvironments.envProps("dev").build());
        Channel rated = new Channel(stack, "Rate", env, ChannelProps.builder().name("Rate").requestSchema(own).build());
        JsonNode schema = JSON.<JsonNode>valueToTree(Template.fromStack(stack).toJSON()).path("Resources")
                .path(logicalId(rated.getNode().findChild("RequestModel"))).path("Properties").path("Schema");

        assertThat(schema.path("definitions").path("money").path("type").asText()).isEqualTo("number");
        assertThat(schema.path("allOf").get(1).path("properties").path("rate").path("$ref").asText())
                .isEqualTo("#/definitions/money");
    }

    @Test
    void everyRouteValidatesItsBodyAgainstItsModel() {
        for (Channel channel : List.of(jobOrder, candidate, shift)) {
            assertions.hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                    "ResourceId", ref(channel.route()),
                    "RequestValidatorId", ref(environment.requestValidator()),
                    "RequestModels", Map.of("application/json", ref(channel.getNode().findChild("RequestModel")))));
        }
        assertions.resourceCountIs("AWS::ApiGateway::Model", 3);
        assertions.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of(
                "ValidateRequestBody", true, "ValidateRequestParameters", true));
    }

    @Test
    void aRefusedBodyIs400NamingWhatTheValidatorFound() {
        assertions.resourceCountIs("AWS::ApiGateway::GatewayResponse", 1);
        assertions.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                "RestApiId", ref(environment.api()),
                "ResponseType", "BAD_REQUEST_BODY",
                "StatusCode", "400",
                "ResponseTemplates", Map.of("application/json",
                        "{\"message\":\"$context.error.message: $context.error.validationErrorString\"}")));
        assertThat(logicalId(environment.badRequestBody())).startsWith("EnvironmentApiBadRequestBody");
    }

    @Test
    void neverAnswers2xxUnlessSqsDidAndTellsTheProducersFaultsApart() {
        assertions.hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                "ResourceId", ref(jobOrder.route()),
                "MethodResponses", List.of(Map.of("StatusCode", "200"), Map.of("StatusCode", "400"),
                        Map.of("StatusCode", "413"), Map.of("StatusCode", "500")),
                "Integration", Match.objectLike(Map.of("IntegrationResponses", List.of(
                        Map.of("SelectionPattern", "2\\d{2}",
                                "StatusCode", "200",
                                "ResponseTemplates", Map.of("application/json", "{\"messageId\":\"$input.path("
                                        + "'$.SendMessageResponse.SendMessageResult.MessageId')\"}")),
                        // SQS answers a body over the queue's size with 400 InvalidParameterValue, "Reason: Message
                        // must be shorter than N bytes.", and characters outside its set with 400
                        // InvalidMessageContents; any other 4xx is our misconfiguration: 500, retry.
                        Map.of("SelectionPattern", "4\\d{2}",
                                "StatusCode", "500",
                                "ResponseTemplates", Map.of("application/json", String.join("\n",
                                        "#if($input.body.contains(\"must be shorter than\"))",
                                        "#set($context.responseOverride.status = 413)",
                                        "{\"message\":\"The body is larger than the channel accepts: at most 1048576 "
                                                + "bytes. Send a smaller object; retrying this one fails again.\"}",
                                        "#else",
                                        "#if($input.body.contains(\"InvalidMessageContents\"))",
                                        "#set($context.responseOverride.status = 400)",
                                        "{\"message\":\"The body contains characters SQS does not accept (allowed: "
                                                + "U+0009, U+000A, U+000D, U+0020 to U+D7FF, U+E000 to U+FFFD, U+10000 to "
                                                + "U+10FFFF). Remove them; retrying this body fails again.\"}",
                                        "#else",
                                        "#set($context.responseOverride.status = 500)",
                                        RETRY_LATER,
                                        "#end",
                                        "#end"))),
                        // The default response (no selection pattern) catches every other SQS status.
                        Map.of("StatusCode", "500",
                                "ResponseTemplates", Map.of("application/json", RETRY_LATER)))))));
    }

    private JsonNode model(Channel channel) {
        return template.path("Resources").path(logicalId(channel.getNode().findChild("RequestModel")));
    }
}
