package dev.channels.lambdas.ingest;

import dev.channels.contract.IndexKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's documented rules that refuse an item for good, checked before the write so that such a
 * message is parked at once with a reason a person can act on, instead of failing every receive: an
 * empty or over-long key value, a key of the wrong type, nesting deeper than 32 levels, a number with
 * more than 38 significant digits or outside 1E-130 .. 9.99E+125, an item over 400 KB.
 * (Developer Guide: "Service, account, and table quotas in Amazon DynamoDB" and "Supported data
 * types and naming rules".)
 */
final class StorageRules {
    /** DynamoDB supports nested attributes up to this many levels, the attribute itself being the first. */
    static final int MAX_NESTING = 32;
    static final int MAX_SIGNIFICANT_DIGITS = 38;
    private static final int NAME_LIMIT = 100;
    private static final BigDecimal SMALLEST = new BigDecimal("1E-130");
    private static final BigDecimal TOO_LARGE = new BigDecimal("1E126");

    private final String idProperty;
    private final List<IndexKey> indexKeys;

    StorageRules(String idProperty, List<IndexKey> indexKeys) {
        this.idProperty = idProperty;
        this.indexKeys = List.copyOf(indexKeys);
    }

    /** Why DynamoDB would refuse {@code item} whatever the retry, or empty when it may be written. */
    Optional<String> violation(Map<String, AttributeValue> item) {
        Optional<String> key = keyViolation(idProperty, item.get(idProperty), IndexKey.Type.S, IndexKey.Role.PARTITION,
                "the table's partition key");
        if (key.isPresent()) {
            return key;
        }
        for (IndexKey index : indexKeys) {
            AttributeValue value = item.get(index.name());
            // An item without an index key is simply not in that index.
            if (value != null) {
                key = keyViolation(index.name(), value, index.type(), index.role(), "an index " + index.role()
                        .name().toLowerCase(Locale.ROOT) + " key");
                if (key.isPresent()) {
                    return key;
                }
            }
        }
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            Optional<String> value = valueViolation(attribute.getKey(), attribute.getValue(), 1);
            if (value.isPresent()) {
                return value;
            }
        }
        long size = ItemSize.of(item);
        if (size > ItemSize.DYNAMODB_LIMIT) {
            return Optional.of("item is about " + size + " bytes after the claim check, over DynamoDB's limit of "
                    + ItemSize.DYNAMODB_LIMIT + " bytes");
        }
        return Optional.empty();
    }

    private static Optional<String> keyViolation(String name, AttributeValue value, IndexKey.Type type,
            IndexKey.Role role, String what) {
        if (value == null) {
            return Optional.of("property '" + shown(name) + "' (" + what + ") is missing");
        }
        int bytes;
        switch (type) {
            case S -> {
                if (value.s() == null) {
                    return Optional.of(wrongType(name, what, "a string"));
                }
                bytes = value.s().getBytes(StandardCharsets.UTF_8).length;
            }
            case N -> {
                if (value.n() == null) {
                    return Optional.of(wrongType(name, what, "a number"));
                }
                return Optional.empty();
            }
            default -> {
                if (value.b() == null) {
                    return Optional.of(wrongType(name, what, "binary"));
                }
                bytes = value.b().asByteArrayUnsafe().length;
            }
        }
        if (bytes == 0) {
            return Optional.of("property '" + shown(name) + "' (" + what + ") is empty; DynamoDB refuses an empty key value");
        }
        if (bytes > role.maxBytes()) {
            return Optional.of("property '" + shown(name) + "' (" + what + ") is " + bytes + " bytes; DynamoDB takes at most "
                    + role.maxBytes());
        }
        return Optional.empty();
    }

    /** A producer's property name as a reason quotes it: a name can be as long as the body. */
    private static String shown(String name) {
        return name.length() <= NAME_LIMIT ? name : SqsDeadLetters.shortened(name, NAME_LIMIT) + "\u2026";
    }

    private static String wrongType(String name, String what, String expected) {
        return "property '" + shown(name) + "' (" + what + ") must be " + expected;
    }

    /**
     * {@code level}: the attribute's own value is level 1, what a map or list at level n holds is level
     * n + 1. DynamoDB refuses any value below level 32: 31 maps around a string are stored, 32 are not.
     */
    private static Optional<String> valueViolation(String name, AttributeValue value, int level) {
        if (level > MAX_NESTING) {
            return Optional.of("property '" + shown(name) + "' nests maps and lists deeper than DynamoDB's "
                    + MAX_NESTING + " levels");
        }
        switch (value.type()) {
            case N:
                return numberViolation(name, value.n());
            case NS:
                for (String number : value.ns()) {
                    Optional<String> violation = numberViolation(name, number);
                    if (violation.isPresent()) {
                        return violation;
                    }
                }
                return Optional.empty();
            case M:
            case L:
                List<AttributeValue> children = value.type() == AttributeValue.Type.M
                        ? List.copyOf(value.m().values()) : value.l();
                for (AttributeValue child : children) {
                    Optional<String> violation = valueViolation(name, child, level + 1);
                    if (violation.isPresent()) {
                        return violation;
                    }
                }
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private static Optional<String> numberViolation(String name, String text) {
        BigDecimal number;
        try {
            number = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return Optional.of("property '" + shown(name) + "' holds a number DynamoDB cannot read");
        }
        if (number.signum() == 0) {
            return Optional.empty();
        }
        BigDecimal magnitude = number.abs();
        if (magnitude.stripTrailingZeros().precision() > MAX_SIGNIFICANT_DIGITS) {
            return Optional.of("property '" + shown(name) + "' holds a number with more than " + MAX_SIGNIFICANT_DIGITS
                    + " significant digits, DynamoDB's limit");
        }
        if (magnitude.compareTo(TOO_LARGE) >= 0 || magnitude.compareTo(SMALLEST) < 0) {
            return Optional.of("property '" + shown(name) + "' holds a number outside DynamoDB's range (1E-130 to "
                    + "9.9999999999999999999999999999999999999E+125, positive or negative)");
        }
        return Optional.empty();
    }
}
