package dev.channels.lambdas.ingest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item kept in DynamoDB for a body that went to S3: the id, the version property and the small
 * top-level scalars (strings up to {@value #MAX_STRING_BYTES} bytes, numbers, booleans, nulls), so
 * GSIs, queries and the Slack title keep working. Nested objects, arrays and long strings stay in
 * the S3 body only.
 */
final class ClaimCheck {
    /** DynamoDB's limit for a sort key value: any scalar kept here can still be a GSI key. */
    static final int MAX_STRING_BYTES = 1024;
    /** What the kept scalars may add up to: a small item, far from the 400 KB limit. */
    static final int SCALAR_BUDGET_BYTES = 32 * 1024;

    private ClaimCheck() {
    }

    static Map<String, AttributeValue> slim(ParsedItem parsed, String idProperty, Optional<String> versionProperty) {
        Map<String, AttributeValue> kept = new LinkedHashMap<>();
        kept.put(idProperty, parsed.attributes().get(idProperty));
        versionProperty.map(name -> parsed.attributes().get(name)).ifPresent(value -> kept.put(versionProperty.get(), value));
        long budget = SCALAR_BUDGET_BYTES;
        // Sorted, so which scalars are kept does not depend on map iteration order.
        for (Map.Entry<String, AttributeValue> attribute : new TreeMap<>(parsed.attributes()).entrySet()) {
            if (kept.containsKey(attribute.getKey()) || !isSmallScalar(attribute.getValue())) {
                continue;
            }
            long size = ItemSize.of(Map.of(attribute.getKey(), attribute.getValue()));
            if (size <= budget) {
                kept.put(attribute.getKey(), attribute.getValue());
                budget -= size;
            }
        }
        return kept;
    }

    private static boolean isSmallScalar(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s().getBytes(StandardCharsets.UTF_8).length <= MAX_STRING_BYTES;
            case N, BOOL, NUL -> true;
            default -> false;
        };
    }
}
