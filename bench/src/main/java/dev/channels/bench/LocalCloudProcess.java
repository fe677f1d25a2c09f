package dev.channels.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged local cloud as a child process, started the way the README's command starts it
 * ({@code java -jar local/target/channels-local.jar --env dev}): its console goes to a log file and is read for
 * the ready line and for cold starts; its endpoints come from {@code <assembly>/local-endpoints.json}; its
 * process tree (dynalite, function JVMs) is measured through /proc on Linux.
 */
final class LocalCloudProcess implements AutoCloseable {
    private static final String READY = "Press Ctrl-C to stop.";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final long startedAt;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicInteger coldStarts = new AtomicInteger();
    private final List<String> notable = new ArrayList<>();
    private volatile long readyAt;
    private final Path assembly;

    private LocalCloudProcess(Process process, long startedAt, Path assembly) {
        this.process = process;
        this.startedAt = startedAt;
        this.assembly = assembly;
    }

    /** Starts it and waits until it says it is ready. */
    static LocalCloudProcess start(ThroughputOptions options, Path consoleLog) throws IOException, InterruptedException {
        Files.deleteIfExists(options.assembly().resolve("local-endpoints.json"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.cloudJvmFlags());
        command.addAll(List.of("-jar", options.localJar().toString(), "--assembly", options.assembly().toString(),
                "--env", options.env()));
        command.addAll(options.cloudArgs());
        long startedAt = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        LocalCloudProcess cloud = new LocalCloudProcess(process, startedAt, options.assembly());
        Thread reader = new Thread(() -> cloud.readConsole(consoleLog), "local-cloud-console");
        reader.setDaemon(true);
        reader.start();
        if (!cloud.ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || !process.isAlive()) {
            cloud.close();
            throw new IllegalStateException("the local cloud did not get ready within " + START_TIMEOUT.toSeconds()
                    + " s; its console: " + consoleLog);
        }
        return cloud;
    }

    private void readConsole(Path consoleLog) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter log = new PrintWriter(Files.newBufferedWriter(consoleLog, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.println(line);
                if (line.contains(": cold start #")) {
                    coldStarts.incrementAndGet();
                } else if (line.startsWith("lambda: function JVMs")) {
                    synchronized (notable) {
                        notable.add(line.trim());
                    }
                } else if (line.startsWith(READY)) {
                    readyAt = System.nanoTime();
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    long startedAt() {
        return startedAt;
    }

    long readyAt() {
        return readyAt;
    }

    int coldStarts() {
        return coldStarts.get();
    }

    /** Console lines worth repeating above the table (the function JVM cap, when the cloud prints one). */
    List<String> notable() {
        synchronized (notable) {
            return List.copyOf(notable);
        }
    }

    /** The local cloud's endpoints, from the file it writes when ready (read with patterns: this jar has no JSON library). */
    Endpoints endpoints(String route) throws IOException {
        String json = Files.readString(assembly.resolve("local-endpoints.json"));
        return new Endpoints(URI.create(field(json, "\"" + Pattern.quote(route) + "\"\\s*:\\s*\"([^\"]+)\"")),
                URI.create(field(json, "\"dynamodb\"\\s*:\\s*\"([^\"]+)\"")),
                Path.of(field(json, "\"log\"\\s*:\\s*\"([^\"]+)\"")),
                field(json, "\"region\"\\s*:\\s*\"([^\"]+)\""));
    }

    private static String field(String json, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("local-endpoints.json has no match for " + regex);
        }
        return matcher.group(1);
    }

    /** @param region what the observer's DynamoDB requests are signed for (the local cloud verifies signatures) */
    record Endpoints(URI api, URI dynamoDb, Path slackLog, String region) {
    }

    /**
     * Resident memory of the whole tree now (the cloud's JVM, dynalite, function JVMs), in KiB, and how many of its
     * processes are function JVMs; empty where /proc is not there.
     */
    Optional<TreeMemory> treeMemory() {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return Optional.empty();
        }
        long rss = statusKb(process.pid(), "VmRSS");
        int jvms = 0;
        for (ProcessHandle child : process.toHandle().descendants().toList()) {
            rss += statusKb(child.pid(), "VmRSS");
            if (child.info().command().map(c -> c.endsWith("/java") || c.endsWith("java.exe")).orElse(false)) {
                jvms++;
            }
        }
        return Optional.of(new TreeMemory(rss, jvms));
    }

    record TreeMemory(long rssKb, int functionJvms) {
    }

    /**
     * CPU time used so far by each process of the tree, in clock ticks (USER_HZ, 100 on Linux), keyed by pid and
     * labelled cloud, dynalite or functions; empty where /proc is not there.
     */
    Map<Long, CpuTicks> cpuTicks() {
        Map<Long, CpuTicks> ticks = new HashMap<>();
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return ticks;
        }
        ticks.put(process.pid(), new CpuTicks("cloud", statTicks(process.pid())));
        for (ProcessHandle child : process.toHandle().descendants().toList()) {
            String kind = child.info().command().map(c -> c.endsWith("java") || c.endsWith("java.exe")).orElse(false)
                    ? "functions" : "dynalite";
            ticks.put(child.pid(), new CpuTicks(kind, statTicks(child.pid())));
        }
        return ticks;
    }

    record CpuTicks(String kind, long ticks) {
    }

    /** CPU seconds per kind between two {@link #cpuTicks()} readings (a process that ended in between is not counted). */
    static Map<String, Double> cpuSeconds(Map<Long, CpuTicks> before, Map<Long, CpuTicks> after) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("cloud", 0.0);
        seconds.put("dynalite", 0.0);
        seconds.put("functions", 0.0);
        after.forEach((pid, now) -> {
            long then = before.containsKey(pid) ? before.get(pid).ticks() : 0;
            seconds.merge(now.kind(), (now.ticks() - then) / 100.0, Double::sum);
        });
        return seconds;
    }

    private static long statTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15 of the line)
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between listing and reading
        }
        return 0;
    }

    /** Stops it as Ctrl-C does (SIGTERM: its shutdown hook closes every service and function JVM). */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> tree = process.toHandle().descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly); // what the hook missed
    }
}
