package dev.channels.local.lambda.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Echoes the event with the process id, the environment and the context. {@code sleepMillis} sleeps,
 * {@code fail} throws, {@code barrier}+{@code parties} waits until that many invocations are in the barrier
 * directory at once (to prove they run concurrently). Reports the heap cap and how its JVM was started.
 */
public class EchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static int calls;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        calls++;
        if (event.containsKey("fail")) {
            throw new IllegalStateException("failing as asked: " + event.get("fail"));
        }
        if (event.containsKey("sleepMillis")) {
            try {
                Thread.sleep(((Number) event.get("sleepMillis")).longValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (event.containsKey("barrier")) {
            Path dir = Path.of((String) event.get("barrier"));
            int parties = ((Number) event.get("parties")).intValue();
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(context.getAwsRequestId()), "");
                long end = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < end) {
                    try (var files = Files.list(dir)) {
                        if (files.count() >= parties) {
                            break;
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        out.put("pid", ProcessHandle.current().pid());
        out.put("calls", calls);
        out.put("env", new TreeMap<>(System.getenv()));
        out.put("requestId", context.getAwsRequestId());
        out.put("functionArn", context.getInvokedFunctionArn());
        out.put("remainingMillis", context.getRemainingTimeInMillis());
        out.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        out.put("mainClass", System.getProperty("sun.java.command"));
        out.put("classPath", System.getProperty("java.class.path"));
        out.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return out;
    }
}
