package dev.channels.bench;

import dev.channels.support.dynalite.DynamoDbJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of the local cloud (issue 11, item 2). Not a test: it prints a table and asserts nothing. For each
 * row it starts the packaged local cloud on the synthesized app as a child process ({@link LocalCloudProcess}),
 * posts JobOrders to its REST API with W concurrent producers, and watches from outside: the table (a Scan of ids
 * through the local DynamoDB endpoint every {@code --poll-ms}; its cost is printed), the Slack sink's log, the
 * process tree's resident memory and the cold starts the cloud prints.
 *
 * <p>Rows: {@code warm} posts {@code --objects} at full speed after a warm-up; {@code steady} posts {@code --rate}
 * objects per second for {@code --steady-seconds} after a warm-up; {@code cold} posts {@code --cold-objects} the
 * moment a fresh cloud is ready and times cloud start to all stored. Run from the repository root: see
 * {@link ThroughputOptions#USAGE} and docs/design/local-cloud-throughput.md.
 */
public final class LocalThroughputBenchmark {
    private static final String ROUTE = "job-order";

    private final ThroughputOptions options;
    private final PrintStream out = System.out;
    private final PrintStream progress = System.err;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private LocalThroughputBenchmark(ThroughputOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        ThroughputOptions options;
        try {
            options = ThroughputOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new LocalThroughputBenchmark(options).run();
    }

    private void run() throws Exception {
        require(options.localJar(), "build it with: mvn -B -q package -DskipTests");
        require(options.assembly().resolve(options.env() + "-channels.template.json"),
                "synthesize it with: npx cdk synth -c env=" + options.env() + " -q");
        Files.createDirectories(options.outDir());
        List<Result> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String loadBefore = ColdStartBenchmark.loadAverage();
        for (String row : options.rows()) {
            progress.println("row " + row + " ...");
            Path console = options.outDir().resolve("cloud-" + row + ".log");
            try (LocalCloudProcess cloud = LocalCloudProcess.start(options, console)) {
                Thread stopCloud = new Thread(() -> close(cloud), "stop-local-cloud"); // on Ctrl-C too
                Runtime.getRuntime().addShutdownHook(stopCloud);
                cloud.notable().stream().filter(line -> !notes.contains(line)).forEach(notes::add);
                Observer observer = new Observer(cloud, options.env() + "-" + ROUTE, options.pollMillis());
                Result result = switch (row) {
                    case "cold" -> measure(row, cloud, observer, options.coldObjects(), 0, true);
                    case "steady" -> {
                        warmUp(cloud, observer);
                        yield measure(row, cloud, observer, options.rate() * options.steadySeconds(), options.rate(), false);
                    }
                    default -> {
                        warmUp(cloud, observer);
                        yield measure(row, cloud, observer, options.objects(), 0, false);
                    }
                };
                results.add(result);
                progress.println(result.line());
                try {
                    Runtime.getRuntime().removeShutdownHook(stopCloud);
                } catch (IllegalStateException stopping) {
                    // Ctrl-C came first: the hook is running
                }
            }
        }
        out.println();
        out.printf(Locale.ROOT, "Local cloud throughput: %s, %d producers, %s; %d processors, JVM %s%n",
                options.localJar(), options.producers(), options.assembly().resolve(options.env() + "-channels.template.json"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        out.println("load average (1, 5, 15 min) before: " + loadBefore + "; after: " + ColdStartBenchmark.loadAverage()
                + "; uptime: " + uptime());
        if (!options.cloudJvmFlags().isEmpty() || !options.cloudArgs().isEmpty()) {
            out.println("local cloud JVM flags: " + options.cloudJvmFlags() + ", arguments: " + options.cloudArgs());
        }
        notes.forEach(note -> out.println("cloud said: " + note));
        out.println(Result.HEADER);
        results.forEach(result -> out.println(result.line()));
        out.println("""
                accepted/s, stored/s, told/s: objects over the time from the first POST to the last one answered 200, first
                  seen in the table, first named in a delivered Slack message (the observer stops 20 s after the last
                  object is stored: "told n/N" says how many were told by then).
                p50/p95/p99: per object, POST answered -> item first seen. The observer looks every --poll-ms (or 3x its
                  last look's time, if longer): a BatchGetItem of the ids accepted and not seen when at most 100, else a
                  Scan of the table's ids; "look" is its mean time (scans+gets made).
                all done: first POST (cold: the cloud process's start) -> last object stored.
                cold: function JVMs started in the measured part (not the warm-up's); JVMs: most function JVMs alive at
                  once (whole run); RSS: most resident memory of the cloud's process tree at once (its JVM, dynalite,
                  function JVMs: sum of VmRSS from /proc, sampled with each look; n/a without /proc).
                CPU s: CPU time of the measured part (cold: from the start) of the cloud's JVM, dynalite (node) and the
                  function JVMs, from /proc/<pid>/stat (n/a without /proc).""");
    }

    private void warmUp(LocalCloudProcess cloud, Observer observer) throws Exception {
        if (options.warmup() > 0) {
            measure("warm-up", cloud, observer, options.warmup(), 0, false);
        }
    }

    /** Posts {@code count} objects ({@code rate} per second, 0: as fast as the producers go) and waits for them. */
    private Result measure(String row, LocalCloudProcess cloud, Observer observer, int count, int rate, boolean fromStart)
            throws Exception {
        String prefix = "tp" + runId + "-" + row.charAt(0) + (row.equals("warm-up") ? "u" : "");
        LocalCloudProcess.Endpoints endpoints = cloud.endpoints(ROUTE);
        Run run = new Run(prefix, count);
        int coldBefore = cloud.coldStarts();
        Map<Long, LocalCloudProcess.CpuTicks> cpuBefore = fromStart ? Map.of() : cloud.cpuTicks();
        observer.watch(run, endpoints);
        long begin = System.nanoTime();
        run.firstPost = begin;
        AtomicInteger next = new AtomicInteger();
        ExecutorService producers = Executors.newFixedThreadPool(options.producers());
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < options.producers(); w++) {
            futures.add(producers.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    if (rate > 0) {
                        long due = begin + (long) (i * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    post(endpoints, run, i);
                }
                return null;
            }));
        }
        Thread watcher = new Thread(() -> observer.observeUntilDone(Duration.ofSeconds(Math.max(180, count / 10))),
                "throughput-observer");
        watcher.start();
        for (Future<?> future : futures) {
            future.get();
        }
        producers.shutdown();
        watcher.join();
        long origin = fromStart ? cloud.startedAt() : begin;
        Map<String, Double> cpu = LocalCloudProcess.cpuSeconds(cpuBefore, cloud.cpuTicks());
        return run.result(row, options.producers(), rate, cloud.coldStarts() - coldBefore, observer, origin,
                fromStart ? cloud.readyAt() - cloud.startedAt() : -1, cpu);
    }

    private void post(LocalCloudProcess.Endpoints endpoints, Run run, int i) throws IOException, InterruptedException {
        String body = String.format(Locale.ROOT, "{\"id\":\"%s\",\"status\":\"open\",\"title\":\"Bench %d\",\"rate\":31.50,"
                + "\"updatedAt\":\"2026-11-25T09:00:00Z\"}", run.id(i), i);
        HttpRequest request = HttpRequest.newBuilder(endpoints.api()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                run.accepted.set(i, System.nanoTime());
                return;
            }
            if (attempt == 5 || response.statusCode() / 100 == 4) {
                throw new IllegalStateException("POST " + run.id(i) + " answered " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(100L * attempt); // a 5xx: the producer retries, as producers should
        }
    }

    /** The objects of one measured part: when each was accepted, stored and told (System.nanoTime, 0: not yet). */
    static final class Run {
        final String prefix;
        final int count;
        final AtomicLongArray accepted;
        final AtomicLongArray stored;
        final AtomicLongArray told;
        final AtomicInteger storedCount = new AtomicInteger();
        final AtomicInteger toldCount = new AtomicInteger();
        volatile long firstPost;

        Run(String prefix, int count) {
            this.prefix = prefix;
            this.count = count;
            this.accepted = new AtomicLongArray(count);
            this.stored = new AtomicLongArray(count);
            this.told = new AtomicLongArray(count);
        }

        String id(int i) {
            return String.format(Locale.ROOT, "%s-%06d", prefix, i);
        }

        /** The index of an id of this run, or -1. */
        int index(String id) {
            if (!id.startsWith(prefix + "-")) {
                return -1;
            }
            int i = Integer.parseInt(id.substring(prefix.length() + 1));
            return i < count ? i : -1;
        }

        boolean done() {
            return storedCount.get() == count && toldCount.get() == count;
        }

        Result result(String row, int producers, int rate, int coldStarts, Observer observer, long origin, long readyNanos,
                Map<String, Double> cpu) {
            long lastAccepted = max(accepted);
            long lastStored = max(stored);
            long lastTold = max(told);
            long[] latency = new long[count];
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (stored.get(i) != 0 && accepted.get(i) != 0) {
                    latency[n++] = Math.max(0, stored.get(i) - accepted.get(i));
                }
            }
            latency = Arrays.copyOf(latency, n);
            return new Result(row, count, producers, rate, perSecond(count, lastAccepted - firstPost),
                    perSecond(storedCount.get(), lastStored - firstPost), perSecond(toldCount.get(), lastTold - firstPost),
                    n == 0 ? -1 : Report.percentile(latency, 0.50), n == 0 ? -1 : Report.percentile(latency, 0.95),
                    n == 0 ? -1 : Report.percentile(latency, 0.99), storedCount.get() == count ? lastStored - origin : -1,
                    storedCount.get() == count ? lastStored - firstPost : -1, readyNanos, coldStarts, observer.peakJvms, observer.peakRssKb, observer.meanScanMillis(), observer.scans.get(), observer.batchGets.get(),
                    storedCount.get(), toldCount.get(), cpu);
        }

        private static long max(AtomicLongArray values) {
            long max = 0;
            for (int i = 0; i < values.length(); i++) {
                max = Math.max(max, values.get(i));
            }
            return max;
        }

        private static double perSecond(int n, long nanos) {
            return nanos <= 0 ? 0 : n / (nanos / 1e9);
        }
    }

    /** Watches the table and the Slack log from outside, and samples the process tree. */
    static final class Observer {
        static final int BATCH_GET_LIMIT = 100;
        static final Duration TOLD_GRACE = Duration.ofSeconds(20);
        private static final Pattern LAST_KEY = Pattern.compile("\"LastEvaluatedKey\":(\\{.*?\\}\\})");
        private final LocalCloudProcess cloud;
        private Run run;
        private LocalCloudProcess.Endpoints endpoints;
        private DynamoDbJson dynamoDb;
        private Pattern storedId;
        private Pattern toldId;
        private long slackOffset;
        final AtomicLong scanNanos = new AtomicLong();
        final AtomicInteger scans = new AtomicInteger();
        final AtomicInteger batchGets = new AtomicInteger();
        volatile int peakJvms;
        volatile long peakRssKb = -1;
        private final long pollMillis;

        private final String table;

        Observer(LocalCloudProcess cloud, String table, long pollMillis) {
            this.cloud = cloud;
            this.table = table;
            this.pollMillis = pollMillis;
        }

        void watch(Run run, LocalCloudProcess.Endpoints endpoints) {
            this.run = run;
            this.endpoints = endpoints;
            this.dynamoDb = new DynamoDbJson(endpoints.dynamoDb(), endpoints.region());
            this.storedId = Pattern.compile("\"S\":\"(" + Pattern.quote(run.prefix) + "-\\d{6})\"");
            this.toldId = Pattern.compile("(" + Pattern.quote(run.prefix) + "-\\d{6})");
            scans.set(0);
            batchGets.set(0);
            scanNanos.set(0);
        }

        double meanScanMillis() {
            int looks = scans.get() + batchGets.get();
            return looks == 0 ? 0 : scanNanos.get() / 1e6 / looks;
        }

        /**
         * Observes until every object is stored and told, or {@code limit} has passed, or {@link #TOLD_GRACE} has
         * passed since the last object was stored (Slack may lag far behind: told/s is then over what was told).
         */
        void observeUntilDone(Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            try {
                while (!run.done() && System.nanoTime() < deadline) {
                    if (run.storedCount.get() == run.count && deadline - System.nanoTime() > TOLD_GRACE.toNanos()) {
                        deadline = System.nanoTime() + TOLD_GRACE.toNanos();
                    }
                    long took = observeTable();
                    readSlackLog();
                    cloud.treeMemory().ifPresent(memory -> {
                        peakJvms = Math.max(peakJvms, memory.functionJvms());
                        peakRssKb = Math.max(peakRssKb, memory.rssKb());
                    });
                    Thread.sleep(Math.max(pollMillis, took * 3 / 1_000_000)); // the observer's reads: at most a quarter of the time
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("observing the local cloud failed", e);
            }
        }

        /**
         * Looks for the objects not seen yet: with a BatchGetItem of their ids when at most
         * {@link #BATCH_GET_LIMIT} are accepted and not seen (cheap, as in the steady row), else with a Scan of the
         * table's ids. Returns how long it took.
         */
        private long observeTable() throws IOException, InterruptedException {
            long start = System.nanoTime();
            List<Integer> outstanding = new ArrayList<>();
            for (int i = 0; i < run.count && outstanding.size() <= BATCH_GET_LIMIT; i++) {
                if (run.stored.get(i) == 0 && run.accepted.get(i) != 0) {
                    outstanding.add(i);
                }
            }
            List<String> pages = new ArrayList<>();
            if (outstanding.isEmpty()) {
                return 0;
            } else if (outstanding.size() <= BATCH_GET_LIMIT) {
                StringBuilder keys = new StringBuilder();
                for (int i : outstanding) {
                    keys.append(keys.isEmpty() ? "" : ",").append("{\"id\":{\"S\":\"").append(run.id(i)).append("\"}}");
                }
                pages.add(dynamoDb.call("BatchGetItem", "{\"RequestItems\":{\"" + table + "\":{\"Keys\":[" + keys
                        + "],\"ProjectionExpression\":\"#i\",\"ExpressionAttributeNames\":{\"#i\":\"id\"}}}}"));
                batchGets.incrementAndGet();
            } else {
                String startKey = null;
                do {
                    String body = dynamoDb.call("Scan", "{\"TableName\":\"" + table + "\",\"ProjectionExpression\":\"#i\","
                            + "\"ExpressionAttributeNames\":{\"#i\":\"id\"}" + (startKey == null ? "" : ",\"ExclusiveStartKey\":" + startKey) + "}");
                    pages.add(body);
                    Matcher last = LAST_KEY.matcher(body);
                    startKey = last.find() ? last.group(1) : null;
                } while (startKey != null);
                scans.incrementAndGet();
            }
            long took = System.nanoTime() - start;
            scanNanos.addAndGet(took);
            for (String page : pages) {
                Matcher id = storedId.matcher(page);
                while (id.find()) {
                    int i = run.index(id.group(1));
                    if (i >= 0 && run.stored.compareAndSet(i, 0, start)) { // the item was there when the look began at the latest
                        run.storedCount.incrementAndGet();
                    }
                }
            }
            return took;
        }

        private void readSlackLog() throws IOException {
            Path log = endpoints.slackLog();
            if (!Files.exists(log)) {
                return;
            }
            long now = System.nanoTime();
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                if (file.length() <= slackOffset) {
                    return;
                }
                file.seek(slackOffset);
                byte[] bytes = new byte[(int) (file.length() - slackOffset)];
                file.readFully(bytes);
                String text = new String(bytes, StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n');
                if (end < 0) {
                    return; // a line still being written
                }
                slackOffset += text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
                for (String line : text.substring(0, end).split("\n")) {
                    if (!line.contains("\"delivered\":true")) {
                        continue;
                    }
                    Matcher id = toldId.matcher(line);
                    while (id.find()) {
                        int i = run.index(id.group(1));
                        if (i >= 0 && run.told.compareAndSet(i, 0, now)) {
                            run.toldCount.incrementAndGet();
                        }
                    }
                }
            }
        }
    }

    record Result(String row, int objects, int producers, int rate, double acceptedPerSecond, double storedPerSecond,
            double toldPerSecond, long p50, long p95, long p99, long allStoredNanos, long fromFirstPostNanos, long readyNanos, int coldStarts,
            int peakJvms, long peakRssKb, double scanMillis, int scans, int batchGets, int stored, int told, Map<String, Double> cpu) {
        static final String HEADER = String.format(Locale.ROOT, "%-7s %7s %3s %5s %10s %9s %8s %8s %8s %8s %9s %6s %5s %8s %18s  %s",
                "row", "objects", "W", "rate", "accepted/s", "stored/s", "told/s", "p50 s", "p95 s", "p99 s", "all done",
                "cold", "JVMs", "RSS MiB", "look ms (scan+get)", "CPU s cloud/dynalite/functions");

        String line() {
            String rateText = rate == 0 ? "max" : Integer.toString(rate);
            String done = allStoredNanos < 0 ? "n/a " + stored + "/" + objects : String.format(Locale.ROOT, "%.1f s", allStoredNanos / 1e9);
            String line = String.format(Locale.ROOT, "%-7s %7d %3d %5s %10.0f %9.0f %8.0f %8.2f %8.2f %8.2f %9s %6d %5d %8s %18s",
                    row, objects, producers, rateText, acceptedPerSecond, storedPerSecond, toldPerSecond, p50 / 1e9, p95 / 1e9,
                    p99 / 1e9, done, coldStarts, peakJvms, peakRssKb < 0 ? "n/a" : Long.toString(peakRssKb / 1024),
                    String.format(Locale.ROOT, "%.0f (%d+%d)", scanMillis, scans, batchGets));
            line += cpu.values().stream().allMatch(v -> v == 0) ? "  n/a" : String.format(Locale.ROOT, "  %.1f/%.1f/%.1f",
                    cpu.get("cloud"), cpu.get("dynalite"), cpu.get("functions"));
            if (told < objects) {
                line += "  (told " + told + "/" + objects + ")";
            }
            if (readyNanos >= 0) {
                line += String.format(Locale.ROOT, "  (cloud ready after %.1f s; first POST -> all stored %.1f s)", readyNanos / 1e9,
                        fromFirstPostNanos / 1e9);
            }
            return line;
        }
    }

    private static void close(LocalCloudProcess cloud) {
        try {
            cloud.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String uptime() {
        try {
            double seconds = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0]);
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void require(Path path, String hint) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " not found (run from the repository root): " + hint);
        }
    }
}
