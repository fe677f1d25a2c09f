package dev.channels.local.cloudwatch;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One metric as CloudWatch identifies it: namespace, name and the exact set of dimensions (a metric with
 * dimensions {A, B} is a different metric from one with {A}; CloudWatch does not aggregate across them).
 */
public record MetricKey(String namespace, String name, SortedMap<String, String> dimensions) {

    public MetricKey {
        dimensions = new TreeMap<>(dimensions);
    }

    public static MetricKey of(String namespace, String name, Map<String, String> dimensions) {
        return new MetricKey(namespace, name, new TreeMap<>(dimensions));
    }

    @Override
    public SortedMap<String, String> dimensions() {
        return new TreeMap<>(dimensions);
    }
}
