package dev.channels.lambdas.notify;

import static dev.channels.lambdas.notify.NotifyHarness.failedSequenceNumbers;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.channels.lambdas.testing.DynaliteServer;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.support.lambda.FakeLambdaContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** Redelivered stream records, against the idempotency ledger on dynalite. */
class NotifyIdempotencyTest {
    @RegisterExtension
    static final DynaliteServer DYNAMO = new DynaliteServer();

    private final NotifyHarness harness = new NotifyHarness(DYNAMO);

    @AfterEach
    void stop() {
        harness.close();
    }

    @ParameterizedTest
    @Event(value = "dynamodb/batch.json", type = DynamodbEvent.class)
    void aRedeliveredBatchPostsNothingTwice(DynamodbEvent batch) {
        NotifyHandler handler = harness.handler();
        handler.handleRequest(batch, new FakeLambdaContext("first", 30_000));
        FakeLambdaContext redelivery = new FakeLambdaContext("second", 30_000);

        StreamsEventResponse response = handler.handleRequest(EventLoader.loadDynamoDbEvent("dynamodb/batch.json"), redelivery);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(harness.slack.received()).hasSize(1);
        assertThat(LogLines.lastMetrics(redelivery.logLines()))
                .containsEntry("received", 3L).containsEntry("duplicate", 3L).containsEntry("slack_posted", 0L);
        assertThat(LogLines.withOutcome(redelivery.logLines(), "already_posted")).extracting(line -> line.get("eventId").asText())
                .containsExactly("1f0e2d3c4b5a69788796a5b4c3d2e1f0", "2f0e2d3c4b5a69788796a5b4c3d2e1f0", "3f0e2d3c4b5a69788796a5b4c3d2e1f0");
    }

    @Test
    void postedRecordsAreCompletedWithATimeToLive() {
        harness.handler().handleRequest(batch(), new FakeLambdaContext());

        Map<String, AttributeValue> entry = harness.ledger().get("notify#JobOrder#1f0e2d3c4b5a69788796a5b4c3d2e1f0");
        assertThat(entry.get("status").s()).isEqualTo("COMPLETED");
        assertThat(entry).doesNotContainKey("leaseUntil");
        assertThat(Long.parseLong(entry.get("expiresAt").n()))
                .isEqualTo(harness.time.instant().plus(Duration.ofHours(48)).getEpochSecond());
        assertThat(entry.get("channel").s()).isEqualTo("JobOrder");
    }

    /**
     * The window that cannot be closed: Slack took the post, then marking it failed (or the function
     * died). The claim holds until the first invocation's deadline has passed; a redelivery before
     * that is reported for retry without posting, one after it posts again.
     */
    @Test
    void aPostThatCouldNotBeMarkedIsHeldUntilItsLeaseEndsThenPostedAgain() {
        DynamoDbClient failingUpdates = failingUpdates("Throughput exceeds the current capacity");
        FakeLambdaContext first = new FakeLambdaContext("first", 30_000);
        StreamsEventResponse posted = harness.handler(harness.config(), failingUpdates).handleRequest(batch(), first);
        assertThat(posted.getBatchItemFailures()).as("posted: never reported, a retry would post again").isEmpty();
        assertThat(LogLines.withOutcome(first.logLines(), "not_marked")).hasSize(3)
                .allSatisfy(line -> assertThat(line.get("level").asText()).isEqualTo("ERROR"));

        harness.time.advance(Duration.ofSeconds(2));
        FakeLambdaContext early = new FakeLambdaContext("early", 30_000);
        StreamsEventResponse held = harness.handler().handleRequest(batch(), early);

        assertThat(failedSequenceNumbers(held)).hasSize(3);
        assertThat(harness.slack.received()).hasSize(1);
        assertThat(LogLines.withOutcome(early.logLines(), "held").get(0).get("reason").asText())
                .startsWith("another invocation holds this record until 2025-11-25T10:00:31Z");

        harness.time.advance(Duration.ofSeconds(30));
        StreamsEventResponse late = harness.handler().handleRequest(batch(), new FakeLambdaContext("late", 30_000));

        assertThat(late.getBatchItemFailures()).isEmpty();
        assertThat(harness.slack.received()).as("the documented duplicate").hasSize(2);
    }

    /**
     * A dead invocation's lease that outlasts the time left is still waited for as far as time allows, so
     * with equal timeouts the second retry gets the record: quick retries would spend the mapping's retry
     * attempts (then the record goes to the notify DLQ) while the lease runs out.
     */
    @Test
    void aLeaseEndingAfterTheTimeLeftIsWaitedForAsFarAsPossibleSoTheNextRetryGetsIt() {
        DynamoDbClient failingUpdates = failingUpdates("down");
        harness.handler(harness.config(), failingUpdates).handleRequest(batch(), new FakeLambdaContext("died", 30_000));
        Instant leaseEnd = harness.time.instant().plus(Duration.ofSeconds(31));

        StreamsEventResponse first = harness.handler().handleRequest(batch(), new FakeLambdaContext("retry-1", 30_000));

        assertThat(failedSequenceNumbers(first)).hasSize(3);
        assertThat(harness.time.sleeps()).singleElement()
                .satisfies(wait -> assertThat(wait).isGreaterThan(Duration.ofSeconds(15)).isLessThan(Duration.ofSeconds(30)));
        assertThat(harness.time.instant()).isBefore(leaseEnd);

        StreamsEventResponse second = harness.handler().handleRequest(batch(), new FakeLambdaContext("retry-2", 30_000));

        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(harness.time.instant()).isAfter(leaseEnd);
        assertThat(harness.slack.received()).as("the documented duplicate of the dead invocation's post").hasSize(2);
    }

    @Test
    void aLeaseThatEndsWithinTheTimeLeftIsWaitedFor() {
        DynamoDbClient failingUpdates = failingUpdates("down");
        harness.handler(harness.config(), failingUpdates).handleRequest(batch(), new FakeLambdaContext("short", 11_000));
        Instant leaseEnd = harness.time.instant().plus(Duration.ofSeconds(12));

        StreamsEventResponse response = harness.handler().handleRequest(batch(), new FakeLambdaContext("next", 30_000));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(harness.time.sleeps()).containsExactly(Duration.ofSeconds(12).plusMillis(1));
        assertThat(harness.time.instant()).isAfter(leaseEnd);
    }

    @Test
    void aFailedPostReleasesItsClaimsSoTheRetryCanPost() {
        harness.slack.answer(500, 500, 500, 500);
        NotifyHandler handler = harness.handler();
        handler.handleRequest(batch(), new FakeLambdaContext("first", 30_000));
        assertThat(harness.ledger().values()).as("released, the attempt counted")
                .allSatisfy(entry -> assertThat(entry.get("status").s()).isEqualTo("RELEASED"))
                .allSatisfy(entry -> assertThat(entry.get("attempts").n()).isEqualTo("1"))
                .allSatisfy(entry -> assertThat(entry).doesNotContainKeys("owner", "leaseUntil"));

        StreamsEventResponse retry = handler.handleRequest(batch(), new FakeLambdaContext("retry", 30_000));

        assertThat(retry.getBatchItemFailures()).isEmpty();
        assertThat(harness.slack.received()).as("four failed attempts, then the post").hasSize(5);
        assertThat(harness.ledger().values()).extracting(entry -> entry.get("status").s()).containsOnly("COMPLETED");
    }

    @Test
    void anUnexpectedErrorWhilePostingReleasesTheClaimsAndReportsTheRecords() {
        harness.slack.answer(500);
        NotifyHandler buggy = new NotifyHandler(new NotifyDependencies(harness.config(),
                WebhookSource.fixed(SlackWebhook.create(harness.slack.webhookUrl())), DYNAMO.client(), harness.payloads,
                harness.time, harness.time.sleeper(),
                () -> {
                    throw new IllegalStateException("bug in the jitter");
                }, SlackDelivery.Policy.DEFAULT, harness.parking()));
        FakeLambdaContext context = new FakeLambdaContext("buggy", 30_000);

        StreamsEventResponse response = buggy.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).hasSize(3);
        assertThat(harness.ledgerStatuses().values()).containsOnly("RELEASED");
        assertThat(LogLines.withOutcome(context.logLines(), "failed").get(0).get("reason").asText())
                .startsWith("unexpected error while posting: java.lang.IllegalStateException: bug in the jitter");
        assertThat(harness.handler().handleRequest(batch(), new FakeLambdaContext("retry", 30_000)).getBatchItemFailures()).isEmpty();
    }

    @Test
    void theLedgerIsSharedByChannelsWithoutCollisions() {
        PostLedger jobOrders = new PostLedger(DYNAMO.client(), harness.ledgerTable, "JobOrder", harness.time);
        PostLedger candidates = new PostLedger(DYNAMO.client(), harness.ledgerTable, "Candidate", harness.time);
        Instant lease = harness.time.instant().plusSeconds(30);

        assertThat(jobOrders.claim("evt-1", "a", lease).state()).isEqualTo(PostLedger.State.ACQUIRED);
        assertThat(candidates.claim("evt-1", "b", lease).state()).isEqualTo(PostLedger.State.ACQUIRED);
        assertThat(jobOrders.claim("evt-1", "c", lease)).isEqualTo(new PostLedger.Claim(PostLedger.State.HELD,
                java.util.Optional.of(lease), 0));
        jobOrders.release("evt-1", "c");
        assertThat(jobOrders.claim("evt-1", "c", lease).state()).as("someone else's claim is not released").isEqualTo(PostLedger.State.HELD);
        assertThat(jobOrders.complete("evt-1", "a")).isTrue();
        assertThat(jobOrders.claim("evt-1", "c", lease).state()).isEqualTo(PostLedger.State.ALREADY_POSTED);
        harness.time.advance(Duration.ofSeconds(31));
        assertThat(candidates.claim("evt-1", "d", lease.plusSeconds(60)).state()).as("a dead holder's lease ended")
                .isEqualTo(PostLedger.State.ACQUIRED);
        assertThat(candidates.complete("evt-1", "b")).as("the old holder lost it").isFalse();
    }

    @Test
    void aClaimWaitsForAHeldLeaseAsLongAsItMayThenClaimsAgain() {
        PostLedger ledger = new PostLedger(DYNAMO.client(), harness.ledgerTable, "JobOrder", harness.time);
        Instant deadHoldersLease = harness.time.instant().plusSeconds(10);
        ledger.claim("evt-1", "dead", deadHoldersLease);
        ledger.claim("evt-2", "dead", deadHoldersLease);
        Instant lease = harness.time.instant().plusSeconds(60);

        PostLedger.Claim tooShort = ledger.claimWaiting("evt-1", "a", lease, () -> Duration.ofSeconds(3), harness.time.sleeper());
        PostLedger.Claim longEnough = ledger.claimWaiting("evt-2", "b", lease, () -> Duration.ofSeconds(20),
                harness.time.sleeper());

        assertThat(tooShort).isEqualTo(new PostLedger.Claim(PostLedger.State.HELD, java.util.Optional.of(deadHoldersLease), 0));
        assertThat(longEnough).isEqualTo(new PostLedger.Claim(PostLedger.State.ACQUIRED, java.util.Optional.empty(), 2));
        assertThat(harness.time.sleeps()).as("as long as allowed; then until the lease is over")
                .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(7).plusMillis(1));
    }

    private static DynamodbEvent batch() {
        return EventLoader.loadDynamoDbEvent("dynamodb/batch.json");
    }

    /**
     * The ledger's DynamoDB, refusing every COMPLETED mark (claims still work): Slack took the post, then
     * marking it failed (or the function died).
     */
    private static DynamoDbClient failingUpdates(String message) {
        return new ForwardingDynamoDb(DYNAMO.client()) {
            @Override
            public UpdateItemResponse updateItem(UpdateItemRequest request) {
                if (!request.expressionAttributeValues().containsKey(":completed")) {
                    return super.updateItem(request);
                }
                throw software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder().message(message).build();
            }
        };
    }
}
