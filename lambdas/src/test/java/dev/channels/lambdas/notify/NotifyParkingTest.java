package dev.channels.lambdas.notify;

import static dev.channels.lambdas.notify.NotifyHarness.failedSequenceNumbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.channels.contract.NotifyDefaults;
import dev.channels.lambdas.testing.DynaliteServer;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.support.lambda.FakeLambdaContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Notify gives up before the stream does: it parks a change in the notices queue after
 * {@link NotifyDefaults.PARK_AFTER_ATTEMPTS} failed deliveries, when its record is nearly too old, or at once
 * when Slack refuses it for good; and the redrive ({@link NoticeTeller}) tells a parked change exactly once.
 */
class NotifyParkingTest {
    @RegisterExtension
    static final DynaliteServer DYNAMO = new DynaliteServer();

    private static final String INSERT_SEQ = "4421584500000000017450439091";
    private static final String MODIFY_SEQ = "4421584500000000017450439092";
    private static final String REMOVE_SEQ = "4421584500000000017450439093";
    private static final String INSERT_KEY = "notify#JobOrder#1f0e2d3c4b5a69788796a5b4c3d2e1f0";

    private final NotifyHarness harness = new NotifyHarness(DYNAMO);
    private final NotifyHandler handler = harness.handler();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aChangeIsParkedAtItsThirdFailedDeliveryAndNotReported() {
        for (int delivery = 1; delivery < NotifyDefaults.PARK_AFTER_ATTEMPTS; delivery++) {
            harness.slack.answer(500, 500, 500, 500);
            StreamsEventResponse retried = handler.handleRequest(batch(), new FakeLambdaContext("d" + delivery, 30_000));
            assertThat(failedSequenceNumbers(retried)).as("delivery %d", delivery)
                    .containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
            assertThat(harness.ledger().get(INSERT_KEY).get("attempts").n()).isEqualTo(Integer.toString(delivery));
        }
        assertThat(harness.notices.parked()).isEmpty();

        harness.slack.answer(500, 500, 500, 500);
        FakeLambdaContext third = new FakeLambdaContext("d3", 30_000);
        StreamsEventResponse response = handler.handleRequest(batch(), third);

        assertThat(response.getBatchItemFailures()).as("parked, so the stream moves on").isEmpty();
        List<ParkedNotice> parked = harness.notices.parked();
        assertThat(parked).extracting(ParkedNotice::sequenceNumber).containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
        ParkedNotice insert = parked.get(0);
        assertThat(insert.channel()).isEqualTo("JobOrder");
        assertThat(insert.eventId()).isEqualTo("1f0e2d3c4b5a69788796a5b4c3d2e1f0");
        assertThat(insert.kind()).isEqualTo("INSERT");
        assertThat(insert.attempts()).isEqualTo(3);
        assertThat(insert.recordCreatedAt()).contains(Instant.ofEpochSecond(1764063001));
        assertThat(insert.parkedAt()).isEqualTo(harness.time.instant());
        assertThat(insert.reason()).isEqualTo("Slack answered HTTP 500 (4 attempts)");
        // The message composed for this change alone, as notify would have posted it.
        assertThat(SlackPosts.parse(insert.slackMessage()).changes()).singleElement()
                .satisfies(told -> assertThat(told.headline()).contains("created"));

        Map<String, AttributeValue> entry = harness.ledger().get(INSERT_KEY);
        assertThat(entry.get("status").s()).isEqualTo("PARKED");
        assertThat(entry).doesNotContainKeys("owner", "leaseUntil");
        assertThat(Long.parseLong(entry.get("expiresAt").n()))
                .isEqualTo(harness.time.instant().plus(Duration.ofDays(16)).getEpochSecond());
        assertThat(LogLines.lastMetrics(third.logLines()))
                .containsEntry("parked", 3L).containsEntry("failed", 0L).containsEntry("slack_rejected", 0L);
        assertThat(LogLines.withOutcome(third.logLines(), "parked")).hasSize(3)
                .allSatisfy(line -> assertThat(line.get("reason").asText()).isEqualTo("Slack answered HTTP 500 "
                        + "(4 attempts) (delivery 3); parked in the notices queue: fix Slack, then run tools redrive-notices"));
    }

    @Test
    void aRecordNearlyTooOldForTheStreamIsParkedAtItsFirstFailure() {
        // The INSERT was written at 09:30:01, the MODIFY at 10:00:00: at 10:15:01 only the INSERT is 45 min old.
        harness.time.advance(Duration.ofMinutes(15).plusSeconds(1));
        harness.slack.answer(500, 500, 500, 500);

        StreamsEventResponse response = handler.handleRequest(batch(), new FakeLambdaContext("late", 30_000));

        assertThat(harness.notices.parked()).extracting(ParkedNotice::sequenceNumber).containsExactly(INSERT_SEQ);
        assertThat(failedSequenceNumbers(response)).containsExactly(MODIFY_SEQ, REMOVE_SEQ);
        assertThat(harness.ledgerStatuses()).containsEntry(INSERT_KEY, "PARKED").containsValue("RELEASED");
    }

    @Test
    void aParkThatFailsFallsBackToReportingTheRecords() {
        harness.notices.refuse("Access to the resource is denied");
        harness.slack.answer(404);
        FakeLambdaContext context = new FakeLambdaContext("refused", 30_000);

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
        assertThat(harness.ledgerStatuses().values()).containsOnly("RELEASED");
        assertThat(LogLines.lastMetrics(context.logLines()))
                .containsEntry("parked", 0L).containsEntry("failed", 3L).containsEntry("slack_rejected", 3L);
        assertThat(LogLines.withOutcome(context.logLines(), "park_failed").get(0).get("reason").asText())
                .startsWith("the notices queue did not take it: Access to the resource is denied")
                .endsWith("; reporting it and the rest of the batch for retry (then the notify DLQ keeps them)");
    }

    @Test
    void aRedeliveredParkedRecordIsNeitherPostedNorReported() {
        harness.slack.answer(404);
        handler.handleRequest(batch(), new FakeLambdaContext("parked", 30_000));
        FakeLambdaContext redelivery = new FakeLambdaContext("again", 30_000);

        StreamsEventResponse response = handler.handleRequest(batch(), redelivery);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(harness.slack.received()).hasSize(1);
        assertThat(harness.notices.parked()).as("not parked twice").hasSize(3);
        assertThat(LogLines.withOutcome(redelivery.logLines(), "already_parked")).hasSize(3);
    }

    /** Notify parks, the redrive tells each change once, and nothing tells it again: not a second redrive, not the stream. */
    @Test
    void aParkedChangeIsToldExactlyOnceAcrossNotifyAndRedrives() {
        harness.slack.answer(404);
        handler.handleRequest(batch(), new FakeLambdaContext("parked", 30_000));
        List<ParkedNotice> parked = harness.notices.parked();
        NoticeTeller teller = teller();

        // Slack still down: the notice stays parked for the next redrive.
        harness.slack.answer(500, 500, 500, 500);
        assertThat(teller.tell(parked.get(0), "redrive-1", Duration.ofSeconds(60)))
                .isEqualTo(new NoticeTeller.Result(NoticeTeller.Outcome.FAILED, "Slack answered HTTP 500 (4 attempts)"));
        assertThat(harness.ledgerStatuses()).containsEntry(INSERT_KEY, "PARKED");

        for (ParkedNotice notice : parked) {
            assertThat(teller.tell(notice, "redrive-2", Duration.ofSeconds(60)).outcome()).isEqualTo(NoticeTeller.Outcome.TOLD);
        }
        // A notice parked twice, a second redrive, a redelivery of the records: none posts again.
        assertThat(teller.tell(parked.get(0), "redrive-3", Duration.ofSeconds(60)).outcome())
                .isEqualTo(NoticeTeller.Outcome.TOLD_BEFORE);
        StreamsEventResponse redelivered = handler.handleRequest(batch(), new FakeLambdaContext("again", 30_000));

        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        List<String> bodies = harness.slack.received().stream().map(request -> request.body()).toList();
        assertThat(bodies).hasSize(1 + 4 + 3);
        assertThat(bodies.subList(5, 8)).containsExactlyElementsOf(parked.stream().map(ParkedNotice::slackMessage).toList());
        assertThat(harness.ledgerStatuses().values()).containsOnly("COMPLETED");
        assertThat(Long.parseLong(harness.ledger().get(INSERT_KEY).get("expiresAt").n())).as("kept as long as a copy may wait")
                .isEqualTo(harness.time.instant().plus(Duration.ofDays(16)).getEpochSecond());
    }

    @Test
    void twoRedrivesAtOnceNeverBothPost() {
        harness.slack.answer(404);
        handler.handleRequest(batch(), new FakeLambdaContext("parked", 30_000));
        ParkedNotice notice = harness.notices.parked().get(0);
        PostLedger ledger = new PostLedger(DYNAMO.client(), harness.ledgerTable, "JobOrder", harness.time);
        assertThat(ledger.claimParked(notice.eventId(), "redrive-a", harness.time.instant().plusSeconds(61)).state())
                .isEqualTo(PostLedger.State.ACQUIRED);

        NoticeTeller.Result second = teller().tell(notice, "redrive-b", Duration.ofSeconds(60));

        assertThat(second.outcome()).isEqualTo(NoticeTeller.Outcome.BUSY);
        assertThat(harness.slack.received()).as("only notify's refused post").hasSize(1);
    }

    @Test
    void aNoticeSurvivesItsJsonExactly() {
        ParkedNotice notice = new ParkedNotice("JobOrder", "evt-1", "4421", "JO-1 \"<&>\"", "MODIFY",
                Optional.of(Instant.parse("2025-11-25T09:30:01Z")), Instant.parse("2025-11-25T10:00:00Z"), 3,
                "Slack answered HTTP 500 (4 attempts)", "{\"text\":\"Gr\u00fc\u00dfe \ud83d\ude80 &lt;b&gt;\",\"blocks\":[]}");

        assertThat(ParkedNotice.parse(notice.toJson())).isEqualTo(notice);
        assertThatThrownBy(() -> ParkedNotice.parse(notice.toJson().replace("\"format\":1", "\"format\":2")))
                .hasMessageStartingWith("parked notice format 2 is not 1");
        assertThatThrownBy(() -> ParkedNotice.parse("{\"format\":1,\"channel\":\"JobOrder\"}"))
                .hasMessage("not a parked notice: no eventId");
    }

    private NoticeTeller teller() {
        return new NoticeTeller(DYNAMO.client(), harness.ledgerTable, new SlackDelivery(
                SlackWebhook.create(harness.slack.webhookUrl()), harness.time.sleeper(), () -> NotifyHarness.JITTER,
                SlackDelivery.Policy.DEFAULT), harness.time);
    }

    private static DynamodbEvent batch() {
        return EventLoader.loadDynamoDbEvent("dynamodb/batch.json");
    }
}
