package dev.channels.lambdas.notify;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.channels.lambdas.MetadataAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads a stream record (NEW_AND_OLD_IMAGES) as a {@link Change}. One rule covers all three kinds: a
 * property is listed when its old and new values differ, so INSERT lists every new value and REMOVE
 * every last known value. The id property is left out (the message names the object) and so are
 * metadata attributes.
 */
final class ChangeReader {
    private static final String UNKNOWN_ID = "(unknown id)";

    private final String idProperty;

    ChangeReader(String idProperty) {
        this.idProperty = idProperty;
    }

    /**
     * The change, or empty when there is nothing to tell: an event name this handler does not know,
     * or a MODIFY that changed only metadata (a producer resending the same object).
     */
    Optional<Change> read(DynamodbStreamRecord record) {
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
            if (!Objects.equals(oldValue, newValue)) {
                changes.add(new PropertyChange(name, Optional.ofNullable(oldValue), Optional.ofNullable(newValue)));
            }
        }
        if (kind.get() == ChangeKind.MODIFY && changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Change(kind.get(), objectId(stream), changes));
    }

    private Map<String, String> properties(Map<String, AttributeValue> image) {
        Map<String, String> properties = new HashMap<>();
        if (image == null) {
            return properties;
        }
        image.forEach((name, value) -> {
            if (!name.equals(idProperty) && !MetadataAttributes.isMetadata(name)) {
                properties.put(name, AttributeValueJson.toJson(value));
            }
        });
        return properties;
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
