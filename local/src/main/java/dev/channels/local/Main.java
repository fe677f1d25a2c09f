package dev.channels.local;

import dev.channels.local.api.RestApiService;
import dev.channels.local.assembly.AssemblyException;
import dev.channels.local.cloudwatch.CloudWatchService;
import dev.channels.local.iam.IamEnforcement;
import dev.channels.local.lambda.LambdaService;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.template.ResolveException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar local/target/channels-local.jar [--assembly cdk.out] [--stack NAME | --env ENV] [--data DIR] [--secrets FILE] [--time-scale X]}:
 * starts the local cloud and runs until Ctrl-C.
 */
public final class Main {
    private static final String USAGE = """
            Runs a synthesized Channels cloud assembly on this machine (no AWS account, no Docker).

            Usage: java -jar local/target/channels-local.jar
                     [--assembly DIR] [--stack NAME | --env ENV] [--data DIR] [--secrets FILE] [--dynalite CLI]
                     [--max-function-jvms N] [--time-scale X] [--api-auth] [--iam on|off]
              --assembly DIR   the cloud assembly (default: cdk.out)
              --stack NAME     the stack to run (default: the only one, or <env>-channels)
              --env ENV        run the stack <ENV>-channels
              --data DIR       keep tables, queues and their messages, stream records and mapping positions,
                               objects and the Slack log in DIR between runs
              --secrets FILE   JSON object of secret name (or logical id) to value
              --dynalite CLI   path of node_modules/dynalite/cli.js (default: found from here; run `npm ci`)
              --max-function-jvms N
                               the most function JVMs alive at once, all functions together (default: four per
                               processor plus four, as memory allows; printed at start)
              --time-scale X   alarm periods pass X times faster (60: a 300 s period in 5 s), for drills;
                               default 1, real time
              --api-auth       AWS_IAM routes check SigV4 and execute-api:Invoke, as API Gateway does; local producer
                               credentials are printed and written to local-endpoints.json (default: off, so plain
                               curl works)
              --iam on|off     IAM enforcement: signatures and the template's policies on every call to a local
                               service (default: on; off only to measure what it costs)
            Ctrl-C stops everything. Endpoints are written to <assembly>/local-endpoints.json.
            """;

    private Main() {
    }

    /**
     * The whole local cloud on top of the foundation: functions and event source mappings (cold starts
     * are printed as they happen), then the REST API's routes. Tests start the cloud through this too,
     * so they run what this command runs.
     */
    public static LocalCloud.Builder withEveryLayer(LocalCloud.Builder builder) {
        return withEveryLayer(builder, LambdaService.defaultMaxJvms());
    }

    /** @param maxFunctionJvms the machine-wide cap on function JVMs ({@code --max-function-jvms}) */
    public static LocalCloud.Builder withEveryLayer(LocalCloud.Builder builder, int maxFunctionJvms) {
        return withEveryLayer(builder, maxFunctionJvms, MonitoringLayer.REAL_TIME);
    }

    /** @param timeScale how many times faster alarm periods pass ({@code --time-scale}) */
    public static LocalCloud.Builder withEveryLayer(LocalCloud.Builder builder, int maxFunctionJvms, double timeScale) {
        LambdaLayer.install(builder, LambdaService.DEFAULT_IDLE_TIMEOUT, maxFunctionJvms);
        builder.extendCatalog(RestApiService::catalog).service(RestApiService::new);
        return MonitoringLayer.install(builder, timeScale);
    }

    public static void main(String[] args) throws InterruptedException {
        CloudCompiler.excludeC2();
        LocalCloud.Builder builder = LocalCloud.builder();
        int maxFunctionJvms = LambdaService.defaultMaxJvms();
        double timeScale = MonitoringLayer.REAL_TIME;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.print(USAGE);
                return;
            }
            if (flag.equals("--api-auth")) {
                builder.apiAuth(true);
                continue;
            }
            if (i + 1 >= args.length) {
                fail(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--assembly" -> builder.assembly(Path.of(value));
                case "--stack" -> builder.stack(value);
                case "--env" -> builder.env(value);
                case "--data" -> builder.dataDirectory(Path.of(value));
                case "--secrets" -> builder.secretsFile(Path.of(value));
                case "--dynalite" -> builder.dynaliteCli(Path.of(value));
                case "--max-function-jvms" -> maxFunctionJvms = maxFunctionJvms(value);
                case "--time-scale" -> timeScale = timeScale(value);
                case "--iam" -> builder.iam(iamMode(value));
                default -> fail("unknown flag " + flag);
            }
        }
        withEveryLayer(builder, maxFunctionJvms, timeScale);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "local-cloud-main-exit"));
        LocalCloud cloud = null;
        try {
            cloud = builder.build().start();
        } catch (AssemblyException | ResolveException | IllegalStateException | IllegalArgumentException e) {
            System.err.println("local cloud: " + e.getMessage());
            System.exit(1);
        }
        printCurls(cloud.endpoints());
        System.out.println("Press Ctrl-C to stop.");
        stopped.await(); // the LocalCloud's own shutdown hook closes every service
    }

    /** One ready request per channel route, so a first object is one paste away. */
    private static void printCurls(LocalEndpoints endpoints) {
        if (endpoints.apis().isEmpty()) {
            return;
        }
        System.out.println("Try it:");
        // With --api-auth, curl signs with the local producer's key (curl 7.75+ speaks SigV4).
        String signing = endpoints.producerCredentials().isEmpty() ? "" : " --aws-sigv4 'aws:amz:" + endpoints.region()
                + ":execute-api' --user '" + endpoints.producerCredentials().get("accessKeyId") + ":"
                + endpoints.producerCredentials().get("secretAccessKey") + "'";
        endpoints.apis().forEach((route, url) -> System.out.println("  curl -s -X POST " + url + signing
                + " -H 'Content-Type: application/json' -d '{\"id\":\"" + route + "-1\"}'"));
        System.out.println("  (a channel with a version property needs it too, e.g. JobOrder's \"updatedAt\":\""
                + "2026-11-25T09:30:00Z\"; a 400 names what is missing or wrong)");
    }

    private static IamEnforcement.Mode iamMode(String value) {
        return switch (value) {
            case "on" -> IamEnforcement.Mode.ON;
            case "off" -> IamEnforcement.Mode.OFF;
            default -> {
                fail("--iam takes on or off: " + value);
                yield IamEnforcement.Mode.ON;
            }
        };
    }

    private static int maxFunctionJvms(String value) {
        try {
            return LambdaService.requireMaxJvms(Integer.parseInt(value));
        } catch (IllegalArgumentException e) { // NumberFormatException too
            fail("--max-function-jvms needs a whole number of at least 1: " + value);
            return -1;
        }
    }

    private static double timeScale(String value) {
        try {
            return CloudWatchService.requireTimeScale(Double.parseDouble(value));
        } catch (IllegalArgumentException e) { // NumberFormatException too
            fail("--time-scale needs a number from 1 (real time) to 3600: " + value);
            return -1;
        }
    }

    private static void fail(String message) {
        System.err.println("local cloud: " + message + "\n\n" + USAGE);
        System.exit(2);
    }
}
