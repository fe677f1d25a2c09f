package dev.channels.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line options of {@link LocalThroughputBenchmark}; every one has a default that works from the repo root. */
record ThroughputOptions(List<String> rows, int objects, int producers, int rate, int steadySeconds, int coldObjects,
        int warmup, long pollMillis, Path localJar, Path assembly, String env, List<String> cloudJvmFlags,
        List<String> cloudArgs, Path outDir) {

    static final String USAGE = """
            Usage (from the repository root, after `npm ci`):
              mvn -B -q package -DskipTests && npx cdk synth -c env=dev -q
              java -cp bench/target/channels-bench.jar dev.channels.bench.LocalThroughputBenchmark [options]

            Starts the packaged local cloud (local/target/channels-local.jar) on the synthesized app as a child
            process, once per row, posts JobOrders to its API and watches the table and the Slack sink's log.

            Options:
              --rows LIST          comma-separated, from warm, steady, cold (default: warm,steady,cold)
              --objects N          objects of the warm row, posted at full speed (default 3000)
              --producers W        concurrent producers (default 16)
              --rate R             objects per second of the steady row (default 100)
              --steady-seconds S   how long the steady row posts (default 25)
              --cold-objects N     objects of the cold row, posted the moment the cloud is ready (default 1000)
              --warmup N           objects posted and awaited before the warm and steady rows (default 300)
              --poll-ms MS         pause between two observations of the table and Slack log (default 100)
              --local-jar PATH     default: local/target/channels-local.jar
              --assembly DIR       default: cdk.out (synthesize it first: npx cdk synth -c env=dev -q)
              --env ENV            default: dev
              --cloud-jvm-flag F   a flag for the local cloud's JVM (repeat), e.g. -XX:StartFlightRecording=...
              --cloud-arg A        an argument for the local cloud (repeat), e.g. --cloud-arg --max-function-jvms --cloud-arg 4
              --out DIR            console logs of the clouds (default: bench/target/throughput)
            """;

    static ThroughputOptions parse(String[] args) {
        List<String> rows = List.of("warm", "steady", "cold");
        int objects = 3000;
        int producers = 16;
        int rate = 100;
        int steadySeconds = 25;
        int coldObjects = 1000;
        int warmup = 300;
        long pollMillis = 100;
        Path localJar = Path.of("local/target/channels-local.jar");
        Path assembly = Path.of("cdk.out");
        String env = "dev";
        List<String> jvmFlags = new ArrayList<>();
        List<String> cloudArgs = new ArrayList<>();
        Path outDir = Path.of("bench/target/throughput");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--rows" -> rows = Arrays.stream(value.split(",")).map(String::trim).toList();
                case "--objects" -> objects = positive(flag, value);
                case "--producers" -> producers = positive(flag, value);
                case "--rate" -> rate = positive(flag, value);
                case "--steady-seconds" -> steadySeconds = positive(flag, value);
                case "--cold-objects" -> coldObjects = positive(flag, value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--poll-ms" -> pollMillis = positive(flag, value);
                case "--local-jar" -> localJar = Path.of(value);
                case "--assembly" -> assembly = Path.of(value);
                case "--env" -> env = value;
                case "--cloud-jvm-flag" -> jvmFlags.add(value);
                case "--cloud-arg" -> cloudArgs.add(value);
                case "--out" -> outDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown flag " + flag + "\n\n" + USAGE);
            }
        }
        for (String row : rows) {
            if (!List.of("warm", "steady", "cold").contains(row)) {
                throw new IllegalArgumentException("unknown row " + row + " (warm, steady, cold)\n\n" + USAGE);
            }
        }
        return new ThroughputOptions(rows, objects, producers, rate, steadySeconds, coldObjects, warmup, pollMillis,
                localJar, assembly, env, List.copyOf(jvmFlags), List.copyOf(cloudArgs), outDir);
    }

    private static int positive(String flag, String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException(flag + " must be positive: " + value);
        }
        return n;
    }
}
