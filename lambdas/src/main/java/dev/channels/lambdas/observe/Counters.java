package dev.channels.lambdas.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.channels.contract.Metrics;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One invocation's counts, written as one CloudWatch Embedded Metric Format line: CloudWatch Logs
 * turns the line into metrics, no API call needed. Written by hand (a few dozen lines) rather than
 * with aws-embedded-metrics, which would add jackson-databind and commons-lang3 to the jar and to the
 * cold start; see docs/design/handlers.md.
 */
public final class Counters {
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();

    /** Every name starts at 0, so each invocation publishes all of them. */
    public Counters(String env, String channel, String handler, List<String> names) {
        dimensions.put(Metrics.ENV, env);
        dimensions.put(Metrics.CHANNEL, channel);
        dimensions.put(Metrics.HANDLER, handler);
        for (String name : names) {
            counts.put(name, 0L);
        }
    }

    public void add(String name, long amount) {
        if (!counts.containsKey(name)) {
            throw new IllegalArgumentException("metric " + name + " is not one of " + counts.keySet());
        }
        counts.merge(name, amount, Long::sum);
    }

    public void increment(String name) {
        add(name, 1);
    }

    public long get(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** The EMF document: one JSON object on one line, the metric values and dimensions at its root. */
    public String toEmf(Instant timestamp) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", timestamp.toEpochMilli());
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", Metrics.NAMESPACE);
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            for (String dimension : dimensions.keySet()) {
                json.writeString(dimension);
            }
            json.writeEndArray();
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (String name : counts.keySet()) {
                json.writeStartObject();
                json.writeStringField("Name", name);
                json.writeStringField("Unit", "Count");
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
                json.writeStringField(dimension.getKey(), dimension.getValue());
            }
            for (Map.Entry<String, Long> count : counts.entrySet()) {
                json.writeNumberField(count.getKey(), count.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            // Writing to a StringWriter does no I/O.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
