package dev.channels.lambdas.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.channels.contract.ChangeKind;
import dev.channels.contract.HandlerEnv;
import dev.channels.contract.Metrics;
import dev.channels.lambdas.AwsClients;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.observe.Counters;
import dev.channels.lambdas.observe.JsonLog;
import dev.channels.lambdas.payload.PayloadStore;
import dev.channels.lambdas.payload.S3PayloadStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Tells Slack about the changes in the channel's table stream. Per batch:
 * <ol>
 *   <li>each record, in order, is read as a change (following the S3 pointer of a claim-checked
 *       item); kinds the channel does not notify and changes with nothing to tell are skipped;</li>
 *   <li>each change is claimed in the idempotency ledger; one already posted is skipped;</li>
 *   <li>the claimed changes are packed into as few Slack messages as Slack's limits allow and posted
 *       in order, with retries that honour Retry-After and the invocation's remaining time;</li>
 *   <li>posted records are marked done; from the first record that could not be read, claimed or
 *       posted, every record is released and reported by sequence number, so Lambda retries from
 *       there and no record is told out of order.</li>
 *   <li>notify gives up on a change before the stream does (see {@link Parking}): a change Slack refused
 *       for good (counted as {@code slack_rejected}), or whose record failed {@link Parking#afterAttempts()}
 *       deliveries or is nearly too old for the stream, is parked in the channel's notices queue with
 *       its composed message, marked PARKED in the ledger and not reported, so the stream moves on and
 *       {@code tools redrive-notices} tells it later. Only a record that could not be parked is reported,
 *       and reaches the stream's on-failure destination once retries are spent.</li>
 * </ol>
 * The webhook URL comes from a {@link WebhookSource}: while the secret holds no URL (a new
 * environment, before the operator sets it), every record of the batch is reported, so the stream
 * retries them and then the on-failure destination keeps them; init never fails on the secret's value.
 */
public final class NotifyHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse>, Resource {
    /** A claim outlives this invocation's deadline by this much: clocks of two Lambda hosts differ a little. */
    static final Duration LEASE_GRACE = Duration.ofSeconds(1);
    /** A claim-checked body as S3 would hold it, for priming. */
    private static final String PRIMING_PAYLOAD =
            "{\"id\":\"priming\",\"n\":1.50,\"o\":{\"b\":[1e2,true],\"a\":null},\"s\":\"\u00e9\"}";

    private final NotifyConfig config;
    private final ChangeReader changes;
    private final SlackComposer composer;
    private final WebhookSource webhooks;
    private final DoubleSupplier jitter;
    private final SlackDelivery.Policy policy;
    private final PostLedger ledger;
    private final PayloadStore payloads;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Parking parking;

    /**
     * Used by Lambda: config from the environment, the webhook URL read from Secrets Manager at init
     * and again after each SnapStart restore.
     */
    public NotifyHandler() {
        this(EnvVars.system());
        Core.getGlobalContext().register(this);
    }

    NotifyHandler(EnvVars env) {
        this(NotifyConfig.from(env), env);
    }

    private NotifyHandler(NotifyConfig config, EnvVars env) {
        this(config, webhookSource(env), AwsClients.dynamoDb(env),
                new S3PayloadStore(config.archiveBucket(), () -> AwsClients.s3(env)), Clock.systemUTC(), Sleeper.REAL,
                snapshotSafeJitter(), SlackDelivery.Policy.DEFAULT, Parking.defaults(
                        new SqsNoticeQueue(env.required(HandlerEnv.NOTICES_QUEUE_URL), () -> AwsClients.sqs(env))));
    }

    /** A handler posting to one fixed webhook. */
    public NotifyHandler(NotifyConfig config, SlackWebhook slack, DynamoDbClient dynamo, PayloadStore payloads,
            Clock clock, Sleeper sleeper, Parking parking) {
        this(config, slack, dynamo, payloads, clock, sleeper, snapshotSafeJitter(), SlackDelivery.Policy.DEFAULT, parking);
    }

    NotifyHandler(NotifyConfig config, SlackWebhook slack, DynamoDbClient dynamo, PayloadStore payloads,
            Clock clock, Sleeper sleeper, DoubleSupplier jitter, SlackDelivery.Policy policy, Parking parking) {
        this(config, WebhookSource.fixed(slack), dynamo, payloads, clock, sleeper, jitter, policy, parking);
    }

    NotifyHandler(NotifyConfig config, WebhookSource webhooks, DynamoDbClient dynamo, PayloadStore payloads,
            Clock clock, Sleeper sleeper, DoubleSupplier jitter, SlackDelivery.Policy policy, Parking parking) {
        this.config = config;
        this.changes = new ChangeReader(config.idProperty(), payloads, config.properties());
        this.composer = new SlackComposer(config.channelName(), SlackTitle.parse(config.titleTemplate()));
        this.webhooks = webhooks;
        this.jitter = jitter;
        this.policy = policy;
        this.ledger = new PostLedger(dynamo, config.idempotencyTable(), config.channelName(), clock);
        this.payloads = payloads;
        this.clock = clock;
        this.sleeper = sleeper;
        this.parking = parking;
    }

    /**
     * Reads the secret at init (which also loads the Secrets Manager client's classes before the
     * snapshot). A missing SLACK_SECRET_ARN fails init; a secret without a URL does not: the stack
     * creates it with a random placeholder, and this runs when {@code cdk deploy} publishes a version.
     */
    private static WebhookSource webhookSource(EnvVars env) {
        String secretArn = env.required(HandlerEnv.SLACK_SECRET_ARN);
        return WebhookSource.fromSecret(secretArn, WebhookSecret.Allowed.from(env), () -> AwsClients.secretsManager(env));
    }

    /**
     * Backoff jitter from a generator created at the first retry, never at init: with SnapStart, a
     * generator seeded before the snapshot would give every restored environment the same sequence,
     * and their retries would hit Slack in step.
     */
    private static DoubleSupplier snapshotSafeJitter() {
        return new DoubleSupplier() {
            private SecureRandom random;

            @Override
            public synchronized double getAsDouble() {
                if (random == null) {
                    random = new SecureRandom();
                }
                return random.nextDouble();
            }
        };
    }

    /**
     * One record on its way to Slack: claimed in the ledger (for the {@code attempts}th time), not yet posted.
     */
    private record Pending(int index, String eventId, String sequenceNumber, Notice notice, int attempts,
            Optional<Instant> createdAt) {
    }

    /** Why posting stopped: the members of the message that failed (the first one first), and the reason. */
    private record Failure(List<Pending> members, String reason) {
        Pending first() {
            return members.get(0);
        }
    }

    /** What reading and claiming one record came to. */
    private record Prepared(Step step, Pending pending) {
        enum Step { POST, SKIP, STOP }

        static final Prepared SKIP = new Prepared(Step.SKIP, null);
        static final Prepared STOP = new Prepared(Step.STOP, null);
    }

    /** What one invocation shares while it works through its batch. */
    private record Batch(String owner, Instant leaseUntil, Deadline deadline, JsonLog log, Counters counters,
            SlackDelivery delivery) {
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        JsonLog log = new JsonLog(context.getLogger(), Metrics.NOTIFY_HANDLER, config.channelName(), context.getAwsRequestId());
        Counters counters = new Counters(config.envName(), config.channelName(), Metrics.NOTIFY_HANDLER, Metrics.NOTIFY_METRICS);
        Deadline deadline = Deadline.after(clock, Duration.ofMillis(context.getRemainingTimeInMillis()));
        List<DynamodbStreamRecord> records = event.getRecords();
        counters.add(Metrics.RECEIVED, records.size());

        // The cached webhook, or (none cached) the secret read once for this invocation.
        WebhookSource.State webhook = webhooks.forInvocation();
        if (webhook instanceof WebhookSource.NotConfigured notConfigured) {
            // Nothing can be posted: every record is reported, untouched (no claims), for retry.
            log.error("webhook_not_configured", "reason", notConfigured.reason()
                    + "; reporting the whole batch for retry (then the notify DLQ keeps it)");
            return finish(records, 0, log, counters);
        }
        SlackDelivery delivery = new SlackDelivery(((WebhookSource.Configured) webhook).webhook(), sleeper, jitter, policy);
        Batch batch = new Batch(context.getAwsRequestId(), deadline.at().plus(LEASE_GRACE), deadline, log, counters,
                delivery);

        int failedFrom = records.size();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Prepared prepared = prepare(i, records.get(i), batch);
            if (prepared.step() == Prepared.Step.STOP) {
                failedFrom = i;
                break;
            }
            if (prepared.step() == Prepared.Step.POST) {
                pending.add(prepared.pending());
            }
        }
        try {
            failedFrom = Math.min(failedFrom, post(pending, batch));
        } catch (RuntimeException e) {
            // A bug while posting: release every claim (a completed entry stays completed) and report
            // from the first claimed record; those already posted are skipped as duplicates on retry.
            log.error("failed", "reason", "unexpected error while posting: " + e
                    + "; reporting the claimed records and the rest of the batch for retry");
            pending.forEach(claimed -> release(claimed, batch));
            failedFrom = pending.isEmpty() ? failedFrom : Math.min(failedFrom, pending.get(0).index());
        }
        return finish(records, failedFrom, log, counters);
    }

    /** Reports every record from {@code failedFrom} on, logs the batch summary and the metrics. */
    private StreamsEventResponse finish(List<DynamodbStreamRecord> records, int failedFrom, JsonLog log,
            Counters counters) {
        // From the first failure on, every record is reported, so none is told out of order.
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbStreamRecord record : records.subList(failedFrom, records.size())) {
            failures.add(new StreamsEventResponse.BatchItemFailure(sequenceNumber(record)));
        }
        counters.add(Metrics.FAILED, failures.size());
        log.info("batch",
                "received", Long.toString(counters.get(Metrics.RECEIVED)),
                "posted", Long.toString(counters.get(Metrics.SLACK_POSTED)),
                "duplicate", Long.toString(counters.get(Metrics.DUPLICATE)),
                "retried", Long.toString(counters.get(Metrics.SLACK_RETRIED)),
                "rejected", Long.toString(counters.get(Metrics.SLACK_REJECTED)),
                "parked", Long.toString(counters.get(Metrics.PARKED)),
                "failed", Long.toString(counters.get(Metrics.FAILED)),
                "firstFailedSequenceNumber", failures.isEmpty() ? null : failures.get(0).getItemIdentifier());
        log.raw(counters.toEmf(clock.instant()));
        return new StreamsEventResponse(failures);
    }

    /**
     * Reads and claims one record: POST (claimed, to be posted), SKIP (nothing to post) or STOP (the
     * record cannot be handled now; it and every later record are reported).
     */
    private Prepared prepare(int index, DynamodbStreamRecord record, Batch batch) {
        String eventId = eventId(record);
        String sequenceNumber = sequenceNumber(record);
        Optional<ChangeKind> kind = ChangeKind.of(record.getEventName());
        if (kind.isPresent() && !config.events().contains(kind.get())) {
            batch.log().info("skipped", "eventId", eventId, "sequenceNumber", sequenceNumber,
                    "kind", kind.get().name(), "reason", "event kind not in " + HandlerEnv.NOTIFY_EVENTS);
            return Prepared.SKIP;
        }
        try {
            Optional<Notice> notice = changes.readNotice(record);
            if (notice.isEmpty()) {
                batch.log().info("nothing_to_tell", "eventId", eventId, "sequenceNumber", sequenceNumber,
                        "kind", record.getEventName());
                return Prepared.SKIP;
            }
            Change change = notice.get().change();
            PostLedger.Claim claim = claim(eventId, batch);
            switch (claim.state()) {
                case ACQUIRED:
                    return new Prepared(Prepared.Step.POST, new Pending(index, eventId, sequenceNumber, notice.get(),
                            claim.attempts(), createdAt(record)));
                case PARKED:
                    batch.log().info("already_parked", "eventId", eventId, "sequenceNumber", sequenceNumber,
                            "id", change.objectId(), "kind", change.kind().name(),
                            "reason", "its notice waits in the notices queue for tools redrive-notices");
                    return Prepared.SKIP;
                case ALREADY_POSTED:
                    batch.counters().increment(Metrics.DUPLICATE);
                    batch.log().info("already_posted", "eventId", eventId, "sequenceNumber", sequenceNumber,
                            "id", change.objectId(), "kind", change.kind().name());
                    return Prepared.SKIP;
                default:
                    batch.log().warn("held", "eventId", eventId, "sequenceNumber", sequenceNumber,
                            "id", change.objectId(), "kind", change.kind().name(),
                            "reason", "another invocation holds this record until "
                                    + claim.heldUntil().map(Instant::toString).orElse("(unknown)")
                                    + "; reporting it and the rest of the batch for retry");
                    return Prepared.STOP;
            }
        } catch (SdkException e) {
            batch.log().warn("failed", "eventId", eventId, "sequenceNumber", sequenceNumber,
                    "reason", e.getMessage() + "; reporting it and the rest of the batch for retry");
            return Prepared.STOP;
        } catch (RuntimeException e) {
            // A bug (or a payload gone from S3) fails this record like a failed post: the stream retries
            // it, then hands it to the on-failure destination, rather than failing the batch forever.
            batch.log().error("failed", "eventId", eventId, "sequenceNumber", sequenceNumber,
                    "reason", "unexpected error: " + e + "; reporting it and the rest of the batch for retry");
            return Prepared.STOP;
        }
    }

    /**
     * Claims the record. Another invocation's lease means that invocation died or timed out (a shard is
     * read by one invocation at a time), so this one waits for the lease to end, as long as one post still
     * fits after the wait. A lease ending later than that is still waited for as far as time allows: a
     * retry now would only find it held again, and quick retries would spend the mapping's retry attempts
     * (then the record goes to the notify DLQ) before a dead invocation's lease is over.
     */
    private PostLedger.Claim claim(String eventId, Batch batch) {
        PostLedger.Claim claim = ledger.claim(eventId, batch.owner(), batch.leaseUntil());
        if (claim.state() == PostLedger.State.HELD && claim.heldUntil().isPresent()) {
            Duration untilFree = Duration.between(clock.instant(), claim.heldUntil().get()).plusMillis(1);
            Duration wait = min(max(untilFree, Duration.ZERO), batch.delivery().longestWait(batch.deadline()));
            if (!wait.isZero()) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return claim;
                }
            }
            claim = ledger.claim(eventId, batch.owner(), batch.leaseUntil());
        }
        return claim;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Posts the claimed changes; the index of the first record reported for retry, else
     * {@code Integer.MAX_VALUE}. What was not posted is parked or released by {@link #giveUpOrRelease}.
     */
    private int post(List<Pending> pending, Batch batch) {
        List<Notice> notices = pending.stream().map(Pending::notice).toList();
        for (SlackComposer.Composed composed : composer.compose(notices)) {
            List<Pending> members = composed.members().stream().map(pending::get).toList();
            Optional<Failure> failed = deliver(composed.message(), members, batch);
            if (failed.isPresent()) {
                return giveUpOrRelease(pending.subList(pending.indexOf(failed.get().first()), pending.size()),
                        failed.get(), batch);
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * Delivers one message. Changes Slack refuses for good are parked here; the answer is where posting
     * must stop: a transient failure, or a refused change that could not be parked.
     */
    private Optional<Failure> deliver(SlackMessage message, List<Pending> members, Batch batch) {
        SlackDelivery.Result result = batch.delivery().deliver(message.toJson(), batch.deadline());
        batch.counters().add(Metrics.SLACK_RETRIED, result.retries());
        switch (result.status()) {
            case POSTED:
                for (Pending member : members) {
                    complete(member, batch);
                    batch.log().info("posted", fields(member, "retries", Integer.toString(result.retries())));
                }
                batch.counters().add(Metrics.SLACK_POSTED, members.size());
                return Optional.empty();
            case REJECTED:
                if (result.httpStatus() == 400 && members.size() > 1) {
                    // Slack refused the message's content: post the changes one by one, so one bad
                    // record does not hold back its neighbours.
                    for (Pending member : members) {
                        SlackMessage alone = composer.compose(List.of(member.notice())).get(0).message();
                        Optional<Failure> failed = deliver(alone, List.of(member), batch);
                        if (failed.isPresent()) {
                            return failed;
                        }
                    }
                    return Optional.empty();
                }
                batch.counters().add(Metrics.SLACK_REJECTED, members.size());
                for (int i = 0; i < members.size(); i++) {
                    Pending member = members.get(i);
                    batch.log().warn("slack_rejected", fields(member, "reason", result.reason()
                            + "; permanent, parking it in the notices queue"));
                    if (!park(member, result.reason(), batch)) {
                        return Optional.of(new Failure(members.subList(i, members.size()), result.reason()));
                    }
                }
                return Optional.empty();
            default:
                return Optional.of(new Failure(members, result.reason()));
        }
    }

    /**
     * After a failure at {@code rest}'s first record: parks records, in order, while each may be parked
     * (see {@link Parking}) and the park succeeds; releases the first other one and every later one, and
     * answers its index, from which the batch is reported ({@code Integer.MAX_VALUE}: all were parked).
     */
    private int giveUpOrRelease(List<Pending> rest, Failure failure, Batch batch) {
        for (int i = 0; i < rest.size(); i++) {
            Pending next = rest.get(i);
            if (!mayPark(next) || !park(next, failure.reason(), batch)) {
                for (Pending unposted : rest.subList(i, rest.size())) {
                    if (failure.members().contains(unposted)) {
                        batch.log().warn("slack_failed", fields(unposted, "reason", failure.reason()
                                + "; reporting it and the rest of the batch for retry"));
                    }
                    release(unposted, batch);
                }
                return next.index();
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Failed often enough, or too close to the age at which the stream gives up on it. */
    private boolean mayPark(Pending pending) {
        if (pending.attempts() >= parking.afterAttempts()) {
            return true;
        }
        Instant parkFrom = clock.instant().minus(parking.atRecordAge());
        return pending.createdAt().map(created -> !created.isAfter(parkFrom)).orElse(false);
    }

    /**
     * Parks the change: its notice (with the message composed for it alone) in the notices queue, then
     * the ledger entry PARKED. False when the queue did not take it: the caller releases and reports it.
     * A notice that is queued counts as parked even if the mark fails: the redrive can claim the entry
     * once this invocation's lease has ended.
     */
    private boolean park(Pending pending, String reason, Batch batch) {
        Change change = pending.notice().change();
        ParkedNotice notice = new ParkedNotice(config.channelName(), pending.eventId(), pending.sequenceNumber(),
                change.objectId(), change.kind().name(), pending.createdAt(), clock.instant(), pending.attempts(),
                reason, composer.compose(List.of(pending.notice())).get(0).message().toJson());
        try {
            parking.queue().park(notice);
        } catch (RuntimeException e) {
            batch.log().error("park_failed", fields(pending, "reason", "the notices queue did not take it: "
                    + (e instanceof SdkException ? e.getMessage() : e.getClass().getName())
                    + "; reporting it and the rest of the batch for retry (then the notify DLQ keeps them)"));
            return false;
        }
        try {
            if (!ledger.park(pending.eventId(), batch.owner())) {
                batch.log().warn("lease_lost", fields(pending, "reason", "parked, but the claim had ended and was taken"));
            }
        } catch (RuntimeException e) {
            batch.log().error("not_marked", fields(pending, "reason", "parked, but could not be marked in "
                    + config.idempotencyTable() + ": " + e.getMessage()));
        }
        batch.counters().increment(Metrics.PARKED);
        batch.log().warn("parked", fields(pending, "reason", reason + " (delivery " + pending.attempts()
                + "); parked in the notices queue: fix Slack, then run tools redrive-notices"));
        return true;
    }

    private static String[] fields(Pending pending, String name, String value) {
        Change change = pending.notice().change();
        return new String[] {"eventId", pending.eventId(), "sequenceNumber", pending.sequenceNumber(),
            "id", change.objectId(), "kind", change.kind().name(), name, value};
    }

    /**
     * Slack has the message: a failure to mark it is logged, never reported, since a retry would post
     * it again. The entry then stays IN_PROGRESS until its lease ends.
     */
    private void complete(Pending pending, Batch batch) {
        try {
            if (!ledger.complete(pending.eventId(), batch.owner())) {
                batch.log().warn("lease_lost", fields(pending, "reason", "posted, but the claim had ended and was taken"));
            }
        } catch (RuntimeException e) {
            batch.log().error("not_marked", fields(pending, "reason", "posted, but could not be marked in "
                    + config.idempotencyTable() + ": " + e.getMessage()));
        }
    }

    private void release(Pending pending, Batch batch) {
        try {
            ledger.release(pending.eventId(), batch.owner());
        } catch (SdkException e) {
            batch.log().warn("not_released", fields(pending, "reason",
                    "claim stays until its lease ends: " + e.getMessage()));
        }
    }

    /** Unique per stream record; a record without one (never from Lambda) is named by its sequence number. */
    private static String eventId(DynamodbStreamRecord record) {
        return record.getEventID() != null ? record.getEventID() : "seq-" + sequenceNumber(record);
    }

    private static String sequenceNumber(DynamodbStreamRecord record) {
        return record.getDynamodb().getSequenceNumber();
    }

    /** When the stream wrote the record (whole seconds), if it says. */
    private static Optional<Instant> createdAt(DynamodbStreamRecord record) {
        return Optional.ofNullable(record.getDynamodb().getApproximateCreationDateTime()).map(date -> date.toInstant());
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // The snapshot holds the webhook as it was when the version was published; the operator may
        // have set or changed the secret since. The first invocation reads it again (lazily: a read
        // that failed here would fail the restore). The jitter generator is created at the first
        // retry, after any restore.
        webhooks.invalidate();
    }

    /**
     * SnapStart priming: runs the code paths of a notification without notifying. Reads a sample
     * record, composes its Slack message and builds (never sends) the webhook request, reads a ledger
     * key and an S3 key that are never written, parses a sample payload and renders a metrics line
     * without printing it. Best effort: a failure here must not fail the snapshot.
     */
    void prime() {
        long start = System.nanoTime();
        String failure = null;
        try {
            Notice notice = changes.readNotice(primingRecord()).orElseThrow();
            webhooks.forPriming().request(composer.compose(List.of(notice)).get(0).message().toJson());
            PayloadJson.properties(PRIMING_PAYLOAD, config.idProperty());
            ledger.prime();
            payloads.prime();
            new Counters(config.envName(), config.channelName(), Metrics.NOTIFY_HANDLER, Metrics.NOTIFY_METRICS)
                    .toEmf(clock.instant());
        } catch (RuntimeException e) {
            failure = e.toString();
        }
        new JsonLog(LambdaRuntime.getLogger(), Metrics.NOTIFY_HANDLER, config.channelName(), null)
                .info(failure == null ? "primed" : "priming failed",
                        "millis", Long.toString((System.nanoTime() - start) / 1_000_000), "reason", failure);
    }

    /** An INSERT (always told, whatever properties the channel shows) with every attribute type. */
    private DynamodbStreamRecord primingRecord() {
        Map<String, AttributeValue> image = Map.of(
                config.idProperty(), new AttributeValue().withS("priming"),
                "title", new AttributeValue().withS("Gr\u00f6\u00dfe \uD83D\uDE80 <b>"),
                "amount", new AttributeValue().withN("12.5"),
                "flag", new AttributeValue().withBOOL(true),
                "none", new AttributeValue().withNULL(true),
                "list", new AttributeValue().withL(new AttributeValue().withS("a")),
                "nested", new AttributeValue().withM(Map.of("k", new AttributeValue().withN("1"))));
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID("priming");
        record.setEventName(ChangeKind.INSERT.name());
        record.setDynamodb(new StreamRecord()
                .withKeys(Map.of(config.idProperty(), new AttributeValue().withS("priming")))
                .withNewImage(image)
                .withSequenceNumber("0"));
        return record;
    }
}
