package dev.channels.bench.driver;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.channels.bench.driver.crac.Core;
import dev.channels.contract.LambdaHandler;
import dev.channels.support.lambda.FakeLambdaContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Runs in a fresh JVM with the shaded handler jar: loads one handler the way the Lambda runtime does
 * (class by name, no-argument constructor), then a first and a warm invocation against the servers
 * the orchestrator started, and prints what {@link Probe} measured.
 *
 * <p>Arguments: {@code INGEST|NOTIFY idPrefix [--prime] [--batches]}. With {@code --prime}, the handler's
 * SnapStart hooks run between init and the first invocation, called as Lambda's runtime calls them (the
 * global context's {@code beforeCheckpoint(null)}, then {@code afterRestore(null)}; see {@link
 * dev.channels.bench.driver.crac}): the first invocation is then the one a user waits for after a
 * restore. With {@code --batches} (ingest), warm batches of 10 and of 100 new objects follow the warm
 * invocation, each measured after two untimed rounds. Everything else comes from the environment, as on
 * Lambda.
 */
public final class HandlerDriver {
    private static final int SQS_BATCH = 10;
    private static final int LARGE_SQS_BATCH = 100;
    /** Untimed rounds of batches of 10 and 100 before the timed ones: the JIT has compiled the write path by then. */
    private static final int WARM_UP_ROUNDS = 2;
    private static final int TIMEOUT_MILLIS = 60_000;
    private static final LambdaLogger STDOUT = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.out.println(message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

    private HandlerDriver() {
    }

    public static void main(String[] args) {
        LambdaHandler which = LambdaHandler.valueOf(args[0]);
        String kind = which.name().toLowerCase(Locale.ROOT);
        Probe probe = new Probe(kind);
        String idPrefix = args[1];
        List<String> flags = List.of(args).subList(2, args.length);
        String functionName = "bench-job-order-" + kind;
        Throwable error = null;
        try {
            probe.begin();
            RequestHandler<Object, Object> handler = instantiate(which.className());
            probe.end("init");

            if (flags.contains("--prime")) {
                probe.begin();
                Core.getGlobalContext().beforeCheckpoint(null);
                probe.end("prime");
                // Here Lambda takes the snapshot, and later restores it.
                probe.begin();
                Core.getGlobalContext().afterRestore(null);
                probe.end("restore");
            }

            // Events and contexts are built outside the timed phases: on Lambda the runtime builds them.
            Object first = event(which, idPrefix + "-a");
            Context firstContext = context(functionName);
            probe.begin();
            Object firstResponse = handler.handleRequest(first, firstContext);
            probe.end("first");
            requireNoFailures(firstResponse, "first");

            Object warm = event(which, idPrefix + "-b");
            Context warmContext = context(functionName);
            probe.begin();
            Object warmResponse = handler.handleRequest(warm, warmContext);
            probe.end("warm");
            requireNoFailures(warmResponse, "warm");

            if (flags.contains("--batches")) {
                for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                    ingest(handler, idPrefix + "-w" + round + "x10", SQS_BATCH, functionName);
                    ingest(handler, idPrefix + "-w" + round + "x100", LARGE_SQS_BATCH, functionName);
                }
                timedIngest(probe, "batch10", handler, idPrefix + "-c", SQS_BATCH, functionName);
                timedIngest(probe, "batch100", handler, idPrefix + "-d", LARGE_SQS_BATCH, functionName);
            }
        } catch (Throwable e) {
            error = e;
            e.printStackTrace();
        }
        probe.print(error);
        System.exit(error == null ? 0 : 1);
    }

    private static void timedIngest(Probe probe, String phase, RequestHandler<Object, Object> handler, String idPrefix,
            int size, String functionName) {
        Object event = Events.sqs(idPrefix, size);
        Context context = context(functionName);
        probe.begin();
        Object response = handler.handleRequest(event, context);
        probe.end(phase);
        requireNoFailures(response, phase);
    }

    private static void ingest(RequestHandler<Object, Object> handler, String idPrefix, int size, String functionName) {
        requireNoFailures(handler.handleRequest(Events.sqs(idPrefix, size), context(functionName)), "warm-up");
    }

    /**
     * What the runtime would pass at the start of a 60 s invocation (the handlers read the time left only
     * then); the handler's log goes to stdout, as on Lambda.
     */
    private static Context context(String functionName) {
        // Not UUID.randomUUID(): that would warm up SecureRandom, which the SDK uses on its first request;
        // on Lambda the request id comes from the Runtime API.
        String requestId = new UUID(System.nanoTime(), System.currentTimeMillis()).toString();
        return new FakeLambdaContext(functionName, requestId, TIMEOUT_MILLIS, STDOUT);
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<Object, Object> instantiate(String className) throws Exception {
        Class<?> type = Class.forName(className, true, HandlerDriver.class.getClassLoader());
        return (RequestHandler<Object, Object>) type.getDeclaredConstructor().newInstance();
    }

    private static Object event(LambdaHandler which, String idPrefix) {
        return switch (which) {
            case INGEST -> Events.sqs(idPrefix, SQS_BATCH);
            case NOTIFY -> Events.stream(idPrefix);
        };
    }

    /** A sample whose handler reported failed records measured an error path: refuse it. */
    private static void requireNoFailures(Object response, String invocation) {
        int failures = 0;
        if (response instanceof SQSBatchResponse sqs && sqs.getBatchItemFailures() != null) {
            failures = sqs.getBatchItemFailures().size();
        } else if (response instanceof StreamsEventResponse stream && stream.getBatchItemFailures() != null) {
            failures = stream.getBatchItemFailures().size();
        }
        if (failures > 0) {
            throw new IllegalStateException(invocation + " invocation reported " + failures
                    + " failed records; see the handler's log above");
        }
    }
}
