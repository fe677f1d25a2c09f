package dev.channels.lambdas.notify;

import static dev.channels.lambdas.notify.NotifyHarness.failedSequenceNumbers;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.lambdas.testing.DynaliteServer;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.lambdas.testing.SlackStub.Answer;
import dev.channels.support.lambda.FakeLambdaContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slack's limits and faults: 429 with and without Retry-After, 5xx, permanent 4xx, little time left.
 * Time is fake: the assertions name the exact waits the handler chose, and no test waits.
 */
class NotifySlackFaultsTest {
    @RegisterExtension
    static final DynaliteServer DYNAMO = new DynaliteServer();

    private static final String INSERT_SEQ = "4421584500000000017450439091";
    private static final String MODIFY_SEQ = "4421584500000000017450439092";
    private static final String REMOVE_SEQ = "4421584500000000017450439093";

    private final NotifyHarness harness = new NotifyHarness(DYNAMO);
    private final NotifyHandler handler = harness.handler();
    private final FakeLambdaContext context = new FakeLambdaContext();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void a429WaitsExactlyRetryAfterThenPosts() {
        harness.slack.answer(Answer.tooManyRequests("3"));

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(harness.time.sleeps()).containsExactly(Duration.ofSeconds(3));
        assertThat(harness.slack.received()).hasSize(2);
        assertThat(harness.slack.received().get(1).body()).isEqualTo(harness.slack.received().get(0).body());
        assertThat(LogLines.lastMetrics(context.logLines()))
                .containsEntry("slack_retried", 1L).containsEntry("slack_posted", 3L).containsEntry("failed", 0L);
    }

    @Test
    void a429WhoseRetryAfterDoesNotFitTheTimeLeftReportsTheRecordsForTheStreamToRetry() {
        harness.slack.answer(Answer.tooManyRequests("15"));
        FakeLambdaContext shortOnTime = new FakeLambdaContext("short", 20_000);

        StreamsEventResponse response = handler.handleRequest(batch(), shortOnTime);

        assertThat(failedSequenceNumbers(response)).containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
        assertThat(harness.time.sleeps()).isEmpty();
        assertThat(harness.slack.received()).hasSize(1);
        assertThat(harness.ledgerStatuses().values()).as("claims released for the retry").containsOnly("RELEASED");
        assertThat(LogLines.withOutcome(shortOnTime.logLines(), "slack_failed").get(0).get("reason").asText())
                .isEqualTo("Slack answered HTTP 429; waiting 15000 ms would leave too little of the invocation's 20000 ms"
                        + "; reporting it and the rest of the batch for retry");
        assertThat(LogLines.lastMetrics(shortOnTime.logLines())).containsEntry("failed", 3L).containsEntry("slack_rejected", 0L);
    }

    @Test
    void repeated429sAreHonouredWhileTimeAllowsThenFail() {
        harness.slack.answer(Answer.tooManyRequests("4"), Answer.tooManyRequests("4"), Answer.tooManyRequests("4"),
                Answer.tooManyRequests("4"));
        FakeLambdaContext context = new FakeLambdaContext("req", 25_000);

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        // A wait is taken when it, one attempt (8 s) and the reserve (2 s) fit: 25 s left, then 21, then 17;
        // at 13 s left the fourth 429's wait does not fit.
        assertThat(harness.time.sleeps()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4));
        assertThat(harness.slack.received()).hasSize(4);
        assertThat(failedSequenceNumbers(response)).hasSize(3);
    }

    @Test
    void a429WithoutRetryAfterBacksOff() {
        harness.slack.answer(Answer.status(429));

        handler.handleRequest(batch(), context);

        assertThat(harness.time.sleeps()).containsExactly(Duration.ofMillis(125));
        assertThat(harness.slack.received()).hasSize(2);
    }

    @Test
    void serverErrorsAreRetriedWithExponentialJitteredBackoffThenReported() {
        harness.slack.answer(500, 502, 503, 504);

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(harness.slack.received()).hasSize(4);
        // Full jitter at 0.5 of 250, 500 and 1000 ms.
        assertThat(harness.time.sleeps()).containsExactly(Duration.ofMillis(125), Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(failedSequenceNumbers(response)).containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
        assertThat(LogLines.lastMetrics(context.logLines()))
                .containsEntry("slack_retried", 3L).containsEntry("failed", 3L).containsEntry("slack_rejected", 0L);
        assertThat(harness.ledgerStatuses().values()).containsOnly("RELEASED");
    }

    @Test
    void aServerErrorThenSuccessPostsOnce() {
        harness.slack.answer(503);

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(LogLines.lastMetrics(context.logLines())).containsEntry("slack_retried", 1L).containsEntry("slack_posted", 3L);
    }

    /**
     * A webhook that is gone: no retry, the changes are parked at once (not reported), and the metrics
     * the alarms watch say so.
     */
    @ParameterizedTest
    @ValueSource(ints = {403, 404, 410})
    void aDeadWebhookParksTheChangesAtOnceWithTheSlackRejectedMetric(int status) {
        harness.slack.answer(status);

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(harness.slack.received()).hasSize(1);
        assertThat(harness.time.sleeps()).isEmpty();
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(harness.notices.parked()).extracting(ParkedNotice::sequenceNumber)
                .containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
        List<JsonNode> emf = LogLines.emf(context.logLines());
        assertThat(emf).hasSize(1);
        JsonNode directive = emf.get(0).get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Channels");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Env\",\"Channel\",\"Handler\"]]");
        assertThat(emf.get(0).get("Env").asText()).isEqualTo("test");
        assertThat(emf.get(0).get("Channel").asText()).isEqualTo("JobOrder");
        assertThat(emf.get(0).get("Handler").asText()).isEqualTo("notify");
        assertThat(LogLines.lastMetrics(context.logLines()))
                .containsEntry("slack_rejected", 3L).containsEntry("parked", 3L).containsEntry("failed", 0L)
                .containsEntry("slack_posted", 0L);
        assertThat(LogLines.withOutcome(context.logLines(), "slack_rejected")).hasSize(3).allSatisfy(line -> assertThat(
                line.get("reason").asText()).startsWith("Slack answered HTTP " + status + "; permanent"));
    }

    /**
     * A 400 means Slack refused the message itself: one bad change must not take its neighbours down,
     * so the changes are posted one by one and only the refused one is parked; the rest go on.
     */
    @Test
    void a400ForACombinedMessagePostsItsChangesOneByOneSoOnlyThePoisonIsParked() {
        harness.slack.answer(400, 200, 400);

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(SlackPosts.parse(harness.slack.received()).stream().map(posted -> posted.changes().size()))
                .containsExactly(3, 1, 1, 1);
        assertThat(LogLines.lastMetrics(context.logLines())).containsEntry("slack_posted", 2L)
                .containsEntry("slack_rejected", 1L).containsEntry("parked", 1L).containsEntry("failed", 0L);
        assertThat(harness.notices.parked()).extracting(ParkedNotice::sequenceNumber).containsExactly(MODIFY_SEQ);
        assertThat(harness.ledgerStatuses().values()).containsExactlyInAnyOrder("COMPLETED", "PARKED", "COMPLETED");
    }

    @Test
    void anInvocationWithoutTimeForOneAttemptPostsNothing() {
        FakeLambdaContext almostOver = new FakeLambdaContext("late", 9_000);

        StreamsEventResponse response = handler.handleRequest(batch(), almostOver);

        assertThat(harness.slack.received()).isEmpty();
        assertThat(failedSequenceNumbers(response)).hasSize(3);
        assertThat(harness.ledgerStatuses().values()).containsOnly("RELEASED");
    }

    @Test
    void timeoutsStayWellInsideAFunctionTimeout() {
        Duration attempt = SlackWebhook.CONNECT_TIMEOUT.plus(SlackWebhook.RESPONSE_TIMEOUT);

        assertThat(attempt).isLessThanOrEqualTo(Duration.ofSeconds(8));
        assertThat(SlackWebhook.create(harness.slack.webhookUrl()).attemptBudget()).isEqualTo(attempt);
    }

    private static DynamodbEvent batch() {
        return EventLoader.loadDynamoDbEvent("dynamodb/batch.json");
    }
}
