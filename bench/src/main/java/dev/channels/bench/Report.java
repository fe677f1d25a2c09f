package dev.channels.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The printed table: p50/p90 per kind and phase, classes loaded, peak resident memory, and the ratios to the
 * targets. A phase a kind does not run (priming, the batches) is left out of its rows.
 */
final class Report {
    /**
     * Issue 11's target (issue 3's was 1.5x): ingest's fresh JVM to its first batch within this multiple of the
     * floor's CPU.
     */
    static final double TARGET_RATIO = 2.0;
    /** Issue 11's target: the first invocation after SnapStart priming within this multiple of a warm one. */
    static final double PRIMED_TARGET_RATIO = 2.0;

    /** {@code key}: the driver's name of the phase, which its values start with; null for a sum of phases. */
    private record Phase(String name, String key, ToLongFunction<Sample> cpu, ToLongFunction<Sample> wall,
            ToLongFunction<Sample> classes) {

        Phase(String name, String key) {
            this(name, key, s -> s.get(key + "_cpu_ns"), s -> s.get(key + "_wall_ns"), s -> s.get(key + "_classes"));
        }

        boolean ranIn(List<Sample> samples) {
            return key == null || samples.stream().allMatch(sample -> sample.has(key + "_cpu_ns"));
        }

        /** Peak resident memory at the end of the phase, in MB; -1 where the driver could not read it. */
        ToLongFunction<Sample> rss() {
            String rss = key + "_rss_kb";
            return key == null ? null : s -> s.has(rss) && s.get(rss) >= 0 ? s.get(rss) / 1024 : -1;
        }
    }

    private static final List<Phase> PHASES = List.of(
            new Phase("JVM start -> main", "jvm", s -> s.get("jvm_cpu_ns"), s -> s.get("jvm_wall_ns"),
                    s -> s.get("jvm_classes")),
            new Phase("init", "init"),
            new Phase("priming (beforeCheckpoint)", "prime"),
            new Phase("restore hook (afterRestore)", "restore"),
            new Phase("first invocation", "first"),
            new Phase("init + first", null, s -> s.get("init_cpu_ns") + s.get("first_cpu_ns"),
                    s -> s.get("init_wall_ns") + s.get("first_wall_ns"), null),
            new Phase("JVM start -> first done", "first", s -> s.get("first_total_cpu_ns"),
                    s -> s.get("first_total_wall_ns"), s -> s.get("first_classes")),
            new Phase("warm invocation", "warm"),
            new Phase("warm batch of 10", "batch10"),
            new Phase("warm batch of 100", "batch100"));

    private Report() {
    }

    static void table(PrintStream out, Map<String, List<Sample>> rows) {
        out.printf(Locale.ROOT, "%-20s %-27s %8s %8s %9s %9s %8s %8s%n", "kind", "phase",
                "CPU s", "CPU s", "wall ms", "wall ms", "classes", "RSS MB");
        out.printf(Locale.ROOT, "%-20s %-27s %8s %8s %9s %9s %8s %8s%n", "", "", "p50", "p90", "p50", "p90", "p50", "p50");
        for (Map.Entry<String, List<Sample>> row : rows.entrySet()) {
            List<Sample> samples = row.getValue();
            for (Phase phase : PHASES) {
                if (!phase.ranIn(samples)) {
                    continue;
                }
                long[] cpu = values(samples, phase.cpu());
                long[] wall = values(samples, phase.wall());
                String classes = phase.classes() == null ? ""
                        : Long.toString(percentile(values(samples, phase.classes()), 0.5));
                String rss = phase.rss() == null || phase.key().equals("jvm") ? ""
                        : Long.toString(percentile(values(samples, phase.rss()), 0.5));
                out.printf(Locale.ROOT, "%-20s %-27s %8.3f %8.3f %9.1f %9.1f %8s %8s%n", row.getKey(),
                        phase.name(), seconds(percentile(cpu, 0.5)), seconds(percentile(cpu, 0.9)),
                        millis(percentile(wall, 0.5)), millis(percentile(wall, 0.9)), classes, rss);
            }
        }
        out.println("RSS MB: peak resident memory of the process at the end of the phase (VmHWM, /proc/self/status);"
                + " -1 where not readable");
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

    /**
     * The first invocation after SnapStart priming against a warm invocation of the same JVM, p50 over p50, CPU
     * and wall: what a user waits for after a restore, beyond the restore itself.
     */
    static void primingRatios(PrintStream out, Map<String, List<Sample>> primedRows) {
        for (Map.Entry<String, List<Sample>> row : primedRows.entrySet()) {
            List<Sample> samples = row.getValue();
            double firstCpu = seconds(percentile(values(samples, s -> s.get("first_cpu_ns")), 0.5));
            double warmCpu = seconds(percentile(values(samples, s -> s.get("warm_cpu_ns")), 0.5));
            double firstWall = millis(percentile(values(samples, s -> s.get("first_wall_ns")), 0.5));
            double warmWall = millis(percentile(values(samples, s -> s.get("warm_wall_ns")), 0.5));
            out.printf(Locale.ROOT, "%s: first invocation after priming / warm invocation, p50: CPU %.3f s / %.3f s = %.2fx,"
                            + " wall %.1f ms / %.1f ms = %.2fx (target %.1fx: %s)%n", row.getKey(), firstCpu, warmCpu,
                    firstCpu / warmCpu, firstWall, warmWall, firstWall / warmWall, PRIMED_TARGET_RATIO,
                    firstCpu / warmCpu <= PRIMED_TARGET_RATIO && firstWall / warmWall <= PRIMED_TARGET_RATIO
                            ? "within" : "above");
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
