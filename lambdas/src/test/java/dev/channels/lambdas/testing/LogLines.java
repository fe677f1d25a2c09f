package dev.channels.lambdas.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a handler logged, read back: its JSON log lines and its EMF metrics lines. */
public final class LogLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogLines() {
    }

    /** Every line, parsed; a line that is not a JSON object fails the test. */
    public static List<JsonNode> parse(List<String> lines) {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            try {
                JsonNode node = JSON.readTree(line);
                if (node == null || !node.isObject()) {
                    throw new AssertionError("log line is not a JSON object: " + line);
                }
                parsed.add(node);
            } catch (IOException e) {
                throw new AssertionError("log line is not JSON: " + line, e);
            }
        }
        return parsed;
    }

    /** The log lines (not EMF) with this outcome. */
    public static List<JsonNode> withOutcome(List<String> lines, String outcome) {
        return parse(lines).stream().filter(line -> outcome.equals(line.path("outcome").asText(null))).toList();
    }

    /** The EMF documents among the lines. */
    public static List<JsonNode> emf(List<String> lines) {
        return parse(lines).stream().filter(line -> line.has("_aws")).toList();
    }

    /**
     * The metric values of the last EMF document, checked against its own directive: every declared
     * metric has a numeric value and every declared dimension a value.
     */
    public static Map<String, Long> lastMetrics(List<String> lines) {
        List<JsonNode> documents = emf(lines);
        if (documents.isEmpty()) {
            throw new AssertionError("no EMF line in " + lines);
        }
        JsonNode document = documents.get(documents.size() - 1);
        JsonNode directive = document.get("_aws").get("CloudWatchMetrics").get(0);
        Map<String, Long> values = new TreeMap<>();
        for (JsonNode metric : directive.get("Metrics")) {
            String name = metric.get("Name").asText();
            if (!document.path(name).isNumber()) {
                throw new AssertionError("metric " + name + " has no numeric value in " + document);
            }
            values.put(name, document.get(name).asLong());
        }
        for (JsonNode dimension : directive.get("Dimensions").get(0)) {
            if (!document.path(dimension.asText()).isTextual()) {
                throw new AssertionError("dimension " + dimension.asText() + " has no value in " + document);
            }
        }
        return values;
    }

    /** Reads JSON text (a Slack body, an S3 body) as a tree. */
    public static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
