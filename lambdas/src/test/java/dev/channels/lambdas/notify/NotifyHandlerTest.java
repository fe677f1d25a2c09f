package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.contract.ChangeKind;
import dev.channels.contract.NotifyDefaults;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.notify.SlackPosts.Posted;
import dev.channels.lambdas.testing.DynaliteServer;
import dev.channels.lambdas.testing.FakeTime;
import dev.channels.lambdas.testing.InMemoryPayloadStore;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.lambdas.testing.SlackStub;
import dev.channels.lambdas.testing.StreamEvents;
import dev.channels.support.lambda.FakeLambdaContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

/** The notify handler fed real DynamoDB stream event JSON, posting to a Slack stub on loopback. */
class NotifyHandlerTest {
    @RegisterExtension
    static final DynaliteServer DYNAMO = new DynaliteServer();
    private static final String INSERT_SEQ = "4421584500000000017450439091";
    private static final String MODIFY_SEQ = "4421584500000000017450439092";
    private static final String REMOVE_SEQ = "4421584500000000017450439093";

    private final SlackStub slack = new SlackStub();
    private final FakeLambdaContext context = new FakeLambdaContext();
    private final FakeTime time = new FakeTime(Instant.parse("2025-11-25T10:00:00Z"));
    private final InMemoryPayloadStore payloads = new InMemoryPayloadStore();
    private final InMemoryNoticeQueue notices = new InMemoryNoticeQueue();
    private NotifyConfig jobOrder;
    private NotifyHandler handler;

    @BeforeEach
    void newLedger() {
        jobOrder = config(DYNAMO.createTable("id"));
        handler = handler(SlackWebhook.create(slack.webhookUrl()));
    }

    /**
     * A channel that tells every event kind (REMOVE too, which the default NOTIFY_EVENTS leaves out), shows
     * every property and titles changes with the default template.
     */
    static NotifyConfig config(String idempotencyTable) {
        return new NotifyConfig("JobOrder", "test", "id", idempotencyTable, "test-archive",
                EnumSet.allOf(ChangeKind.class), Optional.empty(), NotifyDefaults.TITLE_TEMPLATE);
    }

    private NotifyHandler handler(SlackWebhook webhook) {
        return handler(webhook, Parking.defaults(notices));
    }

    private NotifyHandler handler(SlackWebhook webhook, Parking parking) {
        return new NotifyHandler(new NotifyDependencies(jobOrder, WebhookSource.fixed(webhook), DYNAMO.client(), payloads,
                time, time.sleeper(), NotifyDependencies.snapshotSafeJitter(), SlackDelivery.Policy.DEFAULT, parking));
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    @ParameterizedTest
    @Event(value = "dynamodb/insert.json", type = DynamodbEvent.class)
    void insertPostsEveryNewValueExactly(DynamodbEvent event) {
        StreamsEventResponse response = handler.handleRequest(event, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        Posted posted = onlyPost();
        assertThat(posted.text()).isEqualTo("JobOrder JO-1 created");
        assertThat(posted.headline()).isEqualTo("*JobOrder* `JO-1` created");
        assertThat(posted.propertyLines()).containsExactly(
                "`active`: true",
                "`address`: {\"city\":\"Zürich\",\"geo\":{\"lat\":47.3769}}",
                "`amount`: 12345678901234567890.123456789",
                "`labels`: [\"a\",\"b\"]",
                "`note`: null",
                "`tags`: [\"a\",1,null]",
                "`tiny`: 0.0000001",
                "`title`: \"Größe \uD83D\uDE80 &lt;b&gt;&amp;\"");
    }

    @ParameterizedTest
    @Event(value = "dynamodb/modify.json", type = DynamodbEvent.class)
    void modifyPostsOldAndNewValuesOfWhatChangedOnly(DynamodbEvent event) {
        handler.handleRequest(event, context);

        Posted posted = onlyPost();
        assertThat(posted.text()).isEqualTo("JobOrder JO-1 updated");
        assertThat(posted.propertyLines()).containsExactly(
                "`amount`: 10 \u2192 10.5",
                "`note`: null \u2192 (absent)",
                "`owner`: (absent) \u2192 \"ana\"",
                "`status`: \"open\" \u2192 \"closed\"",
                "`tags`: [\"a\"] \u2192 [\"a\",\"b\"]");
    }

    @ParameterizedTest
    @Event(value = "dynamodb/remove.json", type = DynamodbEvent.class)
    void removePostsTheLastKnownValues(DynamodbEvent event) {
        handler.handleRequest(event, context);

        Posted posted = onlyPost();
        assertThat(posted.text()).isEqualTo("JobOrder JO-1 removed");
        assertThat(posted.propertyLines()).containsExactly("`amount`: 10.5", "`status`: \"closed\"");
    }

    @ParameterizedTest
    @Event(value = "dynamodb/metadata-only-modify.json", type = DynamodbEvent.class)
    void aModifyOfMetadataOnlyPostsNothing(DynamodbEvent event) {
        StreamsEventResponse response = handler.handleRequest(event, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(slack.received()).isEmpty();
    }

    /** A batch's changes are combined into as few messages as fit: this batch is one message. */
    @Test
    void postsTheBatchAsOneJsonMessageTellingItsChangesInStreamOrder() {
        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(slack.received()).hasSize(1).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo(slack.webhookUrl().getPath());
            assertThat(request.contentType()).isEqualTo("application/json; charset=utf-8");
        });
        assertThat(SlackPosts.told(slack.received())).extracting(SlackPosts.Told::title)
                .containsExactly("JobOrder JO-1 created", "JobOrder JO-1 updated", "JobOrder JO-1 removed");
        assertThat(onlyPost().text()).isEqualTo(
                "JobOrder: 3 changes: JobOrder JO-1 created; JobOrder JO-1 updated; JobOrder JO-1 removed");
    }

    /**
     * Twenty changes need two messages (50 blocks each at most); when the second fails for
     * good, its records and every later one are reported, the first message's are not.
     */
    @Test
    void aFailedPostReportsItsRecordsAndEveryLaterOneWithoutPostingThemTwice() {
        DynamodbEvent twenty = StreamEvents.inserts("JO", 20);
        slack.answer(200, 500, 500, 500, 500);

        StreamsEventResponse response = handler.handleRequest(twenty, context);

        assertThat(slack.received()).hasSize(5);
        List<Posted> posts = posts();
        int firstMessage = posts.get(0).changes().size();
        assertThat(firstMessage).isEqualTo(SlackMessage.MAX_BLOCKS / 3);
        assertThat(failedSequenceNumbers(response)).containsExactlyElementsOf(
                twenty.getRecords().subList(firstMessage, 20).stream().map(r -> r.getDynamodb().getSequenceNumber()).toList());
        JsonNode firstFailure = LogLines.withOutcome(context.logLines(), "slack_failed").get(0);
        assertThat(firstFailure.get("level").asText()).isEqualTo("WARN");
        assertThat(firstFailure.get("sequenceNumber").asText()).isEqualTo(Integer.toString(1000 + firstMessage + 1));
        assertThat(firstFailure.get("id").asText()).isEqualTo("JO-" + (firstMessage + 1));
        assertThat(firstFailure.get("reason").asText())
                .isEqualTo("Slack answered HTTP 500 (4 attempts); reporting it and the rest of the batch for retry");

        // The stream retries from the first failed record: only those are posted now.
        slack.answer(200);
        DynamodbEvent retried = StreamEvents.batch(twenty.getRecords().subList(firstMessage, 20));
        assertThat(handler.handleRequest(retried, context).getBatchItemFailures()).isEmpty();
        List<Posted> accepted = List.of(posts().get(0), posts().get(posts().size() - 1));
        assertThat(accepted.stream().flatMap(posted -> posted.changes().stream()).map(SlackPosts.Told::title))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> "JobOrder JO-" + i + " created").toList());
    }

    /** A 5xx is retried with backoff: only a run of them fails the batch. */
    @Test
    void aFirstPostThatKeepsFailingReportsTheWholeBatch() {
        slack.answer(503, 503, 503, 503);

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
        assertThat(slack.received()).hasSize(4);
    }

    @Test
    void anUnexpectedErrorWithOneRecordFailsItLikeAFailedPost() {
        DynamodbEvent event = batch();
        Map<String, AttributeValue> broken = new HashMap<>();
        broken.put("x", null);
        event.getRecords().get(1).getDynamodb().getNewImage().put("broken", new AttributeValue().withM(broken));

        StreamsEventResponse response = handler.handleRequest(event, context);

        assertThat(failedSequenceNumbers(response)).containsExactly(MODIFY_SEQ, REMOVE_SEQ);
        assertThat(posts()).extracting(Posted::text).containsExactly("JobOrder JO-1 created");
        assertThat(LogLines.withOutcome(context.logLines(), "failed")).anySatisfy(line -> {
            assertThat(line.get("level").asText()).isEqualTo("ERROR");
            assertThat(line.get("sequenceNumber").asText()).isEqualTo(MODIFY_SEQ);
            assertThat(line.get("reason").asText()).startsWith("unexpected error: java.lang.NullPointerException");
        });
    }

    @Test
    void anUnreachableWebhookReportsTheWholeBatch() throws IOException {
        NotifyHandler unreachable = handler(SlackWebhook.create(closedPortUrl()));

        StreamsEventResponse response = unreachable.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
        assertThat(LogLines.withOutcome(context.logLines(), "slack_failed")).anySatisfy(line -> assertThat(line.get("reason").asText())
                .contains("I/O error talking to Slack (ConnectException)"));
    }

    @Test
    void aWebhookThatDoesNotAnswerTimesOutAndReportsTheWholeBatch() {
        slack.stall();
        NotifyHandler impatient = handler(new SlackWebhook(slack.webhookUrl(), SlackWebhook.CONNECT_TIMEOUT, Duration.ofMillis(300)));

        StreamsEventResponse response = impatient.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
        assertThat(LogLines.withOutcome(context.logLines(), "slack_failed")).anySatisfy(line -> assertThat(line.get("reason").asText())
                .contains("no answer from Slack within the timeout (HttpTimeoutException)"));
    }

    @Test
    void theWebhookUrlNeverReachesTheLogs() throws IOException {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        // No parking after repeated failures, so every transient path below reaches Slack; the 404 (which
        // parks at once) gets a ledger of its own, so the stalled run still finds the records to post.
        Parking patient = new Parking(notices, 10, NotifyDefaults.PARK_AT_RECORD_AGE);
        NotifyConfig original = jobOrder;
        try {
            slack.answer(500, 500, 500, 500);
            handler(SlackWebhook.create(slack.webhookUrl()), patient).handleRequest(batch(), context);
            handler(SlackWebhook.create(closedPortUrl()), patient).handleRequest(batch(), context);
            jobOrder = config(DYNAMO.createTable("id"));
            slack.answer(404);
            handler(SlackWebhook.create(slack.webhookUrl()), patient).handleRequest(batch(), context);
            jobOrder = original;
            slack.stall();
            handler(new SlackWebhook(slack.webhookUrl(), SlackWebhook.CONNECT_TIMEOUT, Duration.ofMillis(300)), patient)
                    .handleRequest(batch(), context);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        String everything = String.join("\n", context.logLines()) + "\n" + console.toString(StandardCharsets.UTF_8);
        // Four failed batches of three records each, one JSON line per record.
        assertThat(LogLines.withOutcome(context.logLines(), "slack_failed")).hasSize(9);
        assertThat(LogLines.withOutcome(context.logLines(), "slack_rejected")).hasSize(3);
        assertThat(LogLines.withOutcome(context.logLines(), "parked")).hasSize(3);
        assertThat(everything).doesNotContain(slack.token(), "/services/", "hooks.slack.com");
    }

    @Test
    void missingEnvironmentVariablesFailInitNamingThem() {
        // Every variable notify requires.
        Map<String, String> complete = Map.of(
                "CHANNEL_NAME", "JobOrder",
                "SLACK_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev/slack-AbCdEf",
                "AWS_REGION", "eu-west-1",
                "ENV_NAME", "dev",
                "IDEMPOTENCY_TABLE", "dev-channels-idempotency",
                "ARCHIVE_BUCKET", "dev-job-order-archive",
                "NOTICES_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/dev-job-order-notices");
        for (String name : complete.keySet()) {
            Map<String, String> env = new HashMap<>(complete);
            env.remove(name);
            assertThatThrownBy(() -> new NotifyHandler(NotifyDependencies.fromEnvironment(new EnvVars(env))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Missing environment variable " + name + ":");
        }
    }

    private static DynamodbEvent batch() {
        return EventLoader.loadDynamoDbEvent("dynamodb/batch.json");
    }

    /** A loopback URL nothing listens on: the port was free a moment ago and is closed again. */
    private static URI closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/services/T0TEST/B0TEST/closed");
        }
    }

    private static List<String> failedSequenceNumbers(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private Posted onlyPost() {
        assertThat(slack.received()).hasSize(1);
        return posts().get(0);
    }

    private List<Posted> posts() {
        return SlackPosts.parse(slack.received());
    }
}
