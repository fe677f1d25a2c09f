package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.contract.DeadLetterAttributes;
import dev.channels.local.LocalCloud;
import dev.channels.local.slack.SlackSink;
import dev.channels.local.slack.SlackSinkMode;
import dev.channels.support.poll.Poll;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * End to end on the local cloud, from the real app synthesized for env dev (as {@code cdk synth -c env=dev}):
 * API -> inbox queue -> ingest function -> table -> stream -> notify function -> Slack sink. One local cloud
 * for the class, wired as {@code dev.channels.local.Main} wires it (see {@link LocalChannels}); every test uses
 * its own object ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalCloudEndToEndTest {
    private static final String TABLE = "dev-job-order";
    private static final String INBOX = "dev-job-order-inbox";
    private static final String INBOX_DLQ = "dev-job-order-inbox-dlq";
    private static final String NOTIFY_DLQ = "dev-job-order-notify-dlq";
    private static final String NOTICES = "dev-job-order-notices";
    private static final String CANDIDATE_INBOX = "dev-candidate-inbox";
    private static final String CANDIDATE_INBOX_DLQ = "dev-candidate-inbox-dlq";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** JobOrder's version (updatedAt): producers send it with every JobOrder, a later one for a later update. */
    private static final String T1 = "2025-11-25T09:30:00Z";
    private static final String T2 = "2025-11-25T11:15:00+01:00";

    @RegisterExtension
    static final LocalChannels local = LocalChannels.aroundAllTests();
    private LocalCloud cloud;
    private SlackSink slack;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private URI jobOrderApi;

    /** Shortcuts into the harness, whose cloud has started by now. */
    @BeforeAll
    void shortcuts() {
        cloud = local.cloud();
        slack = local.slack();
        dynamo = local.dynamo();
        sqs = local.sqs();
        jobOrderApi = local.api("job-order");
    }


    @Test
    @Order(1)
    void aJobOrderLandsInDynamoDbExactlyAndIsToldInExactlyOneSlackMessage() throws Exception {
        String id = newId("created");
        String big = "123456789012345678901234567890";
        String body = "{\"id\":\"" + id + "\",\"status\":\"open\",\"updatedAt\":\"2025-11-25T09:30:00Z\","
                + "\"amount\":" + big + ",\"title\":\"Grüße, 東京 🚀\"}";

        assertThat(post(body).statusCode()).isEqualTo(200);

        Map<String, AttributeValue> item = awaitItem(id);
        assertThat(item.get("id").s()).isEqualTo(id);
        assertThat(item.get("status").s()).isEqualTo("open");
        assertThat(item.get("updatedAt").s()).isEqualTo("2025-11-25T09:30:00Z");
        assertThat(item.get("amount").n()).isEqualTo(big);
        assertThat(item.get("title").s()).isEqualTo("Grüße, 東京 🚀");

        JsonNode message = awaitMessage(id, "created");
        assertThat(message.toString()).contains("open").contains(big).contains("Grüße, 東京 🚀");

        // No fixed sleep: an unrelated object posted after the first message was delivered goes through the
        // same queue, functions and stream; once its own message is in, a duplicate of the first would be too.
        String later = newId("later");
        assertThat(post(open(later)).statusCode()).isEqualTo(200);
        awaitMessage(later, "created");
        assertThat(deliveredMentioning(id)).hasSize(1);
    }

    @Test
    @Order(2)
    void aModifyShowsTheChangedPropertyOldToNew() throws Exception {
        String id = newId("modified");
        assertThat(post("{\"id\":\"" + id + "\",\"status\":\"open\",\"title\":\"same\",\"updatedAt\":\"" + T1 + "\"}")
                .statusCode()).isEqualTo(200);
        awaitMessage(id, "created");

        assertThat(post("{\"id\":\"" + id + "\",\"status\":\"closed\",\"title\":\"same\",\"updatedAt\":\"" + T2 + "\"}")
                .statusCode()).isEqualTo(200);

        JsonNode message = awaitMessage(id, "updated");
        String text = message.toString();
        assertThat(text).contains("`status`: \\\"open\\\" \u2192 \\\"closed\\\"");
        assertThat(text).doesNotContain("`title`");
        assertThat(awaitItem(id, current -> "closed".equals(current.get("status").s())).get("status").s()).isEqualTo("closed");
    }

    @Test
    @Order(3)
    void aNeverSeenPropertyPassesThroughUntouched() throws Exception {
        String id = newId("unseen");
        String body = "{\"id\":\"" + id + "\",\"updatedAt\":\"" + T1 + "\",\"neverSeenBefore\":{\"nested\":[1,\"zwei\",null,true,0.000000000000000000001],"
                + "\"emptyObject\":{},\"text\":\"ünïcødé\"}}";
        assertThat(post(body).statusCode()).isEqualTo(200);

        Map<String, AttributeValue> item = awaitItem(id);
        Map<String, AttributeValue> unseen = item.get("neverSeenBefore").m();
        assertThat(unseen.keySet()).containsExactlyInAnyOrder("nested", "emptyObject", "text");
        List<AttributeValue> nested = unseen.get("nested").l();
        assertThat(nested).hasSize(5);
        assertThat(nested.get(0).n()).isEqualTo("1");
        assertThat(nested.get(1).s()).isEqualTo("zwei");
        assertThat(nested.get(2).nul()).isTrue();
        assertThat(nested.get(3).bool()).isTrue();
        assertThat(new BigDecimal(nested.get(4).n())).isEqualByComparingTo("1E-21");
        assertThat(unseen.get("emptyObject").m()).isEmpty();
        assertThat(unseen.get("text").s()).isEqualTo("ünïcødé");
        awaitMessage(id, "created");
    }

    @Test
    @Order(4)
    void anInvalidBodyGets400AndIsNotQueued() throws Exception {
        awaitInboxEmpty();
        String invalid = newId("invalid");
        String version = ",\"updatedAt\":\"" + T1 + "\"";
        // Each body with what the message names.
        Map<String, String> bodies = Map.of(
                "{\"status\":\"open\"" + version + "}", "required property 'id' not found",
                "{\"id\":\"\"" + version + "}", "$.id: must be at least 1 characters long",
                "{\"id\":\"" + invalid + "\",\"status\":5" + version + "}", "$.status: integer found, string expected",
                "{\"id\":\"" + invalid + "\",\"status\":\"\"" + version + "}", "$.status: must be at least 1 characters long",
                "{\"id\":\"" + invalid + "\",\"status\":\"open\"}", "required property 'updatedAt' not found",
                "{\"id\":\"" + invalid + "\",\"updatedAt\":\"2025-11-25T09:30:00\"}", "$.updatedAt",
                "not json {\"id\":\"" + invalid + "\"}", "Invalid JSON",
                "{\"id\":\"" + invalid + "\"" + version + "} trailing", "Invalid JSON");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            HttpResponse<String> response = post(body.getKey());
            assertThat(response.statusCode()).as(body.getKey()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("message").asText()).as(body.getKey())
                    .startsWith("Invalid request body: [").contains(body.getValue());
            assertThat(inboxCounts()).as("inbox after %s", body.getKey()).containsExactly(0, 0);
        }

        // Had any been queued, ingest would have written it (it takes any status) by the time a valid object
        // posted after them is written and told.
        String valid = newId("after-invalid");
        assertThat(post("{\"id\":\"" + valid + "\"" + version + "}").statusCode()).isEqualTo(200);
        awaitItem(valid);
        awaitMessage(valid, "created");
        assertThat(item(invalid)).isEmpty();
        assertThat(deliveredMentioning(invalid)).isEmpty();
        assertThat(approximateMessages(INBOX_DLQ)).isZero();
        awaitInboxEmpty();
    }

    /** A webhook that is gone: notify parks the change at once in the notices queue; the notify DLQ stays empty. */
    @Test
    @Order(5)
    void slackAnswering404ParksTheChangeInTheNoticesQueue() throws Exception {
        assertThat(approximateMessages(NOTIFY_DLQ)).isZero();
        String id = newId("gone-webhook");
        slack.setMode(new SlackSinkMode(404, 0, 0, -1));
        try {
            assertThat(post(open(id)).statusCode()).isEqualTo(200);
            awaitItem(id);
            String queueUrl = queueUrl(NOTICES);
            Message parked = LocalChannels.await("a parked notice in " + NOTICES, () -> {
                List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(1)
                        .waitTimeSeconds(5)).messages();
                return messages.stream().findFirst();
            });
            JsonNode notice = JSON.readTree(parked.body());
            assertThat(notice.path("channel").asText()).isEqualTo("JobOrder");
            assertThat(notice.path("objectId").asText()).isEqualTo(id);
            assertThat(notice.path("reason").asText()).isEqualTo("Slack answered HTTP 404");
            assertThat(JSON.readTree(notice.path("slackMessage").asText()).toString()).contains("`" + id + "` created");
            assertThat(slack.messages()).filteredOn(message -> message.body().toString().contains(id))
                    .hasSize(1).allSatisfy(message -> assertThat(message.status()).isEqualTo(404));
        } finally {
            slack.setMode(SlackSinkMode.NORMAL);
        }
        assertThat(deliveredMentioning(id)).isEmpty();
        assertThat(approximateMessages(NOTIFY_DLQ)).isZero();
    }

    @Test
    @Order(6)
    void slackAnswering500ForAWhileDelaysTheMessageButLosesNothing() throws Exception {
        String id = newId("slack-outage");
        // More 500s than notify retries within one invocation: the record fails, the stream mapping
        // retries it, and the message goes through once Slack recovers.
        int failures = 6;
        slack.setMode(SlackSinkMode.failing(500, failures));
        try {
            assertThat(post(open(id)).statusCode()).isEqualTo(200);
            awaitMessage(id, "created");
        } finally {
            slack.setMode(SlackSinkMode.NORMAL);
        }
        assertThat(slack.messages()).filteredOn(message -> message.body().toString().contains(id))
                .extracting(message -> message.status())
                .containsExactly(500, 500, 500, 500, 500, 500, 200);
        assertThat(deliveredMentioning(id)).hasSize(1);
    }

    @Test
    @Order(7)
    void aPoisonMessageIsParkedInTheInboxDlqIntactOnItsFirstReceiveWhileItsNeighboursAreWritten() throws Exception {
        // The API refuses a body ingest cannot parse (every channel validates), but one can still reach the
        // inbox (an operator's or a replay's send, a schema that lets something through): it is sent to the
        // queue directly, as such a sender would. Ingest parks it at once, with the reason; the inbox keeps
        // the template's visibility timeout (180 s), so it is not waiting out five receives.
        URI candidateApi = cloud.endpoints().apis().get("candidate");
        String inbox = queueUrl(CANDIDATE_INBOX);
        String poison = "not json {\"id\": \"" + newId("poison") + "\", \u00e9\u00e8 \ud83d\ude80";
        List<String> neighbours = List.of(newId("neighbour"), newId("neighbour"), newId("neighbour"));
        sqs.sendMessage(request -> request.queueUrl(inbox).messageBody(poison));
        for (String id : neighbours) {
            assertThat(post(candidateApi, "{\"id\":\"" + id + "\",\"name\":\"Ana\"}").statusCode()).isEqualTo(200);
        }

        for (String id : neighbours) {
            awaitCandidate(id);
        }
        String dlq = queueUrl(CANDIDATE_INBOX_DLQ);
        Message parked = LocalChannels.await("the poison message in " + CANDIDATE_INBOX_DLQ, () -> sqs
                .receiveMessage(request -> request.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(5)
                        .messageAttributeNames(DeadLetterAttributes.REASON))
                .messages().stream().findFirst());
        assertThat(parked.body()).isEqualTo(poison);
        assertThat(parked.messageAttributes().get(DeadLetterAttributes.REASON).stringValue()).startsWith("body is not valid JSON");
        assertThat(sqs.receiveMessage(request -> request.queueUrl(dlq).maxNumberOfMessages(10)).messages())
                .as("nothing but the poison message in the DLQ").isEmpty();
        LocalChannels.await("an empty " + CANDIDATE_INBOX, () -> local.queueCounts(CANDIDATE_INBOX).equals(List.of(0, 0))
                ? Optional.of(true) : Optional.empty());
    }

    private void awaitCandidate(String id) throws InterruptedException {
        local.awaitItem("dev-candidate", id, item -> true);
    }

    @Test
    @Order(8)
    void aThousandObjectsPostedConcurrentlyAreAllStoredAndToldExactlyOnce() throws Exception {
        URI candidateApi = cloud.endpoints().apis().get("candidate");
        String prefix = newId("bulk") + "-";
        int count = 1000;
        ExecutorService producers = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String body = "{\"id\":\"" + prefix + i + "\",\"n\":" + i + "}";
                statuses.add(producers.submit(() -> post(candidateApi, body).statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            producers.shutdown();
        }

        // Slack is the slow end (one stream, about ten changes per message here): bounded, generous wait.
        Duration limit = Duration.ofMinutes(8);
        Poll.until("all " + count + " objects in dev-candidate", limit, () -> {
            long stored = dynamo.scanPaginator(request -> request.tableName("dev-candidate").consistentRead(true)
                    .filterExpression("begins_with(id, :p)").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix))))
                    .stream().mapToLong(page -> page.count()).sum();
            return stored == count ? Optional.of(stored) : Optional.empty();
        });
        Pattern told = Pattern.compile("`(" + Pattern.quote(prefix) + "\\d+)`");
        Map<String, Integer> mentions = Poll.until("a Slack message for each of the " + count + " objects", limit, () -> {
            Map<String, Integer> byId = new HashMap<>();
            slack.delivered().forEach(message -> {
                Matcher matcher = told.matcher(message.body().toString());
                while (matcher.find()) {
                    byId.merge(matcher.group(1), 1, Integer::sum);
                }
            });
            return byId.size() == count ? Optional.of(byId) : Optional.empty();
        });
        assertThat(mentions.values()).as("messages per object").containsOnly(1);
    }

    // --- helpers ---

    private static String newId(String label) {
        return LocalChannels.newId(label);
    }

    /** An open JobOrder, at version T1. */
    private static String open(String id) {
        return "{\"id\":\"" + id + "\",\"status\":\"open\",\"updatedAt\":\"" + T1 + "\"}";
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return local.post(jobOrderApi, body);
    }

    private HttpResponse<String> post(URI api, String body) throws IOException, InterruptedException {
        return local.post(api, body);
    }

    private Map<String, AttributeValue> item(String id) {
        return local.item(TABLE, id);
    }

    private Map<String, AttributeValue> awaitItem(String id) throws InterruptedException {
        return local.awaitItem(TABLE, id, item -> true);
    }

    private Map<String, AttributeValue> awaitItem(String id, Predicate<Map<String, AttributeValue>> condition)
            throws InterruptedException {
        return local.awaitItem(TABLE, id, condition);
    }

    private List<JsonNode> deliveredMentioning(String id) {
        return local.deliveredMentioning(id);
    }

    private JsonNode awaitMessage(String id, String pastTense) throws InterruptedException {
        return local.awaitMessage(id, pastTense);
    }

    private String queueUrl(String name) {
        return local.queueUrl(name);
    }

    private int approximateMessages(String queue) {
        return local.approximateMessages(queue);
    }

    /** [visible, in flight] of the inbox. */
    private List<Integer> inboxCounts() {
        return local.queueCounts(INBOX);
    }


    private void awaitInboxEmpty() throws InterruptedException {
        LocalChannels.await("an empty inbox", () -> inboxCounts().equals(List.of(0, 0)) ? Optional.of(true) : Optional.empty());
    }
}
