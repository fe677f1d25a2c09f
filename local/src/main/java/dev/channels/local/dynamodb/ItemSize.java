package dev.channels.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * An item's size as DynamoDB counts it (attribute names plus values: strings in UTF-8 bytes, numbers about
 * one byte per two digits plus one, binaries in bytes, 1 byte for booleans and nulls, 3 bytes of overhead
 * per list or map). Approximate, good enough for a stream record's {@code SizeBytes}.
 */
final class ItemSize {
    private ItemSize() {
    }

    static long of(JsonNode item) {
        long size = 0;
        for (Map.Entry<String, JsonNode> attribute : (Iterable<Map.Entry<String, JsonNode>>) item::fields) {
            size += utf8(attribute.getKey()) + value(attribute.getValue());
        }
        return size;
    }

    private static long value(JsonNode typed) {
        if (!typed.isObject() || typed.size() != 1) {
            return 0;
        }
        String type = typed.fieldNames().next();
        JsonNode value = typed.get(type);
        return switch (type) {
            case "S" -> utf8(value.asText());
            case "N" -> number(value.asText());
            case "B" -> binary(value.asText());
            case "BOOL", "NULL" -> 1;
            case "SS" -> sum(value, node -> utf8(node.asText()));
            case "NS" -> sum(value, node -> number(node.asText()));
            case "BS" -> sum(value, node -> binary(node.asText()));
            case "L" -> 3 + sum(value, ItemSize::value) + value.size();
            case "M" -> 3 + of(value) + value.size();
            default -> 0;
        };
    }

    private static long sum(JsonNode values, java.util.function.ToLongFunction<JsonNode> size) {
        long total = 0;
        for (JsonNode node : values) {
            total += size.applyAsLong(node);
        }
        return total;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long number(String text) {
        long digits = text.chars().filter(Character::isDigit).count();
        return (digits + 1) / 2 + 1;
    }

    private static long binary(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return base64.length();
        }
    }
}
