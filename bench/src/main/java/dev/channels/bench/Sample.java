package dev.channels.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One forked JVM's measurements: the {@code COLDSTART key=value ...} line its driver printed. */
record Sample(Map<String, String> values) {
    static final String MARKER = "COLDSTART ";

    /** The driver's line in a fork's output, if it printed one. */
    static Optional<Sample> find(String output) {
        for (String line : output.split("\\R")) {
            if (line.startsWith(MARKER)) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String pair : line.substring(MARKER.length()).trim().split(" ")) {
                    int eq = pair.indexOf('=');
                    values.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                return Optional.of(new Sample(values));
            }
        }
        return Optional.empty();
    }

    boolean ok() {
        return "true".equals(values.get("ok"));
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    long get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("sample has no " + key + ": " + values);
        }
        return Long.parseLong(value);
    }
}
