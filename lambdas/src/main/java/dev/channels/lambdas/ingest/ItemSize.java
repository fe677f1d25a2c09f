package dev.channels.lambdas.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An upper bound of an item's size as DynamoDB counts it against its 400 KB limit: attribute names
 * and strings in UTF-8 bytes, numbers about one byte per two significant digits plus one, booleans
 * and nulls one byte, lists and maps three bytes plus one per element (plus the member names). It
 * over-counts numbers (every digit in the text counts as significant) and never under-counts.
 */
final class ItemSize {
    /** DynamoDB's item size limit, names and values together. */
    static final int DYNAMODB_LIMIT = 400 * 1024;
    /**
     * Items estimated above this go to S3. The 50 KB margin covers the metadata attributes and any
     * rule this estimate gets wrong; a body this big is rare, so the margin costs little.
     */
    static final int INLINE_LIMIT = 350 * 1024;
    private static final int MAX_NUMBER_BYTES = 21;

    private ItemSize() {
    }

    static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + value(attribute.getValue());
        }
        return size;
    }

    private static long value(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> number(value.n());
            case B -> value.b().asByteArrayUnsafe().length;
            case BOOL, NUL -> 1;
            case L -> 3 + elements(value.l());
            case M -> 3 + value.m().size() + of(value.m());
            case SS -> value.ss().stream().mapToLong(ItemSize::utf8).sum();
            case NS -> value.ns().stream().mapToLong(ItemSize::number).sum();
            case BS -> value.bs().stream().mapToLong(bytes -> bytes.asByteArrayUnsafe().length).sum();
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("attribute of unknown type");
        };
    }

    private static long elements(List<AttributeValue> elements) {
        long size = 0;
        for (AttributeValue element : elements) {
            size += 1 + value(element);
        }
        return size;
    }

    private static long number(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        return Math.min(MAX_NUMBER_BYTES, 2 + (digits + 1) / 2);
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
