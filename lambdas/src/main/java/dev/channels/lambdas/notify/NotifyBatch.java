package dev.channels.lambdas.notify;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import dev.channels.contract.ChangeKind;
import dev.channels.contract.HandlerEnv;
import dev.channels.contract.Metrics;
import dev.channels.lambdas.observe.Counters;
import dev.channels.lambdas.observe.JsonLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The steps of one invocation's stream batch, in order:
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
 */
final class NotifyBatch {
    private final NotifyConfig config;
    private final ChangeReader changes;
    private final PostLedger ledger;
    private final Parking parking;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Slack.Connected slack;
    /** Claims are taken in the invocation's name: its request id. */
    private final String owner;
    private final Instant leaseUntil;
    private final JsonLog log;
    private final Counters counters;

    NotifyBatch(NotifyConfig config, ChangeReader changes, PostLedger ledger, Parking parking, Clock clock,
            Sleeper sleeper, Slack.Connected slack, String owner, JsonLog log, Counters counters) {
        this.config = config;
        this.changes = changes;
        this.ledger = ledger;
        this.parking = parking;
        this.clock = clock;
        this.sleeper = sleeper;
        this.slack = slack;
        this.owner = owner;
        this.leaseUntil = slack.deadline().at().plus(PostLedger.LEASE_GRACE);
        this.log = log;
        this.counters = counters;
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

    /** Works through the records; the index of the first record to report for retry ({@code records.size()}: none). */
    int tell(List<DynamodbStreamRecord> records) {
        int failedFrom = records.size();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Prepared prepared = prepare(i, records.get(i));
            if (prepared.step() == Prepared.Step.STOP) {
                failedFrom = i;
                break;
            }
            if (prepared.step() == Prepared.Step.POST) {
                pending.add(prepared.pending());
            }
        }
        try {
            failedFrom = Math.min(failedFrom, post(pending));
        } catch (RuntimeException e) {
            // A bug while posting: release every claim (a completed entry stays completed) and report
            // from the first claimed record; those already posted are skipped as duplicates on retry.
            log.error("failed", "reason", "unexpected error while posting: " + e
                    + "; reporting the claimed records and the rest of the batch for retry");
            pending.forEach(this::release);
            failedFrom = pending.isEmpty() ? failedFrom : Math.min(failedFrom, pending.get(0).index());
        }
        return failedFrom;
    }

    /**
     * Reads and claims one record: POST (claimed, to be posted), SKIP (nothing to post) or STOP (the
     * record cannot be handled now; it and every later record are reported).
     */
    private Prepared prepare(int index, DynamodbStreamRecord record) {
        String eventId = eventId(record);
        String sequenceNumber = sequenceNumber(record);
        Optional<ChangeKind> kind = ChangeKind.of(record.getEventName());
        if (kind.isPresent() && !config.events().contains(kind.get())) {
            log.info("skipped", "eventId", eventId, "sequenceNumber", sequenceNumber,
                    "kind", kind.get().name(), "reason", "event kind not in " + HandlerEnv.NOTIFY_EVENTS);
            return Prepared.SKIP;
        }
        try {
            Optional<Notice> notice = changes.readNotice(record);
            if (notice.isEmpty()) {
                log.info("nothing_to_tell", "eventId", eventId, "sequenceNumber", sequenceNumber,
                        "kind", record.getEventName());
                return Prepared.SKIP;
            }
            Change change = notice.get().change();
            PostLedger.Claim claim = ledger.claimWaiting(eventId, owner, leaseUntil, slack::longestWait, sleeper);
            switch (claim.state()) {
                case ACQUIRED:
                    return new Prepared(Prepared.Step.POST, new Pending(index, eventId, sequenceNumber, notice.get(),
                            claim.attempts(), createdAt(record)));
                case PARKED:
                    log.info("already_parked", "eventId", eventId, "sequenceNumber", sequenceNumber,
                            "id", change.objectId(), "kind", change.kind().name(),
                            "reason", "its notice waits in the notices queue for tools redrive-notices");
                    return Prepared.SKIP;
                case ALREADY_POSTED:
                    counters.increment(Metrics.DUPLICATE);
                    log.info("already_posted", "eventId", eventId, "sequenceNumber", sequenceNumber,
                            "id", change.objectId(), "kind", change.kind().name());
                    return Prepared.SKIP;
                default:
                    log.warn("held", "eventId", eventId, "sequenceNumber", sequenceNumber,
                            "id", change.objectId(), "kind", change.kind().name(),
                            "reason", "another invocation holds this record until "
                                    + claim.heldUntil().map(Instant::toString).orElse("(unknown)")
                                    + "; reporting it and the rest of the batch for retry");
                    return Prepared.STOP;
            }
        } catch (SdkException e) {
            log.warn("failed", "eventId", eventId, "sequenceNumber", sequenceNumber,
                    "reason", e.getMessage() + "; reporting it and the rest of the batch for retry");
            return Prepared.STOP;
        } catch (RuntimeException e) {
            // A bug (or a payload gone from S3) fails this record like a failed post: the stream retries
            // it, then hands it to the on-failure destination, rather than failing the batch forever.
            log.error("failed", "eventId", eventId, "sequenceNumber", sequenceNumber,
                    "reason", "unexpected error: " + e + "; reporting it and the rest of the batch for retry");
            return Prepared.STOP;
        }
    }

    /**
     * Posts the claimed changes; the index of the first record reported for retry, else
     * {@code Integer.MAX_VALUE}. What was not posted is parked or released by {@link #giveUpOrRelease}.
     */
    private int post(List<Pending> pending) {
        List<Notice> notices = pending.stream().map(Pending::notice).toList();
        for (SlackComposer.Composed composed : slack.compose(notices)) {
            List<Pending> members = composed.members().stream().map(pending::get).toList();
            Optional<Failure> failed = deliver(composed.message(), members);
            if (failed.isPresent()) {
                return giveUpOrRelease(pending.subList(pending.indexOf(failed.get().first()), pending.size()),
                        failed.get());
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * Delivers one message. Changes Slack refuses for good are parked here; the answer is where posting
     * must stop: a transient failure, or a refused change that could not be parked.
     */
    private Optional<Failure> deliver(SlackMessage message, List<Pending> members) {
        SlackDelivery.Result result = slack.deliver(message);
        counters.add(Metrics.SLACK_RETRIED, result.retries());
        switch (result.status()) {
            case POSTED:
                for (Pending member : members) {
                    complete(member);
                    log.info("posted", fields(member, "retries", Integer.toString(result.retries())));
                }
                counters.add(Metrics.SLACK_POSTED, members.size());
                return Optional.empty();
            case REJECTED:
                if (result.httpStatus() == 400 && members.size() > 1) {
                    // Slack refused the message's content: post the changes one by one, so one bad
                    // record does not hold back its neighbours.
                    for (Pending member : members) {
                        Optional<Failure> failed = deliver(slack.alone(member.notice()), List.of(member));
                        if (failed.isPresent()) {
                            return failed;
                        }
                    }
                    return Optional.empty();
                }
                counters.add(Metrics.SLACK_REJECTED, members.size());
                for (int i = 0; i < members.size(); i++) {
                    Pending member = members.get(i);
                    log.warn("slack_rejected", fields(member, "reason", result.reason()
                            + "; permanent, parking it in the notices queue"));
                    if (!park(member, result.reason())) {
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
    private int giveUpOrRelease(List<Pending> rest, Failure failure) {
        for (int i = 0; i < rest.size(); i++) {
            Pending next = rest.get(i);
            if (!mayPark(next) || !park(next, failure.reason())) {
                for (Pending unposted : rest.subList(i, rest.size())) {
                    if (failure.members().contains(unposted)) {
                        log.warn("slack_failed", fields(unposted, "reason", failure.reason()
                                + "; reporting it and the rest of the batch for retry"));
                    }
                    release(unposted);
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
    private boolean park(Pending pending, String reason) {
        Change change = pending.notice().change();
        ParkedNotice notice = new ParkedNotice(config.channelName(), pending.eventId(), pending.sequenceNumber(),
                change.objectId(), change.kind().name(), pending.createdAt(), clock.instant(), pending.attempts(),
                reason, slack.alone(pending.notice()).toJson());
        try {
            parking.queue().park(notice);
        } catch (RuntimeException e) {
            log.error("park_failed", fields(pending, "reason", "the notices queue did not take it: "
                    + (e instanceof SdkException ? e.getMessage() : e.getClass().getName())
                    + "; reporting it and the rest of the batch for retry (then the notify DLQ keeps them)"));
            return false;
        }
        mark(pending, "parked", () -> ledger.park(pending.eventId(), owner));
        counters.increment(Metrics.PARKED);
        log.warn("parked", fields(pending, "reason", reason + " (delivery " + pending.attempts()
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
    private void complete(Pending pending) {
        mark(pending, "posted", () -> ledger.complete(pending.eventId(), owner));
    }

    /**
     * Marks the entry of a record that was {@code done} (posted, parked); {@code mark} answers false when the
     * claim had ended and someone else took it. Neither that nor a failed write is reported: it is logged.
     */
    private void mark(Pending pending, String done, BooleanSupplier mark) {
        try {
            if (!mark.getAsBoolean()) {
                log.warn("lease_lost", fields(pending, "reason", done + ", but the claim had ended and was taken"));
            }
        } catch (RuntimeException e) {
            log.error("not_marked", fields(pending, "reason", done + ", but could not be marked in "
                    + config.idempotencyTable() + ": " + e.getMessage()));
        }
    }

    private void release(Pending pending) {
        try {
            ledger.release(pending.eventId(), owner);
        } catch (SdkException e) {
            log.warn("not_released", fields(pending, "reason",
                    "claim stays until its lease ends: " + e.getMessage()));
        }
    }

    /** Unique per stream record; a record without one (never from Lambda) is named by its sequence number. */
    private static String eventId(DynamodbStreamRecord record) {
        return record.getEventID() != null ? record.getEventID() : "seq-" + sequenceNumber(record);
    }

    static String sequenceNumber(DynamodbStreamRecord record) {
        return record.getDynamodb().getSequenceNumber();
    }

    /** When the stream wrote the record (whole seconds), if it says. */
    private static Optional<Instant> createdAt(DynamodbStreamRecord record) {
        return Optional.ofNullable(record.getDynamodb().getApproximateCreationDateTime()).map(date -> date.toInstant());
    }
}
