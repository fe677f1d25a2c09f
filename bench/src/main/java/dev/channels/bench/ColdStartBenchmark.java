package dev.channels.bench;

import dev.channels.bench.Options.HandlerJar;
import dev.channels.bench.Options.Kind;
import dev.channels.contract.HandlerEnv;
import dev.channels.support.dynalite.Dynalite;
import dev.channels.support.dynalite.DynamoDbJson;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold-start benchmark of the handlers (issue 3, item 8; issue 11: warm batches written concurrently and
 * one after the other, and the first invocation after SnapStart priming). Not a test: it prints numbers
 * and asserts none. For each JDK, it starts dynalite (the local DynamoDB server) and local Slack / Secrets
 * Manager / S3 stubs, then forks a fresh JVM per sample, round-robin over the kinds, with the same JVM
 * flags for all. Each fork's driver measures itself and prints one line; this program prints p50/p90 per
 * phase, classes loaded, peak resident memory, the handler jar's size and the ratios to the targets.
 *
 * <p>Run from the repository root: see {@link Options#USAGE} and docs/design/cold-start.md.
 */
public final class ColdStartBenchmark {
    private static final String HANDLER_DRIVER = "dev.channels.bench.driver.HandlerDriver";
    private static final String FLOOR_DRIVER = "dev.channels.bench.driver.FloorDriver";
    private static final String SDK_DRIVER = "dev.channels.bench.driver.SdkDriver";
    /**
     * Where org.crac registers the handlers' SnapStart hooks: in the driver's stand-in for Lambda's runtime
     * context, as Lambda's runtime sets it to its own ({@code com.amazonaws.services.lambda.crac}).
     */
    static final String CRAC_COMPAT = "-Dorg.crac.Core.Compat=dev.channels.bench.driver.crac";
    private static final String HANDLER_TABLE = "bench-job-order";
    private static final String FLOOR_TABLE = "bench-floor";
    private static final String SDK_TABLE = "bench-sdk";
    private static final String IDEMPOTENCY_TABLE = "bench-idempotency";
    private static final String REGION = "us-east-1";
    private static final Duration FORK_TIMEOUT = Duration.ofMinutes(2);

    private final Options options;
    private final PrintStream out = System.out;
    private final PrintStream progress = System.err;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private ColdStartBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new ColdStartBenchmark(options).run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        requireFile(options.driverJar(), "build it with: mvn -B -q -pl bench -am package -DskipTests");
        for (HandlerJar jar : options.handlerJars()) {
            requireFile(jar.path(), "build it with: mvn -B -q -pl lambdas -am package -DskipTests");
        }
        for (Kind kind : options.kinds()) {
            if (kind.altHttp() != null) {
                Path dir = altHttpDir(kind);
                if (!Files.isDirectory(dir)) {
                    throw new IllegalStateException(dir + " not found: " + kind.label + " needs the alternative HTTP"
                            + " client jars: mvn -B -q -pl bench -am package -DskipTests -P http-alternatives");
                }
            }
        }
        Files.createDirectories(options.outDir());
        boolean allChecksPassed = true;
        for (int j = 0; j < options.javas().size(); j++) {
            allChecksPassed &= runOneJdk(j, options.javas().get(j));
        }
        return allChecksPassed;
    }

    /** All kinds on one JDK, each JDK against its own fresh dynalite and stubs. */
    private boolean runOneJdk(int jdkIndex, String java) throws Exception {
        Path dynaliteLog = options.outDir().resolve("dynalite-" + jdkIndex + ".log");
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        try (Dynalite dynalite = Dynalite.builder().node(options.node()).cli(options.dynaliteCli()).log(dynaliteLog).start();
                LocalStubs stubs = new LocalStubs();
                LatencyProxy proxy = new LatencyProxy(dynalite.endpoint(),
                        Duration.ofMillis(options.dynamoDbLatencyMillis()))) {
            BenchTables tables = new BenchTables(new DynamoDbJson(dynalite.endpoint()));
            tables.create(HANDLER_TABLE);
            tables.create(FLOOR_TABLE);
            tables.create(SDK_TABLE);
            tables.create(IDEMPOTENCY_TABLE);
            Map<String, String> env = childEnvironment(
                    options.dynamoDbLatencyMillis() > 0 ? proxy.endpoint() : dynalite.endpoint(), stubs);

            List<Row> rows = rows();
            int rounds = options.warmup() + options.samples();
            for (int round = 0; round < rounds; round++) {
                progress.printf("[%s] round %d/%d%s%n", java, round + 1, rounds,
                        round < options.warmup() ? " (warm-up, discarded)" : "");
                for (Row row : rows) {
                    Sample sample = fork(java, row, env, jdkIndex + "-" + round);
                    if (round >= options.warmup()) {
                        row.samples.add(sample);
                    }
                }
            }
            long elapsed = System.nanoTime() - started;
            printReport(java, rows, elapsed, loadBefore, loadAverage());
            return checks(tables, stubs, rows, rounds);
        }
    }

    /** One row per kind, and per handler jar for the handler kinds. */
    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Kind kind : options.kinds()) {
            if (!kind.usesHandlerJar()) {
                rows.add(new Row(kind.label, kind, null));
                continue;
            }
            for (HandlerJar jar : options.handlerJars()) {
                String name = jar.label().isEmpty() ? kind.label : kind.label + "[" + jar.label() + "]";
                rows.add(new Row(name, kind, jar));
            }
        }
        return rows;
    }

    private static final class Row {
        final String name;
        final Kind kind;
        final HandlerJar jar;
        final List<Sample> samples = new ArrayList<>();

        Row(String name, Kind kind, HandlerJar jar) {
            this.name = name;
            this.kind = kind;
            this.jar = jar;
        }
    }

    /**
     * What Lambda would give the function, and nothing from this machine's environment (no
     * JAVA_TOOL_OPTIONS, no AWS profile or CA bundle): region, static credentials, the function's own
     * variables, and the standard endpoint variables that point the SDK at the local servers.
     */
    private Map<String, String> childEnvironment(URI dynamoDb, LocalStubs stubs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", "AKIDBENCHBENCHBENCH0");
        env.put("AWS_SECRET_ACCESS_KEY", "benchbenchbenchbenchbenchbenchbenchbench");
        env.put("AWS_SESSION_TOKEN", "bench-session-token");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        // No shared config or credentials files on Lambda; make sure none is read here either.
        env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", stubs.secretsManagerEndpoint().toString());
        env.put(HandlerEnv.CHANNEL_NAME, "JobOrder");
        env.put(HandlerEnv.TABLE_NAME, HANDLER_TABLE);
        env.put(HandlerEnv.ID_PROPERTY, "id");
        env.put(HandlerEnv.SLACK_SECRET_ARN, "arn:aws:secretsmanager:" + REGION
                + ":000000000000:secret:bench/slack-AbCdEf");
        // Small bodies and RAW_ARCHIVE off mean no S3 write: one would reach the stub server, count as
        // unexpected and fail the checks. Priming reads a key that is never written (the stub answers 404).
        env.put(HandlerEnv.ENV_NAME, "bench");
        env.put(HandlerEnv.VERSION_PROPERTY, "version");
        env.put(HandlerEnv.ARCHIVE_BUCKET, LocalStubs.ARCHIVE_BUCKET);
        // Every bench body is storable, so nothing is parked and this queue is never called.
        env.put(HandlerEnv.INBOX_DLQ_URL, "http://127.0.0.1:1/000000000000/bench-inbox-dlq");
        env.put(HandlerEnv.IDEMPOTENCY_TABLE, IDEMPOTENCY_TABLE);
        // Notify posts only to https://hooks.slack.com/ and to the one local sink this variable names (issue 8):
        // the Slack stub is that sink here, as the local cloud's is there.
        env.put(HandlerEnv.LOCAL_SLACK_SINK_URL, stubs.slackWebhook().toString());
        // Required by notify's init; nothing is parked (and no SQS client built) while Slack answers 200.
        env.put(HandlerEnv.NOTICES_QUEUE_URL, "https://sqs." + REGION + ".amazonaws.com/000000000000/bench-job-order-notices");
        env.put("AWS_ENDPOINT_URL_S3", stubs.secretsManagerEndpoint().toString());
        return env;
    }

    private Sample fork(String java, Row row, Map<String, String> baseEnv, String sampleId) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(options.jvmFlags());
        command.add("-cp");
        Map<String, String> env = new LinkedHashMap<>(baseEnv);
        String idPrefix = runId + "-" + row.name + "-" + sampleId;
        switch (row.kind) {
            case FLOOR, FLOOR_SIGV4 -> {
                command.add(options.driverJar().toString());
                command.add(FLOOR_DRIVER);
                command.add(idPrefix);
                if (row.kind == Kind.FLOOR_SIGV4) {
                    command.add("--sigv4");
                }
                env.put(HandlerEnv.TABLE_NAME, FLOOR_TABLE);
            }
            case INGEST, INGEST_SEQUENTIAL, INGEST_PRIMED, NOTIFY, NOTIFY_PRIMED -> {
                command.add(command.size() - 1, CRAC_COMPAT);
                command.add(row.jar.path() + File.pathSeparator + options.driverJar());
                command.add(HANDLER_DRIVER);
                command.add(row.kind.handler()); // the driver looks it up in LambdaHandler
                command.add(idPrefix);
                if (row.kind.primed()) {
                    command.add("--prime");
                }
                if (row.kind == Kind.INGEST || row.kind == Kind.INGEST_SEQUENTIAL) {
                    command.add("--batches");
                }
                if (row.kind == Kind.INGEST_SEQUENTIAL) {
                    env.put(HandlerEnv.INGEST_WRITERS, "1");
                }
                env.put("AWS_LAMBDA_FUNCTION_NAME", "bench-job-order-" + row.kind.label);
            }
            case SDK_URLCONN, SDK_APACHE, SDK_CRT, SDK_DEFAULTS, SDK_URLCONN_POOL, SDK_URLCONN_VIRTUAL, SDK_NETTY_ASYNC,
                    SDK_CRT_ASYNC -> {
                String classPath = row.jar.path() + File.pathSeparator + options.driverJar();
                if (row.kind.altHttp() != null) {
                    classPath += File.pathSeparator + altHttpDir(row.kind).resolve("*");
                }
                command.add(classPath);
                command.add(SDK_DRIVER);
                command.add(row.kind.sdkVariant());
                command.add(idPrefix);
                env.put(HandlerEnv.TABLE_NAME, SDK_TABLE);
            }
            default -> throw new IllegalStateException(row.kind.toString());
        }
        Path log = options.outDir().resolve("last-" + row.name.replaceAll("[^A-Za-z0-9-]", "_") + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean exited = process.waitFor(FORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Files.writeString(log, String.join(" ", command) + "\n\n" + text);
        Sample sample = Sample.find(text).orElse(null);
        if (!exited || sample == null || !sample.ok() || process.exitValue() != 0) {
            throw new IllegalStateException(row.name + " sample failed (" + (exited ? "exit " + process.exitValue()
                    : "no exit within " + FORK_TIMEOUT.toSeconds() + " s") + "); its output is in " + log + ":\n"
                    + tail(text, 40));
        }
        return sample;
    }

    /** Where {@code -P http-alternatives} copies the jars of one alternative SDK HTTP client. */
    private Path altHttpDir(Kind kind) {
        return options.altHttpDir().resolve(kind.altHttp());
    }

    private void printReport(String java, List<Row> rows, long elapsedNanos, String loadBefore, String loadAfter)
            throws IOException, InterruptedException {
        out.println("== Cold start: " + String.join(" ", javaVersion(java)));
        out.println("java:          " + java);
        out.println("JVM flags:     " + String.join(" ", options.jvmFlags()) + " (handler kinds also " + CRAC_COMPAT
                + ", as Lambda's runtime sets it)");
        out.println("machine:       " + Runtime.getRuntime().availableProcessors() + " CPUs (nproc), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        out.println("DynamoDB:      dynalite on loopback" + (options.dynamoDbLatencyMillis() > 0
                ? ", every request " + options.dynamoDbLatencyMillis() + " ms later (--dynamodb-latency-ms)" : ""));
        for (HandlerJar jar : options.handlerJars()) {
            out.println("handler jar:   " + (jar.label().isEmpty() ? "" : jar.label() + " = ") + jar.path() + ", "
                    + Files.size(jar.path()) + " bytes");
        }
        out.println("samples:       " + options.samples() + " per row (fresh JVM each, rows interleaved), after "
                + options.warmup() + " discarded warm-up round(s); run took "
                + Duration.ofNanos(elapsedNanos).toSeconds() + " s");
        // Other work on the machine shows up in wall times and, less, in CPU times: say how busy it was.
        out.println("load average:  " + loadBefore + " before, " + loadAfter + " after (1/5/15 min)");
        out.println();
        Map<String, List<Sample>> table = new LinkedHashMap<>();
        Map<String, List<Sample>> ingestRows = new LinkedHashMap<>();
        Map<String, List<Sample>> primedRows = new LinkedHashMap<>();
        List<Sample> floor = null;
        for (Row row : rows) {
            table.put(row.name, row.samples);
            if (row.kind == Kind.INGEST) {
                ingestRows.put(row.name, row.samples);
            } else if (row.kind.primed()) {
                primedRows.put(row.name, row.samples);
            } else if (row.kind == Kind.FLOOR) {
                floor = row.samples;
            }
        }
        Report.table(out, table);
        out.println();
        Report.ratios(out, floor, ingestRows);
        Report.primingRatios(out, primedRows);
        String csvName = "samples-" + javaVersion(java).get(0).replaceAll("[^A-Za-z0-9.]+", "_") + ".csv";
        Files.write(options.outDir().resolve(csvName), Report.csv(table));
        out.println("per-sample values: " + options.outDir().resolve(csvName));
        out.println();
    }

    /**
     * The samples did the work they were timed on: every message, request and put is an item in its
     * table, and notify posted to the Slack stub at least once per invocation.
     */
    private boolean checks(BenchTables tables, LocalStubs stubs, List<Row> rows, int rounds)
            throws IOException, InterruptedException {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put(HANDLER_TABLE, 0L);
        expected.put(FLOOR_TABLE, 0L);
        expected.put(SDK_TABLE, 0L);
        long minSlackPosts = 0;
        // The first and the warm batch of 10; then 2 untimed rounds of 10 and 100, and a timed 10 and 100.
        long withBatches = 20 + 2 * 110 + 110;
        for (Row row : rows) {
            switch (row.kind) {
                case INGEST, INGEST_SEQUENTIAL -> expected.merge(HANDLER_TABLE, rounds * withBatches, Long::sum);
                case INGEST_PRIMED -> expected.merge(HANDLER_TABLE, rounds * 20L, Long::sum);
                case FLOOR, FLOOR_SIGV4 -> expected.merge(FLOOR_TABLE, rounds * 2L, Long::sum);
                case NOTIFY, NOTIFY_PRIMED -> minSlackPosts += rounds * 2L;
                default -> expected.merge(SDK_TABLE, rounds * withBatches, Long::sum);
            }
        }
        boolean ok = stubs.slackPosts() >= minSlackPosts && stubs.unexpectedRequests() == 0;
        StringBuilder line = new StringBuilder("checks:");
        for (Map.Entry<String, Long> table : expected.entrySet()) {
            if (table.getValue() == 0) {
                continue;
            }
            long items = tables.count(table.getKey());
            ok &= items == table.getValue();
            line.append(String.format(Locale.ROOT, " %s %d items (expected %d);", table.getKey(), items,
                    table.getValue()));
        }
        line.append(String.format(Locale.ROOT, " Slack stub %d posts (expected at least %d), Secrets Manager stub"
                        + " %d reads, S3 stub %d reads (priming's probe), %d unexpected requests: %s", stubs.slackPosts(),
                minSlackPosts, stubs.secretReads(), stubs.archiveReads(), stubs.unexpectedRequests(), ok ? "OK" : "MISMATCH"));
        out.println(line);
        return ok;
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static List<String> javaVersion(String java) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    private static void requireFile(Path path, String hint) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " not found (run from the repository root): " + hint);
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
