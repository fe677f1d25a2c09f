package dev.channels.local.cloudwatch;

import dev.channels.local.service.MetricsSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every datapoint of the run, by metric, in memory (a local run is short; datapoints older than
 * {@link #RETENTION} are dropped as they are added). Thread-safe.
 */
public final class MetricStore implements MetricsSink {
    /** How long datapoints are kept: long enough for any alarm's evaluation range here. */
    static final Duration RETENTION = Duration.ofHours(24);
    /** CloudWatch's limit on dimensions per metric; a datapoint with more is refused, as PutMetricData refuses it. */
    static final int MAX_DIMENSIONS = 30;

    private final Map<MetricKey, List<Datapoint>> metrics = new ConcurrentHashMap<>();
    private final Clock clock;

    public MetricStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void put(String namespace, String name, Map<String, String> dimensions, double value, String unit) {
        add(MetricKey.of(namespace, name, dimensions), new Datapoint(clock.instant(), value, unit == null ? "None" : unit));
    }

    public void add(MetricKey key, Datapoint datapoint) {
        if (key.dimensions().size() > MAX_DIMENSIONS || !Double.isFinite(datapoint.value())) {
            return;
        }
        List<Datapoint> points = metrics.computeIfAbsent(key, k -> new ArrayList<>());
        Instant horizon = clock.instant().minus(RETENTION);
        synchronized (points) {
            points.removeIf(point -> point.timestamp().isBefore(horizon));
            points.add(datapoint);
        }
    }

    /** The metrics with data, optionally only those matching a filter. */
    public List<MetricKey> metrics(Predicate<MetricKey> filter) {
        return metrics.keySet().stream().filter(filter).sorted(java.util.Comparator.comparing(MetricKey::toString)).toList();
    }

    /** The values of {@code key} in {@code [start, end)}, of {@code unit} when given. */
    public double[] values(MetricKey key, Instant start, Instant end, Optional<String> unit) {
        List<Datapoint> points = metrics.get(key);
        if (points == null) {
            return new double[0];
        }
        synchronized (points) {
            return points.stream().filter(point -> !point.timestamp().isBefore(start) && point.timestamp().isBefore(end))
                    .filter(point -> unit.isEmpty() || unit.get().equals(point.unit()))
                    .mapToDouble(Datapoint::value).toArray();
        }
    }

    /** The unit the datapoints of {@code key} were put with (the last one's), {@code None} without data. */
    public String unit(MetricKey key) {
        List<Datapoint> points = metrics.get(key);
        if (points == null) {
            return "None";
        }
        synchronized (points) {
            return points.isEmpty() ? "None" : points.get(points.size() - 1).unit();
        }
    }
}
