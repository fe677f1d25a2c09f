package dev.channels.bench.driver;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What one forked JVM measures about itself, printed as one line the orchestrator parses:
 * {@code COLDSTART key=value ...}. CPU is the whole process (all threads: JIT, GC, application) from
 * {@link com.sun.management.OperatingSystemMXBean#getProcessCpuTime()}; wall is {@link System#nanoTime()}
 * around each phase; "jvm" is from the JVM's own start time ({@link RuntimeMXBean#getStartTime()}) to
 * the start of {@code main}; "rss" is the process's peak resident memory so far, VmHWM of {@code /proc/self/status}
 * (Linux only: the JDK has no portable peak RSS; {@code ProcessHandle} does not tell memory), read after the
 * phase's times.
 *
 * <p>Getting the management beans costs about 0.06 s CPU and 420 classes here; that cost lands in the
 * "jvm" phase, the same for every kind of sample, the floor included.
 */
final class Probe {
    static final String MARKER = "COLDSTART";

    private final com.sun.management.OperatingSystemMXBean os;
    private final ClassLoadingMXBean classLoading;
    private final long jvmToMainWallNanos;
    private final long mainNanos;
    private final StringBuilder line = new StringBuilder(MARKER);
    private long phaseCpu;
    private long phaseNanos;

    Probe(String kind) {
        long mainMillis = System.currentTimeMillis();
        mainNanos = System.nanoTime();
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        classLoading = ManagementFactory.getClassLoadingMXBean();
        jvmToMainWallNanos = TimeUnit.MILLISECONDS.toNanos(mainMillis - runtime.getStartTime());
        long cpu = os.getProcessCpuTime();
        put("kind", kind);
        put("jvm_wall_ns", jvmToMainWallNanos);
        put("jvm_cpu_ns", cpu);
        put("jvm_classes", classLoading.getLoadedClassCount());
    }

    void begin() {
        phaseCpu = os.getProcessCpuTime();
        phaseNanos = System.nanoTime();
    }

    /**
     * Ends the phase started by {@link #begin()}: its CPU and wall time, the loaded class count after it,
     * and the process totals so far (JVM start to the end of this phase).
     */
    void end(String phase) {
        long nanos = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        put(phase + "_wall_ns", nanos - phaseNanos);
        put(phase + "_cpu_ns", cpu - phaseCpu);
        put(phase + "_classes", classLoading.getLoadedClassCount());
        put(phase + "_total_wall_ns", jvmToMainWallNanos + (nanos - mainNanos));
        put(phase + "_total_cpu_ns", cpu);
        put(phase + "_rss_kb", peakRssKb());
    }

    /** VmHWM in kB, or -1 where {@code /proc/self/status} does not say (not Linux). */
    private static long peakRssKb() {
        try (FileInputStream in = new FileInputStream("/proc/self/status")) {
            String status = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int at = status.indexOf("VmHWM:");
            if (at < 0) {
                return -1;
            }
            String line = status.substring(at + "VmHWM:".length(), status.indexOf('\n', at)).trim();
            return Long.parseLong(line.substring(0, line.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One line, space-separated: whitespace in a value becomes '_' (no regex: nothing to warm up for the handler). */
    void put(String key, Object value) {
        line.append(' ').append(key).append('=');
        String text = String.valueOf(value);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            line.append(Character.isWhitespace(c) ? '_' : c);
        }
    }

    /** Prints the line; {@code ok=false} with the error when the sample did not do its work. */
    void print(Throwable error) {
        put("ok", error == null);
        if (error != null) {
            put("error", error.getClass().getName() + ":" + error.getMessage());
        }
        System.out.println(line);
        System.out.flush();
    }
}
