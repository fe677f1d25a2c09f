package dev.channels.local.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one log line into metrics as CloudWatch Logs does with the Embedded Metric Format: a JSON object whose
 * {@code _aws} member holds {@code Timestamp} (epoch milliseconds) and {@code CloudWatchMetrics} directives
 * (namespace, dimension sets, metric names and units); the values and dimension values are members of the
 * root object. A line that is not such an object, or breaks the specification's limits, gives no metrics
 * (CloudWatch Logs keeps it as a plain log event), never an exception: log lines are the function's,
 * hence untrusted.
 */
public final class EmfExtractor {
    /** One metric and its datapoint from a line. */
    public record Extracted(MetricKey key, Datapoint datapoint) {
    }

    private static final int MAX_LINE = 256 * 1024;
    private static final int MAX_METRICS = 100;
    private static final int MAX_DIMENSIONS = 30;
    private static final int MAX_VALUES = 100;
    private static final int MAX_NAME = 255;
    private static final int MAX_DIMENSION_VALUE = 1024;
    /** CloudWatch accepts datapoints up to two weeks old and two hours ahead. */
    private static final Duration MAX_AGE = Duration.ofDays(14);
    private static final Duration MAX_AHEAD = Duration.ofHours(2);

    private EmfExtractor() {
    }

    public static List<Extracted> extract(String line, Instant now) {
        String text = line.strip();
        if (text.length() > MAX_LINE || !text.startsWith("{") || !text.contains("\"_aws\"")) {
            return List.of();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (IOException notJson) {
            return List.of();
        }
        JsonNode aws = root.path("_aws");
        JsonNode directives = aws.path("CloudWatchMetrics");
        if (!aws.path("Timestamp").canConvertToLong() || !directives.isArray()) {
            return List.of();
        }
        Instant timestamp = Instant.ofEpochMilli(aws.path("Timestamp").asLong());
        if (timestamp.isBefore(now.minus(MAX_AGE)) || timestamp.isAfter(now.plus(MAX_AHEAD))) {
            return List.of();
        }
        List<Extracted> extracted = new ArrayList<>();
        for (JsonNode directive : directives) {
            extracted.addAll(directive(root, directive, timestamp));
        }
        return extracted;
    }

    private static List<Extracted> directive(JsonNode root, JsonNode directive, Instant timestamp) {
        String namespace = directive.path("Namespace").asText("");
        JsonNode dimensionSets = directive.path("Dimensions");
        JsonNode metrics = directive.path("Metrics");
        if (!validName(namespace) || namespace.startsWith("AWS/") || !dimensionSets.isArray() || !metrics.isArray()
                || metrics.size() > MAX_METRICS) {
            return List.of();
        }
        List<Map<String, String>> dimensionMaps = new ArrayList<>();
        for (JsonNode set : dimensionSets) {
            Map<String, String> dimensions = dimensions(root, set);
            if (dimensions == null) {
                return List.of();
            }
            dimensionMaps.add(dimensions);
        }
        if (dimensionMaps.isEmpty()) {
            dimensionMaps.add(Map.of());
        }
        List<Extracted> extracted = new ArrayList<>();
        for (JsonNode metric : metrics) {
            String name = metric.path("Name").asText("");
            String unit = metric.path("Unit").asText("None");
            JsonNode value = root.get(name);
            if (!validName(name) || value == null) {
                continue;
            }
            List<Double> values = new ArrayList<>();
            if (value.isNumber()) {
                values.add(value.asDouble());
            } else if (value.isArray() && value.size() <= MAX_VALUES) {
                value.forEach(element -> {
                    if (element.isNumber()) {
                        values.add(element.asDouble());
                    }
                });
            }
            for (Map<String, String> dimensions : dimensionMaps) {
                MetricKey key = MetricKey.of(namespace, name, dimensions);
                values.stream().filter(Double::isFinite)
                        .forEach(number -> extracted.add(new Extracted(key, new Datapoint(timestamp, number, unit))));
            }
        }
        return extracted;
    }

    /** A dimension set's names resolved against the root's string members; null when the set is invalid. */
    private static Map<String, String> dimensions(JsonNode root, JsonNode set) {
        if (!set.isArray() || set.size() > MAX_DIMENSIONS) {
            return null;
        }
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (JsonNode nameNode : set) {
            String name = nameNode.asText("");
            JsonNode value = root.get(name);
            if (!validName(name) || value == null || !value.isTextual() || value.asText().isEmpty()
                    || value.asText().length() > MAX_DIMENSION_VALUE) {
                return null;
            }
            dimensions.put(name, value.asText());
        }
        return dimensions;
    }

    private static boolean validName(String name) {
        return !name.isEmpty() && name.length() <= MAX_NAME && name.chars().noneMatch(Character::isISOControl);
    }
}
