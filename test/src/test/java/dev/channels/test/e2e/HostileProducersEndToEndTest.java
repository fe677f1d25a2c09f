package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.app.ChannelsApp;
import dev.channels.constructs.ChannelProps;
import dev.channels.constructs.Naming;
import dev.channels.contract.DeadLetterAttributes;
import dev.channels.contract.ReplayAttributes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Producers are other teams' systems, so their input is untrusted: from their side, on the real app
 * synthesized for env dev in one local cloud, a body that can never be stored is refused at the API on
 * every channel, text that looks like Slack markup reaches Slack as text, a body the API lets through
 * but DynamoDB refuses is parked at once with its reason, the local DynamoDB refuses what DynamoDB
 * refuses, and two different bodies at one version end the same in either order. Nothing accepted is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileProducersEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LocalChannels local = LocalChannels.aroundAllTests();


    /**
     * On every channel of the app: a body the pipeline can never store is refused at the API with a 4xx
     * that names what is wrong, and nothing of it reaches the inbox; a valid body still gets 200 and is stored.
     */
    @Nested
    class BadBodies {
        private static final String VERSION = "2025-11-25T09:30:00Z";

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        /** Every channel of the app, by name. */
        static Stream<String> channels() {
            return ChannelsApp.channels().stream().map(ChannelProps::name);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("channels")
        void badBodiesGet4xxNamingWhatIsWrongAndNeverReachTheInbox(String name) throws Exception {
            ChannelProps channel = ChannelsApp.channels().stream().filter(props -> props.name().equals(name)).findFirst().orElseThrow();
            String kebab = Naming.kebab(channel.name());
            URI api = local.api(kebab);
            String inbox = "dev-" + kebab + "-inbox";
            String table = "dev-" + kebab;
            String badId = LocalChannels.newId("bad-" + kebab);

            for (Map.Entry<String, String> bad : badBodies(channel, badId).entrySet()) {
                HttpResponse<String> response = post(api, "application/json", bad.getKey());
                assertThat(response.statusCode()).as("%s %s", kebab, bad.getKey()).isEqualTo(400);
                assertThat(JSON.readTree(response.body()).path("message").asText()).as("%s %s", kebab, bad.getKey())
                        .contains(bad.getValue());
                assertThat(local.queueCounts(inbox)).as("%s inbox after %s", kebab, bad.getKey()).containsExactly(0, 0);
            }
            HttpResponse<String> notJson = post(api, "text/plain", validBody(channel, badId));
            assertThat(notJson.statusCode()).as("%s text/plain", kebab).isEqualTo(415);
            assertThat(JSON.readTree(notJson.body()).path("message").asText()).isEqualTo("Unsupported Media Type");

            // Any of them queued would by now be stored (those with an id) or, refused by ingest, in flight for
            // the inbox's visibility timeout (minutes) and then in the DLQ: once a valid body posted after them is
            // stored, the inbox must be empty and nothing stored under the bad id.
            String validId = LocalChannels.newId("valid-" + kebab);
            HttpResponse<String> valid = post(api, "application/json", validBody(channel, validId));
            assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
            assertThat(JSON.readTree(valid.body()).path("messageId").asText()).isNotBlank();
            LocalChannels.await(validId + " in " + table, () -> Optional.of(item(table, channel, validId)).filter(item -> !item.isEmpty()));
            LocalChannels.await("an empty " + inbox, () -> Optional.of(local.queueCounts(inbox)).filter(List.of(0, 0)::equals));
            assertThat(item(table, channel, badId)).isEmpty();
            assertThat(local.approximateMessages(inbox + "-dlq")).isZero();
        }

        /** Each body a producer may get wrong, with what the 400's message must name. */
        private static Map<String, String> badBodies(ChannelProps channel, String id) {
            String idProperty = channel.idProperty();
            String rest = channel.versionProperty().map(version -> ",\"" + version + "\":\"" + VERSION + "\"").orElse("");
            Map<String, String> bodies = new LinkedHashMap<>();
            bodies.put("[1,2]", "array found, object expected");
            bodies.put("null", "null found, object expected");
            bodies.put("\"x\"", "string found, object expected");
            bodies.put("{not json", "Invalid JSON");
            bodies.put("", "required property '" + idProperty + "' not found");
            bodies.put("{\"name\":\"no id\"" + rest + "}", "required property '" + idProperty + "' not found");
            bodies.put("{\"" + idProperty + "\":\"\"" + rest + "}", "$." + idProperty + ": must be at least 1 characters long");
            bodies.put("{\"" + idProperty + "\":\" \\t\"" + rest + "}", "$." + idProperty + ": does not match the regex pattern");
            bodies.put("{\"" + idProperty + "\":7.5" + rest + "}", "$." + idProperty + ": number found, [string, integer] expected");
            for (String key : indexKeys(channel)) {
                if (!key.equals(channel.versionProperty().orElse(null))) {
                    bodies.put("{\"" + idProperty + "\":\"" + id + "\",\"" + key + "\":\"\"" + rest + "}",
                            "$." + key + ": must be at least 1 characters long");
                }
            }
            channel.versionProperty().ifPresent(version -> {
                bodies.put("{\"" + idProperty + "\":\"" + id + "\"}", "required property '" + version + "' not found");
                bodies.put("{\"" + idProperty + "\":\"" + id + "\",\"" + version + "\":\"2025-11-25T09:30:00\"}", "$." + version);
            });
            // Valid JSON and valid for the schema, but SQS refuses the character: 400 from the integration response.
            bodies.put("{\"" + idProperty + "\":\"" + id + "\",\"note\":\"a\uFFFEb\"" + rest + "}",
                    "The body contains characters SQS does not accept");
            return bodies;
        }

        private static String validBody(ChannelProps channel, String id) {
            String rest = channel.versionProperty().map(version -> ",\"" + version + "\":\"" + VERSION + "\"").orElse("");
            return "{\"" + channel.idProperty() + "\":\"" + id + "\"" + rest + "}";
        }

        /** The string key properties of the channel's indexes. */
        private static List<String> indexKeys(ChannelProps channel) {
            List<String> keys = new ArrayList<>();
            channel.indexes().forEach(index -> {
                keys.add(index.getPartitionKey().getName());
                if (index.getSortKey() != null) {
                    keys.add(index.getSortKey().getName());
                }
            });
            return keys.stream().distinct().toList();
        }

        private HttpResponse<String> post(URI api, String contentType, String body) throws Exception {
            return http.send(HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        private Map<String, AttributeValue> item(String table, ChannelProps channel, String id) {
            return local.dynamo().getItem(request -> request.tableName(table).consistentRead(true)
                    .key(Map.of(channel.idProperty(), AttributeValue.fromS(id)))).item();
        }
    }

    /**
     * Hostile ids, property names and values POSTed as JobOrders: whatever reaches the Slack sink carries
     * no mention and no link the producer made, in the fallback text or in any block.
     */
    @Nested
    class SlackMarkup {
        private static final List<String> HOSTILE = List.of("<!channel>", "<!here>", "<!everyone>", "<@U12345>",
                "<#C12345>", "<https://evil.example|click here>", "a & b");
        /** What a producer-made mention or link starts with, once it reaches Slack unescaped. */
        private static final List<String> MARKUP = List.of("<!", "<@", "<#", "<http");

        @Test
        void noProducerValueBecomesAMentionOrALinkInSlack() throws Exception {
            String run = LocalChannels.newId("hostile");
            List<String> tokens = new ArrayList<>();
            List<ObjectNode> bodies = new ArrayList<>();
            for (int i = 0; i < HOSTILE.size(); i++) {
                String hostile = HOSTILE.get(i);
                String token = run + "-" + i;
                ObjectNode body = jobOrder(hostile + " " + token, "2026-12-06T10:00:00Z");
                body.put(hostile, hostile);
                body.put("status", hostile);
                bodies.add(body);
                tokens.add(token);
            }
            String newlines = run + "-newlines";
            ObjectNode multiLine = jobOrder("first\n<!here>\r\n" + newlines, "2026-12-06T10:00:00Z");
            HOSTILE.forEach(hostile -> multiLine.put("name " + hostile, "line one\n" + hostile));
            bodies.add(multiLine);
            tokens.add(newlines);
            // An update of the first object: its lines show old -> new values.
            ObjectNode update = jobOrder(HOSTILE.get(0) + " " + tokens.get(0), "2026-12-06T11:00:00Z");
            update.put("status", String.join(" ", HOSTILE));
            update.put(HOSTILE.get(5), HOSTILE.get(1));

            for (ObjectNode body : bodies) {
                assertThat(local.post(local.api("job-order"), JSON.writeValueAsString(body)).statusCode()).as(body.toString())
                        .isEqualTo(200);
            }
            for (String token : tokens) {
                LocalChannels.await("a Slack message for " + token, () -> anyDelivered(token));
            }
            assertThat(local.post(local.api("job-order"), JSON.writeValueAsString(update)).statusCode()).isEqualTo(200);
            String updated = tokens.get(0) + "` updated";
            LocalChannels.await("the update of " + tokens.get(0), () -> anyDelivered(updated));

            List<JsonNode> logged = loggedBodiesOf(run);
            assertThat(logged).as("messages of this run in the sink's log").hasSizeGreaterThanOrEqualTo(2);
            List<String> texts = new ArrayList<>();
            for (JsonNode body : logged) {
                texts.add(body.path("text").asText());
                body.path("blocks").forEach(block -> texts.add(block.path("text").path("text").asText()));
            }
            assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(MARKUP));
            // Not vacuous: the hostile text did arrive, escaped, in the fallback text, headers and sections.
            String all = String.join("\n", texts);
            assertThat(all).contains("&lt;!channel&gt;", "&lt;!here&gt;", "&lt;!everyone&gt;", "&lt;@U12345&gt;",
                    "&lt;#C12345&gt;", "&lt;https://evil.example|click here&gt;", "a &amp; b",
                    "first &lt;!here&gt;  " + newlines);
        }

        private static ObjectNode jobOrder(String id, String updatedAt) {
            ObjectNode body = JSON.createObjectNode();
            body.put("id", id);
            body.put("updatedAt", updatedAt);
            return body;
        }

        private Optional<String> anyDelivered(String token) {
            return local.slack().delivered().stream().map(message -> message.body().toString())
                    .filter(body -> body.contains(token)).findFirst();
        }

        /** Every message body in the sink's JSON-lines log that belongs to this run, delivered or not. */
        private List<JsonNode> loggedBodiesOf(String run) throws Exception {
            List<JsonNode> bodies = new ArrayList<>();
            for (String line : Files.readAllLines(local.slack().logFile(), StandardCharsets.UTF_8)) {
                JsonNode body = JSON.readTree(line).path("body");
                if (body.toString().contains(run)) {
                    bodies.add(body);
                }
            }
            return bodies;
        }
    }

    /**
     * Bodies the API accepts but DynamoDB can never store: ingest parks each in the inbox DLQ on its first
     * receive, body intact and the reason in a message attribute, and writes its neighbours. The inbox keeps
     * the template's visibility timeout (180 s): five receives would take fifteen minutes, so a parked
     * message within the harness's bound was parked on its first receive.
     */
    @Nested
    class Unstorable {
        private static final String TABLE = "dev-candidate";
        private static final String INBOX = "dev-candidate-inbox";
        private static final String INBOX_DLQ = "dev-candidate-inbox-dlq";

        @Test
        void whatCanNeverBeStoredIsParkedAtOnceWithItsReasonAndTheNeighboursAreWritten() throws Exception {
            URI candidateApi = local.api("candidate");
            String tooDeep = "{\"id\":\"" + LocalChannels.newId("deep") + "\",\"history\":" + nested(32) + "}";
            String tooPrecise = "{\"id\":\"" + LocalChannels.newId("digits") + "\",\"score\":1234567890123456789012345678901234567.89}";
            List<String> neighbours = List.of(LocalChannels.newId("neighbour"), LocalChannels.newId("neighbour"));
            List<String> bodies = new ArrayList<>(List.of(tooDeep, tooPrecise));
            neighbours.forEach(id -> bodies.add("{\"id\":\"" + id + "\",\"name\":\"Ana\",\"history\":" + nested(31) + "}"));
            for (String body : bodies) {
                assertThat(local.post(candidateApi, body).statusCode()).as(body).isEqualTo(200);
            }

            for (String id : neighbours) {
                local.awaitItem(TABLE, id, item -> true);
            }
            String dlq = local.queueUrl(INBOX_DLQ);
            Map<String, Message> parked = new HashMap<>();
            LocalChannels.await("both unstorable messages in " + INBOX_DLQ, () -> {
                local.sqs().receiveMessage(request -> request.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageAttributeNames("All")).messages().forEach(message -> parked.put(message.body(), message));
                return parked.size() >= 2 ? Optional.of(parked) : Optional.empty();
            });

            assertThat(parked).containsOnlyKeys(tooDeep, tooPrecise);
            assertThat(reason(parked.get(tooDeep)))
                    .isEqualTo("property 'history' nests maps and lists deeper than DynamoDB's 32 levels");
            assertThat(reason(parked.get(tooPrecise)))
                    .isEqualTo("property 'score' holds a number with more than 38 significant digits, DynamoDB's limit");
            for (Message message : parked.values()) {
                Map<String, MessageAttributeValue> attributes = message.messageAttributes();
                assertThat(attributes.get(DeadLetterAttributes.PARKED_BY).stringValue()).isEqualTo("ingest");
                assertThat(attributes).containsKeys(ReplayAttributes.ORIGINAL_MESSAGE_ID, ReplayAttributes.ORIGINAL_SENT_TIMESTAMP);
            }
            LocalChannels.await("an empty " + INBOX, () -> local.queueCounts(INBOX).equals(List.of(0, 0))
                    ? Optional.of(true) : Optional.empty());
        }

        private static String reason(Message message) {
            return message.messageAttributes().get(DeadLetterAttributes.REASON).stringValue();
        }

        /** {@code wraps} maps around a string: {"a":{"a":..."leaf"}}; DynamoDB stores 31 and refuses 32. */
        private static String nested(int wraps) {
            return "{\"a\":".repeat(wraps) + "\"leaf\"" + "}".repeat(wraps);
        }
    }

    /**
     * The local cloud's DynamoDB refuses what DynamoDB refuses and dynalite alone would store: a write straight
     * to the real app's table (a user's script, a tool) gets DynamoDB's ValidationException, and nothing is stored.
     */
    @Nested
    class DynamoDbRules {
        @Test
        void writesDynamoDbRefusesAreRefusedLocallyWithItsError() {
            String id = LocalChannels.newId("rules");
            Map<String, Map<String, AttributeValue>> refused = new LinkedHashMap<>();
            refused.put("an empty index key", Map.of("id", AttributeValue.fromS(id), "status", AttributeValue.fromS(""),
                    "updatedAt", AttributeValue.fromS("2026-12-06T10:00:00Z")));
            refused.put("a value below 32 levels", Map.of("id", AttributeValue.fromS(id), "deep", wraps(32)));
            refused.put("39 significant digits", Map.of("id", AttributeValue.fromS(id),
                    "n", AttributeValue.fromN("123456789012345678901234567890123456789")));
            refused.put("a 2049-byte partition key", Map.of("id", AttributeValue.fromS("\u00e9".repeat(1024) + "x")));
            refused.forEach((rule, item) -> assertThatThrownBy(() -> local.dynamo()
                    .putItem(request -> request.tableName("dev-job-order").item(item)))
                    .as(rule)
                    .isInstanceOfSatisfying(DynamoDbException.class, refusal -> assertThat(
                            refusal.awsErrorDetails().errorCode()).isEqualTo("ValidationException")));
            assertThat(local.item("dev-job-order", id)).isEmpty();

            local.dynamo().putItem(request -> request.tableName("dev-job-order").item(Map.of(
                    "id", AttributeValue.fromS(id), "deep", wraps(31), "note", AttributeValue.fromS(""))));
            assertThat(local.item("dev-job-order", id)).containsKeys("deep", "note");
        }

        /** {@code count} maps around a string. */
        private AttributeValue wraps(int count) {
            AttributeValue value = AttributeValue.fromS("leaf");
            for (int i = 0; i < count; i++) {
                value = AttributeValue.fromM(Map.of("a", value));
            }
            return value;
        }
    }

    /**
     * A producer sends two different bodies under one version (JobOrder's updatedAt): neither is taken for a
     * duplicate of the other, and the item ends the same whichever arrives first (the greater SHA-256 wins).
     */
    @Nested
    class SameVersionDifferentBodies {
        @Test
        void theItemEndsTheSameWhicheverBodyArrivesFirst() throws Exception {
            for (boolean firstBodyFirst : new boolean[] {true, false}) {
                String id = LocalChannels.newId("tie");
                String first = "{\"id\":\"" + id + "\",\"updatedAt\":\"2026-12-06T10:00:00Z\",\"note\":\"first\"}";
                String second = "{\"id\":\"" + id + "\",\"updatedAt\":\"2026-12-06T10:00:00Z\",\"note\":\"second\"}";
                String winner = sha256(first).compareTo(sha256(second)) > 0 ? "first" : "second";

                assertThat(local.post(local.api("job-order"), firstBodyFirst ? first : second).statusCode()).isEqualTo(200);
                local.awaitItem("dev-job-order", id, item -> true);
                assertThat(local.post(local.api("job-order"), firstBodyFirst ? second : first).statusCode()).isEqualTo(200);
                // Processed once the inbox holds nothing, visible or in flight.
                LocalChannels.await("an empty dev-job-order-inbox",
                        () -> Optional.of(local.queueCounts("dev-job-order-inbox")).filter(List.of(0, 0)::equals));

                assertThat(local.item("dev-job-order", id).get("note").s()).as("first body first: %s", firstBodyFirst)
                        .isEqualTo(winner);
            }
        }

        private String sha256(String body) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
