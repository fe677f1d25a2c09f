package dev.channels.bench.driver;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.channels.lambdas.LambdaHandler;
import java.util.Locale;

/**
 * Runs in a fresh JVM with the shaded handler jar: loads one handler the way the Lambda runtime does
 * (class by name, no-argument constructor), then a first and a warm invocation against the servers
 * the orchestrator started, and prints what {@link Probe} measured.
 *
 * <p>Arguments: {@code INGEST|NOTIFY idPrefix}. Everything else comes from the environment, as on
 * Lambda.
 */
public final class HandlerDriver {
    private static final int SQS_BATCH = 10;

    private HandlerDriver() {
    }

    public static void main(String[] args) {
        LambdaHandler which = LambdaHandler.valueOf(args[0]);
        String kind = which.name().toLowerCase(Locale.ROOT);
        Probe probe = new Probe(kind);
        String idPrefix = args[1];
        String functionName = "bench-job-order-" + kind;
        Throwable error = null;
        try {
            probe.begin();
            RequestHandler<Object, Object> handler = instantiate(which.className());
            probe.end("init");

            // Events and contexts are built outside the timed phases: on Lambda the runtime builds them.
            Object first = event(which, idPrefix + "-a");
            BenchContext firstContext = new BenchContext(functionName);
            probe.begin();
            Object firstResponse = handler.handleRequest(first, firstContext);
            probe.end("first");
            requireNoFailures(firstResponse, "first");

            Object warm = event(which, idPrefix + "-b");
            BenchContext warmContext = new BenchContext(functionName);
            probe.begin();
            Object warmResponse = handler.handleRequest(warm, warmContext);
            probe.end("warm");
            requireNoFailures(warmResponse, "warm");
        } catch (Throwable e) {
            error = e;
            e.printStackTrace();
        }
        probe.print(error);
        System.exit(error == null ? 0 : 1);
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
