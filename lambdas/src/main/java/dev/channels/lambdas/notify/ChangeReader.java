package dev.channels.lambdas.notify;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.channels.contract.ChangeKind;
import dev.channels.contract.MetadataAttributes;
import dev.channels.lambdas.payload.PayloadStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads a stream record (NEW_AND_OLD_IMAGES) as a {@link Change}. One rule covers all three kinds: a
 * property is listed when its old and new values differ, so INSERT lists every new value and REMOVE
 * every last known value. The id property is left out (the message names the object) and so are
 * metadata attributes. An image whose body was too big for DynamoDB points to it in the archive
 * bucket; the reader follows the pointer, so the diff covers every property, not only those kept on
 * the item. When the channel shows only some properties, the others are left out, and a MODIFY of
 * none of them has nothing to tell.
 */
final class ChangeReader {
    private static final String UNKNOWN_ID = "(unknown id)";

    private final String idProperty;
    private final PayloadStore payloads;
    private final Optional<Set<String>> shown;

    /** A reader for items held inline, showing every property. */
    ChangeReader(String idProperty) {
        this(idProperty, null, Optional.empty());
    }

    ChangeReader(String idProperty, PayloadStore payloads, Optional<Set<String>> shown) {
        this.idProperty = idProperty;
        this.payloads = payloads;
        this.shown = shown;
    }

    /**
     * The change, or empty when there is nothing to tell: an event name this handler does not know,
     * or a MODIFY that changed only metadata (a producer resending the same object) or only properties
     * the channel does not show.
     */
    Optional<Change> read(DynamodbStreamRecord record) {
        return readNotice(record).map(Notice::change);
    }

    /**
     * Like {@link #read} with the latest property values for the title. Throws when an image points
     * to a payload that cannot be read (missing object, S3 error): telling a change without it would
     * show every property the item does not hold inline as removed.
     */
    Optional<Notice> readNotice(DynamodbStreamRecord record) {
        Optional<ChangeKind> kind = ChangeKind.of(record.getEventName());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        StreamRecord stream = record.getDynamodb();
        Map<String, String> oldValues = properties(stream.getOldImage());
        Map<String, String> newValues = properties(stream.getNewImage());
        SortedSet<String> names = new TreeSet<>(oldValues.keySet());
        names.addAll(newValues.keySet());

        List<PropertyChange> changes = new ArrayList<>();
        for (String name : names) {
            String oldValue = oldValues.get(name);
            String newValue = newValues.get(name);
            if (!Objects.equals(oldValue, newValue) && isShown(name)) {
                changes.add(new PropertyChange(name, Optional.ofNullable(oldValue), Optional.ofNullable(newValue)));
            }
        }
        if (kind.get() == ChangeKind.MODIFY && changes.isEmpty()) {
            return Optional.empty();
        }
        Change change = new Change(kind.get(), objectId(stream), changes);
        return Optional.of(new Notice(change, kind.get() == ChangeKind.REMOVE ? oldValues : newValues));
    }

    private boolean isShown(String name) {
        return shown.map(names -> names.contains(name)).orElse(true);
    }

    private Map<String, String> properties(Map<String, AttributeValue> image) {
        Map<String, String> properties = new HashMap<>();
        if (image == null) {
            return properties;
        }
        AttributeValue pointer = image.get(MetadataAttributes.PAYLOAD_KEY);
        if (pointer != null && pointer.getS() != null) {
            return payload(pointer.getS());
        }
        image.forEach((name, value) -> {
            if (!name.equals(idProperty) && !MetadataAttributes.isMetadata(name)) {
                properties.put(name, AttributeValueJson.toJson(value));
            }
        });
        return properties;
    }

    private Map<String, String> payload(String key) {
        if (payloads == null) {
            throw new IllegalStateException("image points to payload " + key + " but this reader has no payload store");
        }
        String body = payloads.get(key).orElseThrow(() ->
                new IllegalStateException("payload " + key + " is missing from the archive bucket"));
        return PayloadJson.properties(body, idProperty);
    }

    /** The table's key is the id property, so the record's keys name the object in every kind of record. */
    private String objectId(StreamRecord stream) {
        AttributeValue id = stream.getKeys() == null ? null : stream.getKeys().get(idProperty);
        if (id == null) {
            return UNKNOWN_ID;
        }
        return id.getS() != null ? id.getS() : AttributeValueJson.toJson(id);
    }
}
