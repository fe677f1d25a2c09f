package dev.channels.bench;

import dev.channels.contract.LambdaHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line options of {@link ColdStartBenchmark}; every one has a default that works from the repo root. */
record Options(int samples, int warmup, List<String> javas, List<String> jvmFlags, List<Kind> kinds,
        List<HandlerJar> handlerJars, Path driverJar, Path altHttpDir, String node, Path dynaliteCli, Path outDir,
        int dynamoDbLatencyMillis) {

    /**
     * Like the flags Lambda's Java runtime starts its JVM with for a 512 MB function: C1 only, serial
     * GC, class data sharing, about 85% of the memory as heap, IPv4.
     */
    static final String DEFAULT_JVM_FLAGS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -Xshare:auto"
            + " -XX:+UseSerialGC -XX:MaxHeapSize=445645k -Djava.net.preferIPv4Stack=true";

    static final String USAGE = """
            Usage (from the repository root, after `npm ci`):
              mvn -B -q -pl bench -am package -DskipTests && java -jar bench/target/channels-bench.jar [options]

            Options:
              --samples N          measured forks per kind (default 20)
              --warmup N           forks per kind run first and discarded (default 1)
              --java PATH          java launcher to fork; repeat to compare JDKs (default: java on PATH)
              --jvm-flags "FLAGS"  flags for every forked JVM (default: %s)
              --kinds LIST         comma-separated, from floor, floor-sigv4, ingest, ingest-sequential,
                                   ingest-primed, notify, notify-primed, sdk-urlconn, sdk-apache, sdk-crt,
                                   sdk-defaults, sdk-urlconn-pool, sdk-urlconn-virtual, sdk-netty-async,
                                   sdk-crt-async
                                   (default: %s; sdk-apache, sdk-crt, sdk-netty-async and
                                   sdk-crt-async need the build with -P http-alternatives,
                                   sdk-urlconn-virtual a JDK 21 or newer)
              --handler-jar [LABEL=]PATH
                                   shaded handler jar; repeat to compare builds of it
                                   (default: lambdas/target/channels-lambdas.jar)
              --driver-jar PATH    default: bench/target/channels-bench-driver.jar
              --node PATH          Node.js for dynalite (default: node)
              --dynamodb-latency-ms N
                                   every DynamoDB request waits N ms (a sleep) on its way to dynalite,
                                   like a round trip to DynamoDB in the region (default 0: loopback only)
              --out DIR            per-sample CSV and logs (default: bench/target/coldstart)
            """.formatted(DEFAULT_JVM_FLAGS, String.join(",", Kind.DEFAULTS.stream().map(k -> k.label).toList()));

    /**
     * What one row runs. The handler kinds load a handler as Lambda does ({@code -primed}: with its SnapStart
     * hooks run before the first invocation; {@code ingest} and {@code ingest-sequential}: with warm batches of
     * 10 and 100 after it, the second kind writing one message after the other); the sdk kinds do ingest's
     * DynamoDB work with the SDK alone, in different ways.
     */
    enum Kind {
        FLOOR("floor"), FLOOR_SIGV4("floor-sigv4"), INGEST("ingest"), INGEST_SEQUENTIAL("ingest-sequential"),
        INGEST_PRIMED("ingest-primed"), NOTIFY("notify"), NOTIFY_PRIMED("notify-primed"),
        SDK_URLCONN("sdk-urlconn"), SDK_APACHE("sdk-apache"), SDK_CRT("sdk-crt"), SDK_DEFAULTS("sdk-defaults"),
        SDK_URLCONN_POOL("sdk-urlconn-pool"), SDK_URLCONN_VIRTUAL("sdk-urlconn-virtual"),
        SDK_NETTY_ASYNC("sdk-netty-async"), SDK_CRT_ASYNC("sdk-crt-async");

        static final List<Kind> DEFAULTS = List.of(FLOOR, INGEST, INGEST_SEQUENTIAL, INGEST_PRIMED, NOTIFY, NOTIFY_PRIMED);

        final String label;

        Kind(String label) {
            this.label = label;
        }

        /** Runs with the shaded handler jar on its class path (the SDK kinds use the SDK inside it). */
        boolean usesHandlerJar() {
            return this != FLOOR && this != FLOOR_SIGV4;
        }

        boolean isSdk() {
            return label.startsWith("sdk-");
        }

        /** The SdkDriver variant: what follows "sdk-". */
        String sdkVariant() {
            return label.substring("sdk-".length());
        }

        /**
         * The handler a handler kind loads, by its name in LambdaHandler (a name: the orchestrator's jar carries
         * no contract classes, only their inlined constants); null for the other kinds.
         */
        String handler() {
            return switch (this) {
                case INGEST, INGEST_SEQUENTIAL, INGEST_PRIMED -> "INGEST";
                case NOTIFY, NOTIFY_PRIMED -> "NOTIFY";
                default -> null;
            };
        }

        boolean primed() {
            return this == INGEST_PRIMED || this == NOTIFY_PRIMED;
        }

        /** The folder under target/alt-http with the jars of another SDK HTTP client; null when none is needed. */
        String altHttp() {
            return switch (this) {
                case SDK_APACHE -> "apache";
                case SDK_CRT, SDK_CRT_ASYNC -> "crt";
                case SDK_NETTY_ASYNC -> "netty";
                default -> null;
            };
        }

        static Kind of(String label) {
            return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown kind " + label + "\n" + USAGE));
        }
    }

    record HandlerJar(String label, Path path) {
    }

    static Options parse(String[] args) {
        int samples = 20;
        int warmup = 1;
        List<String> javas = new ArrayList<>();
        String flags = DEFAULT_JVM_FLAGS;
        List<Kind> kinds = Kind.DEFAULTS;
        List<HandlerJar> jars = new ArrayList<>();
        Path driver = Path.of("bench/target/channels-bench-driver.jar");
        String node = "node";
        Path out = Path.of("bench/target/coldstart");
        int latency = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(USAGE);
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + arg + "\n" + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--samples" -> samples = positive(arg, value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--java" -> javas.add(value);
                case "--jvm-flags" -> flags = value;
                case "--kinds" -> kinds = Arrays.stream(value.split(",")).map(String::trim).map(Kind::of).toList();
                case "--handler-jar" -> {
                    int eq = value.indexOf('=');
                    jars.add(eq < 0 ? new HandlerJar("", Path.of(value))
                            : new HandlerJar(value.substring(0, eq), Path.of(value.substring(eq + 1))));
                }
                case "--driver-jar" -> driver = Path.of(value);
                case "--node" -> node = value;
                case "--out" -> out = Path.of(value);
                case "--dynamodb-latency-ms" -> latency = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (javas.isEmpty()) {
            javas.add("java");
        }
        if (jars.isEmpty()) {
            jars.add(new HandlerJar("", Path.of("lambdas", "target", LambdaHandler.JAR_NAME)));
        }
        List<String> flagList = flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
        return new Options(samples, warmup, List.copyOf(javas), flagList, kinds, List.copyOf(jars), driver,
                Path.of("bench/target/alt-http"), node, Path.of("node_modules/dynalite/cli.js"), out, latency);
    }

    private static int positive(String option, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return n;
    }
}
