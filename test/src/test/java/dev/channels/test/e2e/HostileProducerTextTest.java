package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A producer sending Slack markup, from the producer's side: hostile ids, property names and values
 * POSTed to the real app synthesized for env dev, in the local cloud. Whatever reaches the Slack sink
 * must carry no mention and no link the producer made, in the fallback text or in any block.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileProducerTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> HOSTILE = List.of("<!channel>", "<!here>", "<!everyone>", "<@U12345>",
            "<#C12345>", "<https://evil.example|click here>", "a & b");
    /** What a producer-made mention or link starts with, once it reaches Slack unescaped. */
    private static final List<String> MARKUP = List.of("<!", "<@", "<#", "<http");

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
