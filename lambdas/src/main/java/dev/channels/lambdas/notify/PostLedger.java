package dev.channels.lambdas.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Which stream records were posted to Slack, in the env's idempotency table (partition key {@code id},
 * TTL attribute {@code expiresAt}), so a redelivered record is not posted twice.
 *
 * <p>Per record ({@code eventID}) a small state machine: {@link #claim} writes IN_PROGRESS with a lease
 * that ends just after this invocation's deadline, only if no one posted it and no live lease holds
 * it; {@link #complete} marks it COMPLETED after Slack said 2xx; {@link #release} deletes the claim
 * when the post failed, so the retry can claim it again. A record whose holder died (timeout, crash)
 * is free again once the lease ends: the dead invocation cannot post any more by then.
 *
 * <p>The window that remains: Slack accepted a post and the invocation died (or DynamoDB failed)
 * before {@link #complete}. The record then stays IN_PROGRESS until its lease ends, and a redelivery
 * after that posts it again. Nothing can close it: Slack's webhook takes no idempotency key.
 */
final class PostLedger {
    static final String KEY = "id";
    static final String STATUS = "status";
    static final String OWNER = "owner";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String EXPIRES_AT = "expiresAt";
    static final String CHANNEL = "channel";
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String COMPLETED = "COMPLETED";
    /** Stream records live 24 hours; a record cannot come back after that, so its entry need not either. */
    static final Duration RETENTION = Duration.ofHours(48);
    /** Never a real event id (those are hex), inside the channel's prefix, where the policy lets notify read. */
    static final String PRIMING_EVENT_ID = "priming-never-written";
    private static final int ATTEMPTS = 3;

    enum State { ACQUIRED, ALREADY_POSTED, HELD }

    /** The answer to a claim; {@code heldUntil} is set when another invocation's lease holds the record. */
    record Claim(State state, Optional<Instant> heldUntil) {
    }

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String channelName;
    private final Clock clock;

    PostLedger(DynamoDbClient dynamo, String tableName, String channelName, Clock clock) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.channelName = channelName;
        this.clock = clock;
    }

    /** The table is per env and shared by every channel's notify function. */
    String key(String eventId) {
        return LedgerKeys.prefix(channelName) + eventId;
    }

    Claim claim(String eventId, String owner, Instant leaseUntil) {
        Instant now = clock.instant();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Map<String, AttributeValue> stored;
            try {
                dynamo.putItem(request -> request
                        .tableName(tableName)
                        .item(Map.of(
                                KEY, AttributeValue.fromS(key(eventId)),
                                STATUS, AttributeValue.fromS(IN_PROGRESS),
                                OWNER, AttributeValue.fromS(owner),
                                LEASE_UNTIL, number(leaseUntil.toEpochMilli()),
                                EXPIRES_AT, number(now.plus(RETENTION).getEpochSecond()),
                                CHANNEL, AttributeValue.fromS(channelName)))
                        .conditionExpression("attribute_not_exists(#id) OR (#status = :inProgress AND #lease < :now)")
                        .expressionAttributeNames(Map.of("#id", KEY, "#status", STATUS, "#lease", LEASE_UNTIL))
                        .expressionAttributeValues(Map.of(":inProgress", AttributeValue.fromS(IN_PROGRESS),
                                ":now", number(now.toEpochMilli())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return new Claim(State.ACQUIRED, Optional.empty());
            } catch (ConditionalCheckFailedException refused) {
                // dynalite does not return the item with the refusal; DynamoDB does.
                stored = refused.hasItem() ? refused.item() : read(eventId);
            }
            if (stored.isEmpty()) {
                continue;
            }
            if (COMPLETED.equals(stored.get(STATUS).s())) {
                return new Claim(State.ALREADY_POSTED, Optional.empty());
            }
            return new Claim(State.HELD, Optional.of(Instant.ofEpochMilli(Long.parseLong(stored.get(LEASE_UNTIL).n()))));
        }
        throw new IllegalStateException("ledger entry " + key(eventId) + " refused the claim but was gone when read, "
                + ATTEMPTS + " times");
    }

    /** False when the lease was lost (it ended and someone else claimed the record): nothing is changed then. */
    boolean complete(String eventId, String owner) {
        try {
            dynamo.updateItem(request -> request
                    .tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(key(eventId))))
                    .updateExpression("SET #status = :completed, #expires = :expires REMOVE #lease")
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#expires", EXPIRES_AT, "#lease", LEASE_UNTIL,
                            "#owner", OWNER))
                    .expressionAttributeValues(Map.of(":completed", AttributeValue.fromS(COMPLETED),
                            ":expires", number(clock.instant().plus(RETENTION).getEpochSecond()),
                            ":owner", AttributeValue.fromS(owner))));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    /** Deletes this invocation's claim, so the record's retry can claim it. Someone else's claim is left alone. */
    void release(String eventId, String owner) {
        try {
            dynamo.deleteItem(request -> request
                    .tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(key(eventId))))
                    .conditionExpression("#owner = :owner AND #status = :inProgress")
                    .expressionAttributeNames(Map.of("#owner", OWNER, "#status", STATUS))
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner),
                            ":inProgress", AttributeValue.fromS(IN_PROGRESS))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Someone else's claim now, or gone: either way not ours to delete.
        }
    }

    /** A read of a key never written, for SnapStart priming. */
    void prime() {
        dynamo.getItem(request -> request.tableName(tableName).key(Map.of(KEY, AttributeValue.fromS(key(PRIMING_EVENT_ID)))));
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
