package dev.channels.lambdas.ingest;

import dev.channels.contract.MetadataAttributes;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Writes an item only when it is newer than the stored one, in one conditional PutItem: no read
 * before the write, no lost update between two concurrent writers. A refused write is not an error:
 * the stored item is the same body at the same version (a duplicate) or newer (this one is stale).
 * Two different bodies at the same version are ordered by their SHA-256 ({@link
 * MetadataAttributes#BODY_DIGEST}), the greater one winning, so the item ends the same whatever
 * order they arrive in and a different body is never taken for a duplicate.
 *
 * <p>To tell duplicate from stale, the write asks DynamoDB to return the stored item with the
 * refusal ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}). An emulator that does not return
 * it (dynalite 4.0.0 ignores the parameter) gets a consistent GetItem of the two version attributes
 * instead. Both give the same answer; only the count (duplicate or stale) depends on it.
 */
final class ConditionalWriter {
    private static final String NEWER = "attribute_not_exists(#v) OR attribute_not_exists(#k) OR #k <> :k OR #v < :v"
            + " OR (#v = :v AND (attribute_not_exists(#d) OR #d < :d))";
    /** A replayed body also re-applies an equal version: that is what a replay after a bug is for. */
    private static final String NOT_OLDER = "attribute_not_exists(#v) OR attribute_not_exists(#k) OR #k <> :k OR #v <= :v";
    private static final Map<String, String> NAMES = Map.of("#v", MetadataAttributes.VERSION,
            "#k", MetadataAttributes.VERSION_KIND, "#d", MetadataAttributes.BODY_DIGEST);
    /** What a replayed write's condition names: it does not compare digests. */
    private static final Map<String, String> REPLAY_NAMES =
            Map.of("#v", MetadataAttributes.VERSION, "#k", MetadataAttributes.VERSION_KIND);
    /** Never true, whatever is stored: what makes priming's put a refused one. */
    private static final String NEVER = "attribute_exists(#v) AND attribute_not_exists(#v)";
    /** Attempts when the stored item vanishes between the refusal and the read (a concurrent delete). */
    private static final int ATTEMPTS = 3;
    /** A key ingest can never write (ids must not be blank), so the priming GetItem finds nothing. */
    static final String PRIMING_ID = " ";

    enum Outcome { WRITTEN, DUPLICATE, STALE }

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String idProperty;

    ConditionalWriter(DynamoDbClient dynamo, String tableName, String idProperty) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.idProperty = idProperty;
    }

    /** {@code item} must already hold the version's metadata attributes and the body digest. */
    Outcome write(String id, Map<String, AttributeValue> item, Version version, boolean replay) {
        PutItemRequest request = request(item, version, replay);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Map<String, AttributeValue> stored;
            try {
                dynamo.putItem(request);
                return Outcome.WRITTEN;
            } catch (ConditionalCheckFailedException refused) {
                stored = refused.hasItem() ? refused.item() : storedVersion(id);
            }
            if (!stored.isEmpty()) {
                boolean sameBody = item.get(MetadataAttributes.BODY_DIGEST).equals(stored.get(MetadataAttributes.BODY_DIGEST));
                return sameBody && version.isStoredIn(stored, MetadataAttributes.VERSION, MetadataAttributes.VERSION_KIND)
                        ? Outcome.DUPLICATE : Outcome.STALE;
            }
        }
        throw new IllegalStateException("item " + id + " refused the write but was gone when read, " + ATTEMPTS + " times");
    }

    PutItemRequest request(Map<String, AttributeValue> item, Version version, boolean replay) {
        return PutItemRequest.builder()
                .tableName(tableName)
                .item(item)
                .conditionExpression(replay ? NOT_OLDER : NEWER)
                .expressionAttributeNames(replay ? REPLAY_NAMES : NAMES)
                .expressionAttributeValues(replay
                        ? Map.of(":v", version.numberValue(), ":k", version.kindValue())
                        : Map.of(":v", version.numberValue(), ":k", version.kindValue(),
                                ":d", item.get(MetadataAttributes.BODY_DIGEST)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /**
     * For SnapStart priming: the conditional put of {@code item} (with its id replaced by one ingest can never
     * write) under a condition that can never hold, which DynamoDB refuses, and the read that follows a refusal
     * without the stored item. Nothing is written; the refused put costs one write unit.
     */
    void prime(Map<String, AttributeValue> item, Version version) {
        Map<String, AttributeValue> never = new HashMap<>(item);
        never.put(idProperty, AttributeValue.fromS(PRIMING_ID));
        PutItemRequest request = request(never, version, false);
        try {
            dynamo.putItem(request.toBuilder()
                    .conditionExpression("(" + request.conditionExpression() + ") AND " + NEVER)
                    .build());
            throw new IllegalStateException("DynamoDB took a put whose condition can never hold");
        } catch (ConditionalCheckFailedException expected) {
            storedVersion(PRIMING_ID);
        }
    }

    private Map<String, AttributeValue> storedVersion(String id) {
        return dynamo.getItem(request -> request
                .tableName(tableName)
                .key(Map.of(idProperty, AttributeValue.fromS(id)))
                .projectionExpression("#v, #k, #d")
                .expressionAttributeNames(NAMES)
                .consistentRead(true)).item();
    }
}
