package dev.channels.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A table whose writes the proxy captures into a stream.
 *
 * @param tableName      the physical table name
 * @param keyAttributes  the key schema's attribute names, hash key first
 * @param streamViewType what the records carry: {@code KEYS_ONLY}, {@code NEW_IMAGE}, {@code OLD_IMAGE}, {@code NEW_AND_OLD_IMAGES}
 * @param streamArn      the stream's ARN (the table's {@code StreamArn} attribute)
 */
public record StreamTable(String tableName, List<String> keyAttributes, String streamViewType, String streamArn) {
    private static final Set<String> VIEW_TYPES = Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES");

    public StreamTable {
        Objects.requireNonNull(tableName, "tableName");
        keyAttributes = List.copyOf(keyAttributes);
        if (keyAttributes.isEmpty() || keyAttributes.size() > 2) {
            throw new IllegalArgumentException(tableName + ": a key schema has one or two attributes, not " + keyAttributes);
        }
        if (!VIEW_TYPES.contains(streamViewType)) {
            throw new IllegalArgumentException(tableName + ": StreamViewType must be one of " + VIEW_TYPES + ", not " + streamViewType);
        }
        Objects.requireNonNull(streamArn, "streamArn");
    }

    /** The key attributes of {@code item} (or of a {@code Key}), or empty when one is missing. */
    public Optional<ObjectNode> key(JsonNode item) {
        ObjectNode key = Json.object();
        for (String attribute : keyAttributes) {
            JsonNode value = item.get(attribute);
            if (value == null || !value.isObject()) {
                return Optional.empty();
            }
            key.set(attribute, value);
        }
        return Optional.of(key);
    }

    /** The key schema's attribute names, hash first, from a {@code KeySchema} array (template or API). */
    public static List<String> keyAttributes(JsonNode keySchema) {
        String hash = null;
        String range = null;
        for (JsonNode element : keySchema) {
            if ("HASH".equals(element.path("KeyType").asText())) {
                hash = element.path("AttributeName").asText();
            } else if ("RANGE".equals(element.path("KeyType").asText())) {
                range = element.path("AttributeName").asText();
            }
        }
        if (hash == null) {
            throw new IllegalArgumentException("KeySchema has no HASH key: " + keySchema);
        }
        return range == null ? List.of(hash) : List.of(hash, range);
    }

    boolean includesOldImage() {
        return streamViewType.equals("OLD_IMAGE") || streamViewType.equals("NEW_AND_OLD_IMAGES");
    }

    boolean includesNewImage() {
        return streamViewType.equals("NEW_IMAGE") || streamViewType.equals("NEW_AND_OLD_IMAGES");
    }
}
