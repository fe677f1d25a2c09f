package dev.channels.lambdas.ingest;

import dev.channels.lambdas.MetadataAttributes;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Writes an item only when it is newer than the stored one, in one conditional PutItem: no read
 * before the write, no lost update between two concurrent writers. A refused write is not an error:
 * the stored item is as new (a duplicate) or newer (this one is stale).
 *
 * <p>To tell duplicate from stale, the write asks DynamoDB to return the stored item with the
 * refusal ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}). An emulator that does not return
 * it (dynalite 4.0.0 ignores the parameter) gets a consistent GetItem of the two version attributes
 * instead. Both give the same answer; only the count (duplicate or stale) depends on it.
 */
final class ConditionalWriter {
    private static final String NEWER = "attribute_not_exists(#v) OR attribute_not_exists(#k) OR #k <> :k OR #v < :v";
    /** A replayed body also re-applies an equal version: that is what a replay after a bug is for. */
    private static final String NOT_OLDER = "attribute_not_exists(#v) OR attribute_not_exists(#k) OR #k <> :k OR #v <= :v";
    private static final Map<String, String> NAMES =
            Map.of("#v", MetadataAttributes.VERSION, "#k", MetadataAttributes.VERSION_KIND);
    /** Attempts when the stored item vanishes between the refusal and the read (a concurrent delete). */
    private static final int ATTEMPTS = 3;

    enum Outcome { WRITTEN, DUPLICATE, STALE }

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String idProperty;

    ConditionalWriter(DynamoDbClient dynamo, String tableName, String idProperty) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.idProperty = idProperty;
    }

    /** {@code item} must already hold the version's metadata attributes. */
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
                return version.isStoredIn(stored, MetadataAttributes.VERSION, MetadataAttributes.VERSION_KIND)
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
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":v", version.numberValue(), ":k", version.kindValue()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    private Map<String, AttributeValue> storedVersion(String id) {
        return dynamo.getItem(request -> request
                .tableName(tableName)
                .key(Map.of(idProperty, AttributeValue.fromS(id)))
                .projectionExpression("#v, #k")
                .expressionAttributeNames(NAMES)
                .consistentRead(true)).item();
    }
}
