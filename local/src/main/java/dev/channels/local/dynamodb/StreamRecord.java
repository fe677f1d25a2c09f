package dev.channels.local.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One captured DynamoDB stream record, with what Lambda puts in a {@code DynamodbEvent} record.
 *
 * @param eventId          unique id of the record
 * @param eventName        {@code INSERT}, {@code MODIFY} or {@code REMOVE}
 * @param sequenceNumber   increasing per stream, starting above every earlier run's (see {@link InMemoryStreamLog})
 * @param createdAt        when the write was captured ({@code ApproximateCreationDateTime}, whole seconds in the event)
 * @param keys             the item's key attributes, in DynamoDB JSON ({@code {"id":{"S":"42"}}})
 * @param oldImage         the item before the write, when the view type includes old images
 * @param newImage         the item after the write, when the view type includes new images
 * @param sizeBytes        approximate size of keys and images, as DynamoDB counts item size
 * @param streamViewType   {@code KEYS_ONLY}, {@code NEW_IMAGE}, {@code OLD_IMAGE} or {@code NEW_AND_OLD_IMAGES}
 * @param eventSourceArn   the table's stream ARN (its {@code Fn::GetAtt StreamArn})
 * @param awsRegion        the stack's region
 */
public record StreamRecord(String eventId, String eventName, long sequenceNumber, Instant createdAt, ObjectNode keys,
        Optional<ObjectNode> oldImage, Optional<ObjectNode> newImage, long sizeBytes, String streamViewType,
        String eventSourceArn, String awsRegion) {

    public StreamRecord {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(oldImage, "oldImage");
        Objects.requireNonNull(newImage, "newImage");
        Objects.requireNonNull(streamViewType, "streamViewType");
        Objects.requireNonNull(eventSourceArn, "eventSourceArn");
        Objects.requireNonNull(awsRegion, "awsRegion");
    }

    /** The sequence number as DynamoDB Streams writes it: a decimal string, zero-padded to 21 digits. */
    public String sequenceNumberText() {
        return String.format("%021d", sequenceNumber);
    }

    /**
     * The record as it appears in the {@code Records} array of the event Lambda delivers for a DynamoDB
     * stream (the shape {@code com.amazonaws.services.lambda.runtime.events.DynamodbEvent} reads).
     */
    public ObjectNode toLambdaRecord() {
        ObjectNode record = Json.object();
        record.put("eventID", eventId);
        record.put("eventName", eventName);
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", awsRegion);
        ObjectNode dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", createdAt.getEpochSecond());
        dynamodb.set("Keys", keys.deepCopy());
        newImage.ifPresent(image -> dynamodb.set("NewImage", image.deepCopy()));
        oldImage.ifPresent(image -> dynamodb.set("OldImage", image.deepCopy()));
        dynamodb.put("SequenceNumber", sequenceNumberText());
        dynamodb.put("SizeBytes", sizeBytes);
        dynamodb.put("StreamViewType", streamViewType);
        record.put("eventSourceARN", eventSourceArn);
        return record;
    }
}
