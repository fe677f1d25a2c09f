package dev.channels.lambdas.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.channels.contract.MetadataAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One inbox message as ingest writes it: the producer's object, parsed once, what orders it, and the pipeline's
 * metadata attributes, built once; from them the item, with the whole object inline or, for a body too big for
 * DynamoDB, the claim check's small set and the pointer to the body. Read by {@link InboxReader}.
 *
 * @param sentAt when SQS accepted the message (its SentTimestamp)
 * @param replay the replay tool's attributes, when the replay tool re-sent the body from the raw archive
 * @param metadata the {@link MetadataAttributes} of this version of the item, {@code PAYLOAD_KEY} aside
 */
record InboxMessage(SQSMessage message, Instant sentAt, ParsedItem parsed, Optional<Replay> replay, Version version,
        Map<String, AttributeValue> metadata) {

    /** A body the replay tool re-sent from the raw archive: the message it was first received with. */
    record Replay(String originalMessageId, Instant originalSentAt) {
    }

    InboxMessage {
        metadata = Map.copyOf(metadata);
    }

    String messageId() {
        return message.getMessageId();
    }

    String body() {
        return message.getBody();
    }

    /** The object's id, the table's partition key. */
    String id() {
        return parsed.id();
    }

    /**
     * Whether the item with the whole object stays under {@link ItemSize#INLINE_LIMIT}. Metadata names carry a
     * prefix producers may not use, so the item's size is the sum of the two parts' sizes.
     */
    boolean fitsInline() {
        return ItemSize.of(parsed.attributes()) + ItemSize.of(metadata) <= ItemSize.INLINE_LIMIT;
    }

    /** The item holding the whole object. */
    Map<String, AttributeValue> inlineItem() {
        return item(parsed.attributes());
    }

    /** The item of a body that went to the archive under {@code payloadKey}: see {@link ClaimCheck}. */
    Map<String, AttributeValue> claimCheckedItem(String payloadKey, String idProperty, Optional<String> versionProperty) {
        Map<String, AttributeValue> item = item(ClaimCheck.slim(parsed, idProperty, versionProperty));
        item.put(MetadataAttributes.PAYLOAD_KEY, AttributeValue.fromS(payloadKey));
        return item;
    }

    private Map<String, AttributeValue> item(Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.putAll(metadata);
        return item;
    }
}
