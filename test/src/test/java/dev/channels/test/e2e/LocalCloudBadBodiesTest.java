package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.app.ChannelsApp;
import dev.channels.constructs.ChannelProps;
import dev.channels.constructs.Naming;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * From a producer's side, on every channel of the real app in the local cloud: a body the pipeline can never
 * store is refused at the API with a 4xx that names what is wrong, and nothing of it reaches the inbox; a
 * valid body still gets 200 and is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalCloudBadBodiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2025-11-25T09:30:00Z";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private LocalChannels local;

    @BeforeAll
    void startLocalCloudFromTheSynthesizedApp() {
        local = LocalChannels.start(Optional.empty());
    }

    @AfterAll
    void stopLocalCloud() {
        if (local != null) {
            local.close();
        }
    }

    /** Every channel of the app, by name. */
    static Stream<String> channels() {
        return ChannelsApp.CHANNELS.stream().map(ChannelProps::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channels")
    void badBodiesGet4xxNamingWhatIsWrongAndNeverReachTheInbox(String name) throws Exception {
        ChannelProps channel = ChannelsApp.CHANNELS.stream().filter(props -> props.name().equals(name)).findFirst().orElseThrow();
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
            assertThat(queueCounts(inbox)).as("%s inbox after %s", kebab, bad.getKey()).containsExactly(0, 0);
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
        LocalChannels.await("an empty " + inbox, () -> Optional.of(queueCounts(inbox)).filter(List.of(0, 0)::equals));
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

    /** [visible, in flight] of a queue. */
    private List<Integer> queueCounts(String queue) {
        Map<QueueAttributeName, String> attributes = local.sqs().getQueueAttributes(request -> request
                .queueUrl(local.queueUrl(queue)).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return List.of(Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }
}
