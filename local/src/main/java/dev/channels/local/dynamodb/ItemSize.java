package dev.channels.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * An item's size as DynamoDB counts it ("Item sizes and formats" in the DynamoDB Developer Guide): attribute
 * names plus values; strings and names in UTF-8 bytes, binaries in bytes, 1 byte for booleans and nulls, 3 bytes
 * of overhead per list or map plus 1 byte per element. Numbers take one byte per two significant digits plus
 * one, to the byte as dynalite measured them against DynamoDB (its {@code db/index.js}, {@code valSize}). Used
 * for the 400 KB item limit ({@link WriteRules}) and a stream record's {@code SizeBytes}.
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
        BigDecimal number;
        try {
            number = new BigDecimal(text.trim());
        } catch (NumberFormatException notANumber) {
            return 0; // refused by dynalite
        }
        if (number.signum() == 0) {
            return 1;
        }
        BigDecimal significant = number.stripTrailingZeros();
        int digits = significant.precision();
        int exponent = digits - significant.scale() - 1; // of the first digit, as in 1.234E+exponent
        boolean evenlyAligned = digits % 2 == 0 && exponent % 2 == 0;
        return 1 + (digits + 1) / 2 + (evenlyAligned ? 1 : 0) + (number.signum() < 0 ? 1 : 0);
    }

    private static long binary(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return base64.length();
        }
    }
}
