package dev.channels.local.esm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code FilterCriteria} of an event source mapping: Lambda event filtering patterns, matched against each
 * record as Lambda builds it (for SQS with {@code body} parsed when it is JSON). A record passes when any of the
 * filters matches (no filters: every record passes). Supported in a pattern: nested objects (every key must
 * match), and per leaf a list of alternatives, each an exact string, number, boolean or {@code null},
 * {@code {"prefix": "..."}}, {@code {"suffix": "..."}}, {@code {"exists": true|false}},
 * {@code {"anything-but": value | [values] | {"prefix": ...}}}, {@code {"equals-ignore-case": "..."}},
 * {@code {"numeric": [">", 0, "<=", 5]}}. When the record's value is an array, any element may match.
 */
public final class EventFilter {
    private final List<JsonNode> patterns;

    private EventFilter(List<JsonNode> patterns) {
        this.patterns = patterns;
    }

    public static EventFilter none() {
        return new EventFilter(List.of());
    }

    /** From {@code FilterCriteria} ({@code {"Filters":[{"Pattern":"<json text>"}]}}); a pattern that is not JSON fails. */
    public static EventFilter of(JsonNode filterCriteria) {
        List<JsonNode> patterns = new ArrayList<>();
        for (JsonNode filter : filterCriteria.path("Filters")) {
            String text = filter.path("Pattern").asText();
            try {
                JsonNode pattern = Json.MAPPER.readTree(text);
                if (pattern == null || !pattern.isObject()) {
                    throw new IllegalArgumentException("FilterCriteria pattern is not a JSON object: " + text);
                }
                check(pattern, "");
                patterns.add(pattern);
            } catch (IOException e) {
                throw new IllegalArgumentException("FilterCriteria pattern is not JSON: " + text, e);
            }
        }
        return new EventFilter(List.copyOf(patterns));
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    public boolean matches(JsonNode record) {
        return patterns.isEmpty() || patterns.stream().anyMatch(pattern -> matchesObject(pattern, record));
    }

    private static void check(JsonNode pattern, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!value.isObject() && !value.isArray()) {
                throw new IllegalArgumentException("FilterCriteria: " + path + field.getKey()
                        + " must be an object or a list of values, as in {\"eventName\": [\"INSERT\"]}");
            }
            if (value.isObject()) {
                check(value, path + field.getKey() + ".");
            }
        }
    }

    private static boolean matchesObject(JsonNode pattern, JsonNode data) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = data == null ? null : data.get(field.getKey());
            JsonNode rule = field.getValue();
            boolean ok = rule.isObject() ? value != null && value.isObject() && matchesObject(rule, value) : matchesLeaf(rule, value);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code alternatives} is the list of the pattern; {@code value} may be absent (null). */
    private static boolean matchesLeaf(JsonNode alternatives, JsonNode value) {
        for (JsonNode alternative : alternatives) {
            if (alternative.isObject() && alternative.has("exists")) {
                if (alternative.get("exists").asBoolean() == (value != null && !value.isNull())) {
                    return true;
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (matchesValue(alternative, element)) {
                        return true;
                    }
                }
            } else if (matchesValue(alternative, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesValue(JsonNode alternative, JsonNode value) {
        if (!alternative.isObject()) {
            if (alternative.isNumber() && value.isNumber()) {
                return alternative.decimalValue().compareTo(value.decimalValue()) == 0;
            }
            return alternative.equals(value);
        }
        if (alternative.has("prefix")) {
            return value.isTextual() && value.asText().startsWith(alternative.get("prefix").asText());
        }
        if (alternative.has("suffix")) {
            return value.isTextual() && value.asText().endsWith(alternative.get("suffix").asText());
        }
        if (alternative.has("equals-ignore-case")) {
            return value.isTextual() && value.asText().equalsIgnoreCase(alternative.get("equals-ignore-case").asText());
        }
        if (alternative.has("anything-but")) {
            JsonNode excluded = alternative.get("anything-but");
            if (excluded.isObject()) {
                return !matchesValue(excluded, value);
            }
            if (excluded.isArray()) {
                for (JsonNode one : excluded) {
                    if (matchesValue(one, value)) {
                        return false;
                    }
                }
                return true;
            }
            return !matchesValue(excluded, value);
        }
        if (alternative.has("numeric")) {
            if (!value.isNumber()) {
                return false;
            }
            JsonNode terms = alternative.get("numeric");
            double number = value.asDouble();
            for (int i = 0; i + 1 < terms.size(); i += 2) {
                double bound = terms.get(i + 1).asDouble();
                boolean ok = switch (terms.get(i).asText()) {
                    case "=" -> number == bound;
                    case ">" -> number > bound;
                    case ">=" -> number >= bound;
                    case "<" -> number < bound;
                    case "<=" -> number <= bound;
                    default -> throw new IllegalArgumentException("FilterCriteria: unknown numeric operator " + terms.get(i));
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
        throw new IllegalArgumentException("FilterCriteria: unsupported filter rule " + alternative);
    }
}
