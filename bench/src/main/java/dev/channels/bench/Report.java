package dev.channels.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The printed table: p50/p90 per kind and phase, classes loaded, and the ratio to the floor. */
final class Report {
    /** The target: ingest init + first batch within this multiple of the floor's CPU. */
    static final double TARGET_RATIO = 1.5;

    private record Phase(String name, ToLongFunction<Sample> cpu, ToLongFunction<Sample> wall,
            ToLongFunction<Sample> classes) {
    }

    private static final List<Phase> PHASES = List.of(
            new Phase("JVM start -> main", s -> s.get("jvm_cpu_ns"), s -> s.get("jvm_wall_ns"),
                    s -> s.get("jvm_classes")),
            new Phase("init", s -> s.get("init_cpu_ns"), s -> s.get("init_wall_ns"),
                    s -> s.get("init_classes")),
            new Phase("first invocation", s -> s.get("first_cpu_ns"), s -> s.get("first_wall_ns"),
                    s -> s.get("first_classes")),
            new Phase("init + first", s -> s.get("init_cpu_ns") + s.get("first_cpu_ns"),
                    s -> s.get("init_wall_ns") + s.get("first_wall_ns"), null),
            new Phase("JVM start -> first done", s -> s.get("first_total_cpu_ns"),
                    s -> s.get("first_total_wall_ns"), s -> s.get("first_classes")),
            new Phase("warm invocation", s -> s.get("warm_cpu_ns"), s -> s.get("warm_wall_ns"),
                    s -> s.get("warm_classes")));

    private Report() {
    }

    static void table(PrintStream out, Map<String, List<Sample>> rows) {
        out.printf(Locale.ROOT, "%-16s %-24s %9s %9s %9s %9s %9s%n", "kind", "phase",
                "CPU s", "CPU s", "wall ms", "wall ms", "classes");
        out.printf(Locale.ROOT, "%-16s %-24s %9s %9s %9s %9s %9s%n", "", "", "p50", "p90", "p50", "p90", "p50");
        for (Map.Entry<String, List<Sample>> row : rows.entrySet()) {
            List<Sample> samples = row.getValue();
            for (Phase phase : PHASES) {
                long[] cpu = values(samples, phase.cpu());
                long[] wall = values(samples, phase.wall());
                String classes = phase.classes() == null ? ""
                        : Long.toString(percentile(values(samples, phase.classes()), 0.5));
                out.printf(Locale.ROOT, "%-16s %-24s %9.3f %9.3f %9.1f %9.1f %9s%n", row.getKey(),
                        phase.name(), seconds(percentile(cpu, 0.5)), seconds(percentile(cpu, 0.9)),
                        millis(percentile(wall, 0.5)), millis(percentile(wall, 0.9)), classes);
            }
        }
    }

    /**
     * Ingest against the floor, p50 over p50, on two bases: the whole process up to the first
     * response (what a cold start costs, JVM boot included on both sides) and init + first alone.
     */
    static void ratios(PrintStream out, List<Sample> floor, Map<String, List<Sample>> ingestRows) {
        if (floor == null || ingestRows.isEmpty()) {
            return;
        }
        for (Map.Entry<String, List<Sample>> ingest : ingestRows.entrySet()) {
            ratio(out, ingest.getKey(), "JVM start -> first batch done", ingest.getValue(), floor,
                    s -> s.get("first_total_cpu_ns"));
            ratio(out, ingest.getKey(), "init + first only", ingest.getValue(), floor,
                    s -> s.get("init_cpu_ns") + s.get("first_cpu_ns"));
        }
    }

    private static void ratio(PrintStream out, String name, String basis, List<Sample> handler, List<Sample> floor,
            ToLongFunction<Sample> metric) {
        double h = seconds(percentile(values(handler, metric), 0.5));
        double f = seconds(percentile(values(floor, metric), 0.5));
        double ratio = h / f;
        out.printf(Locale.ROOT, "%s / floor, CPU p50, %s: %.3f s / %.3f s = %.2fx (target %.1fx: %s)%n",
                name, basis, h, f, ratio, TARGET_RATIO, ratio <= TARGET_RATIO ? "within" : "above");
    }

    static long[] values(List<Sample> samples, ToLongFunction<Sample> metric) {
        return samples.stream().mapToLong(metric).toArray();
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Every sample's every value, one row per fork, for whoever wants more than p50/p90. */
    static List<String> csv(Map<String, List<Sample>> rows) {
        List<String> lines = new ArrayList<>();
        List<String> keys = null;
        for (Map.Entry<String, List<Sample>> row : rows.entrySet()) {
            for (Sample sample : row.getValue()) {
                if (keys == null) {
                    keys = new ArrayList<>(sample.values().keySet());
                    lines.add("row," + String.join(",", keys));
                }
                StringBuilder line = new StringBuilder(row.getKey());
                for (String key : keys) {
                    line.append(',').append(sample.values().getOrDefault(key, ""));
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }
}
