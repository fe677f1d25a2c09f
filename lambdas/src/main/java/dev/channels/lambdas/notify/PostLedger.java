package dev.channels.lambdas.notify;

import dev.channels.contract.LedgerTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Which stream records were posted to Slack, in the env's idempotency table ({@link LedgerTable}), so a
 * redelivered record is not posted twice.
 *
 * <p>Per record ({@code eventID}) a small state machine: {@link #claim} sets IN_PROGRESS with a lease
 * that ends just after this invocation's deadline and counts the attempt, only if no one posted or parked
 * it and no live lease holds it; {@link #complete} marks it COMPLETED after Slack said 2xx; {@link #release}
 * marks it RELEASED when the post failed, keeping the attempt count, so the retry can claim it again and
 * notify knows when to give up; {@link #park} marks it PARKED once its notice waits in the channel's
 * notices queue. Only the redrive ({@link NoticeTeller}) claims a PARKED entry, and it puts it back with
 * {@link #unpark} when Slack fails again. A record whose holder died (timeout, crash) is free again once
 * the lease ends: the dead invocation cannot post any more by then.
 *
 * <p>The window that remains: Slack accepted a post and the invocation died (or DynamoDB failed)
 * before {@link #complete}. The record then stays IN_PROGRESS until its lease ends, and a redelivery
 * after that posts it again. Nothing can close it: Slack's webhook takes no idempotency key.
 */
public final class PostLedger {
    static final String KEY = LedgerTable.KEY;
    static final String STATUS = "status";
    static final String OWNER = "owner";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String EXPIRES_AT = LedgerTable.EXPIRES_AT;
    static final String CHANNEL = "channel";
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String COMPLETED = "COMPLETED";
    static final String RELEASED = "RELEASED";
    static final String PARKED = "PARKED";
    /** How many times the record was claimed: each claim is one delivery that tried to tell it. */
    static final String ATTEMPTS = "attempts";
    /** Stream records live 24 hours; a record cannot come back after that, so its entry need not either. */
    static final Duration RETENTION = Duration.ofHours(48);
    /**
     * A parked notice can wait in its queue for 14 days (the queue's retention): its entry outlives that,
     * so neither a redrive nor a notice parked twice can tell it twice.
     */
    public static final Duration PARKED_RETENTION = Duration.ofDays(16);
    /** A claim outlives its holder's deadline by this much: clocks of two Lambda hosts differ a little. */
    static final Duration LEASE_GRACE = Duration.ofSeconds(1);
    /** Never a real event id (those are hex), inside the channel's prefix, where the policy lets notify read. */
    static final String PRIMING_EVENT_ID = "priming-never-written";
    /** Never a request id (those are UUIDs), so never the owner of a claim. */
    static final String PRIMING_OWNER = "priming";
    private static final int CLAIM_TRIES = 3;

    public enum State { ACQUIRED, ALREADY_POSTED, HELD, PARKED }

    /**
     * The answer to a claim; {@code heldUntil} is set when another invocation's lease holds the record,
     * {@code attempts} (this one included) when it was acquired.
     */
    public record Claim(State state, Optional<Instant> heldUntil, int attempts) {
        static Claim of(State state) {
            return new Claim(state, Optional.empty(), 0);
        }
    }

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String channelName;
    private final Clock clock;

    public PostLedger(DynamoDbClient dynamo, String tableName, String channelName, Clock clock) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.channelName = channelName;
        this.clock = clock;
    }

    /** The table is per env and shared by every channel's notify function. */
    String key(String eventId) {
        return LedgerTable.keyPrefix(channelName) + eventId;
    }

    /** Notify's claim: a record already parked is left to the redrive ({@link State#PARKED}). */
    Claim claim(String eventId, String owner, Instant leaseUntil) {
        return claim(eventId, owner, leaseUntil, false);
    }

    /**
     * Notify's claim, waiting for another invocation's lease to end. That lease means the other invocation died
     * or timed out (a shard is read by one invocation at a time), so this one waits until the lease ends, for at
     * most {@code longestWait} (read after the first claim: how long the invocation can wait and still post). A
     * lease ending later than that is still waited for as far as time allows: a retry now would only find it
     * held again, and quick retries would spend the mapping's retry attempts (then the record goes to the notify
     * DLQ) before a dead invocation's lease is over. An interrupted wait answers the first claim.
     */
    Claim claimWaiting(String eventId, String owner, Instant leaseUntil, Supplier<Duration> longestWait,
            Sleeper sleeper) {
        Claim claim = claim(eventId, owner, leaseUntil);
        if (claim.state() == State.HELD && claim.heldUntil().isPresent()) {
            Duration untilFree = Duration.between(clock.instant(), claim.heldUntil().get()).plusMillis(1);
            Duration wait = min(max(untilFree, Duration.ZERO), longestWait.get());
            if (!wait.isZero()) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return claim;
                }
            }
            claim = claim(eventId, owner, leaseUntil);
        }
        return claim;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The redrive's claim: a PARKED entry (or none at all, or a released or abandoned one) is taken. */
    public Claim claimParked(String eventId, String owner, Instant leaseUntil) {
        return claim(eventId, owner, leaseUntil, true);
    }

    private Claim claim(String eventId, String owner, Instant leaseUntil, boolean takeParked) {
        Instant now = clock.instant();
        String free = "attribute_not_exists(#id) OR #status = :released OR (#status = :inProgress AND #lease < :now)";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":inProgress", AttributeValue.fromS(IN_PROGRESS),
                ":released", AttributeValue.fromS(RELEASED),
                ":now", number(now.toEpochMilli()),
                ":owner", AttributeValue.fromS(owner),
                ":lease", number(leaseUntil.toEpochMilli()),
                ":expires", number(now.plus(takeParked ? PARKED_RETENTION : RETENTION).getEpochSecond()),
                ":channel", AttributeValue.fromS(channelName),
                ":one", number(1)));
        if (takeParked) {
            values.put(":parked", AttributeValue.fromS(PARKED));
        }
        for (int attempt = 1; attempt <= CLAIM_TRIES; attempt++) {
            Map<String, AttributeValue> stored;
            try {
                // An update, not a put: a released entry keeps counting its attempts.
                Map<String, AttributeValue> claimed = dynamo.updateItem(request -> request
                        .tableName(tableName)
                        .key(Map.of(KEY, AttributeValue.fromS(key(eventId))))
                        .updateExpression("SET #status = :inProgress, #owner = :owner, #lease = :lease, "
                                + "#expires = :expires, #channel = :channel ADD #attempts :one")
                        .conditionExpression(takeParked ? free + " OR #status = :parked" : free)
                        .expressionAttributeNames(Map.of("#id", KEY, "#status", STATUS, "#lease", LEASE_UNTIL,
                                "#owner", OWNER, "#expires", EXPIRES_AT, "#channel", CHANNEL, "#attempts", ATTEMPTS))
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.UPDATED_NEW)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                        .attributes();
                return new Claim(State.ACQUIRED, Optional.empty(), Integer.parseInt(claimed.get(ATTEMPTS).n()));
            } catch (ConditionalCheckFailedException refused) {
                // dynalite does not return the item with the refusal; DynamoDB does.
                stored = refused.hasItem() ? refused.item() : read(eventId);
            }
            if (stored.isEmpty()) {
                continue;
            }
            String status = stored.get(STATUS).s();
            if (COMPLETED.equals(status)) {
                return Claim.of(State.ALREADY_POSTED);
            }
            if (PARKED.equals(status) && !takeParked) {
                return Claim.of(State.PARKED);
            }
            if (!IN_PROGRESS.equals(status)) {
                // Released or parked between the refusal and the read: free again, claim once more.
                continue;
            }
            return new Claim(State.HELD, Optional.of(Instant.ofEpochMilli(Long.parseLong(stored.get(LEASE_UNTIL).n()))), 0);
        }
        throw new IllegalStateException("ledger entry " + key(eventId) + " refused the claim but was free when read, "
                + CLAIM_TRIES + " times");
    }

    /** False when the lease was lost (it ended and someone else claimed the record): nothing is changed then. */
    public boolean complete(String eventId, String owner) {
        return complete(eventId, owner, RETENTION);
    }

    /**
     * As {@link #complete(String, String)}, the entry kept for {@code retention}: the redrive keeps it as
     * long as a copy of the notice could still wait in the queue.
     */
    public boolean complete(String eventId, String owner, Duration retention) {
        try {
            dynamo.updateItem(request -> request
                    .tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(key(eventId))))
                    .updateExpression("SET #status = :completed, #expires = :expires REMOVE #lease")
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#expires", EXPIRES_AT, "#lease", LEASE_UNTIL,
                            "#owner", OWNER))
                    .expressionAttributeValues(Map.of(":completed", AttributeValue.fromS(COMPLETED),
                            ":expires", number(clock.instant().plus(retention).getEpochSecond()),
                            ":owner", AttributeValue.fromS(owner))));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    /**
     * Marks this invocation's claim RELEASED, keeping its attempt count, so the record's retry can claim it
     * and notify can tell how often it failed. Someone else's claim is left alone.
     */
    void release(String eventId, String owner) {
        free(eventId, owner, RELEASED, RETENTION);
    }

    /**
     * Marks this invocation's claim PARKED: the record's notice waits in the channel's notices queue, and
     * only the redrive claims it now. False when the claim was lost (nothing is changed then).
     */
    boolean park(String eventId, String owner) {
        return free(eventId, owner, PARKED, PARKED_RETENTION);
    }

    /** The redrive could not tell the notice: PARKED again, for the next redrive. */
    public void unpark(String eventId, String owner) {
        free(eventId, owner, PARKED, PARKED_RETENTION);
    }

    private boolean free(String eventId, String owner, String status, Duration retention) {
        try {
            dynamo.updateItem(request -> request
                    .tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(key(eventId))))
                    .updateExpression("SET #status = :status, #expires = :expires REMOVE #owner, #lease")
                    .conditionExpression("#owner = :owner AND #status = :inProgress")
                    .expressionAttributeNames(Map.of("#owner", OWNER, "#status", STATUS, "#expires", EXPIRES_AT,
                            "#lease", LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner),
                            ":inProgress", AttributeValue.fromS(IN_PROGRESS),
                            ":status", AttributeValue.fromS(status),
                            ":expires", number(clock.instant().plus(retention).getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException notOurs) {
            // Someone else's claim now, or gone: either way not ours to change.
            return false;
        }
    }

    /**
     * For SnapStart priming: the mark of a post for an entry that is never claimed, which DynamoDB refuses (its
     * owner is not ours: it has none), and a read of it. Nothing is written.
     */
    void prime() {
        if (complete(PRIMING_EVENT_ID, PRIMING_OWNER)) {
            throw new IllegalStateException("ledger entry " + key(PRIMING_EVENT_ID) + " was marked: it must never be claimed");
        }
        read(PRIMING_EVENT_ID);
    }

    private Map<String, AttributeValue> read(String eventId) {
        return dynamo.getItem(request -> request
                .tableName(tableName)
                .key(Map.of(KEY, AttributeValue.fromS(key(eventId))))
                .consistentRead(true)).item();
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
