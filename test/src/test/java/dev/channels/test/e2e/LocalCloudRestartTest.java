package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.local.slack.SlackSinkMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code --data DIR} across a stop (as Ctrl-C stops it) and a start: tables, queued messages, stream records
 * and the stream mapping's position are kept, so what the stopped cloud had not finished is finished after
 * the restart, and nothing it had finished is done again.
 */
class LocalCloudRestartTest {
    private static final String TABLE = "dev-job-order";
    private static final String LEDGER = "dev-channels-notify-ledger";
    private static final String INBOX_DLQ = "dev-job-order-inbox-dlq";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void aRestartedCloudFinishesWhatTheStoppedOneHadNotAndRepeatsNothing() throws Exception {
        Path data = temp.resolve("data");
        String told = LocalChannels.newId("told-before-stop");
        String pending = LocalChannels.newId("pending-at-stop");
        String parkedBody = "{\"id\":\"" + LocalChannels.newId("parked") + "\", not json";
        String parkedId;

        try (LocalChannels first = LocalChannels.start(Optional.of(data))) {
            assertThat(first.post(first.api("job-order"), jobOrder(told)).statusCode()).isEqualTo(200);
            first.awaitMessage(told, "created");
            parkedId = first.sqs().sendMessage(request -> request.queueUrl(first.queueUrl(INBOX_DLQ)).messageBody(parkedBody)).messageId();

            // Slack hangs: notify claims the next change and is still posting it when the cloud stops.
            first.slack().setMode(new SlackSinkMode(200, 0, 120_000, -1));
            assertThat(first.post(first.api("job-order"), jobOrder(pending)).statusCode()).isEqualTo(200);
            first.awaitItem(TABLE, pending, item -> true);
            LocalChannels.await("notify holding a claim in " + LEDGER, () -> first.dynamo().scan(request -> request.tableName(LEDGER)
                    .consistentRead(true).filterExpression("#s = :p").expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("IN_PROGRESS")))).items().stream().findFirst());
            assertThat(first.deliveredMentioning(pending)).isEmpty();
        }

        try (LocalChannels second = LocalChannels.start(Optional.of(data))) {
            // The stream record was kept and its mapping had not passed it: told now, once the stopped
            // invocation's claim has ended (as on AWS, when a function dies mid-invocation).
            second.awaitMessage(pending, "created");
            assertThat(second.item(TABLE, told)).containsKey("id");
            Message parked = LocalChannels.await("the parked message in " + INBOX_DLQ, () -> second.sqs().receiveMessage(request -> request
                    .queueUrl(second.queueUrl(INBOX_DLQ)).maxNumberOfMessages(1).waitTimeSeconds(1)).messages().stream().findFirst());
            assertThat(parked.messageId()).isEqualTo(parkedId);
            assertThat(parked.body()).isEqualTo(parkedBody);

            // Changes after the restart flow as before; the one told before the stop is not told again
            // (it comes before them on the stream, so it would have been delivered first).
            String after = LocalChannels.newId("after-restart");
            assertThat(second.post(second.api("job-order"), jobOrder(after)).statusCode()).isEqualTo(200);
            second.awaitMessage(after, "created");
            assertThat(second.deliveredMentioning(told)).isEmpty();
            assertThat(second.deliveredMentioning(pending)).hasSize(1);
        }

        // The Slack log in the data directory spans both runs: each object told exactly once.
        List<JsonNode> delivered = deliveredIn(data.resolve("slack-messages.jsonl"));
        assertThat(delivered).filteredOn(body -> body.toString().contains(told)).hasSize(1);
        assertThat(delivered).filteredOn(body -> body.toString().contains(pending)).hasSize(1);
    }

    private static List<JsonNode> deliveredIn(Path log) throws IOException {
        List<JsonNode> bodies = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode message = JSON.readTree(line);
            if (message.path("status").asInt() / 100 == 2) {
                bodies.add(message.path("body"));
            }
        }
        return bodies;
    }

    /** An open JobOrder, with the version (updatedAt) its producers send. */
    private static String jobOrder(String id) {
        return "{\"id\":\"" + id + "\",\"status\":\"open\",\"updatedAt\":\"2025-11-25T09:30:00Z\"}";
    }
}
