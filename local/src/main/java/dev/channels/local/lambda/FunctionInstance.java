package dev.channels.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.json.Json;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One execution environment of a function: a JVM running the bootstrap ({@link LambdaRuntimeJars}), and the local
 * Lambda Runtime API it talks to (its own loopback server, so the process is identified by its port). It
 * runs one invocation at a time: {@link #invoke} hands the event to the runtime's pending
 * {@code /runtime/invocation/next} long-poll and waits for {@code /response} or {@code /error}.
 */
final class FunctionInstance implements AutoCloseable {
    static final String API_PREFIX = "/2018-06-01/runtime/";
    /** How long a runtime may take to start and ask for its first event (Lambda's init phase allows 10 s; JVMs on a busy laptop need more). */
    static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);

    private final FunctionConfig function;
    private final int number;
    private final LoopbackHttpServer server;
    private final SynchronousQueue<Invocation> handoff = new SynchronousQueue<>();
    private final CompletableFuture<Void> initialized = new CompletableFuture<>();
    private final AtomicBoolean dead = new AtomicBoolean();
    private final long startedAt = System.nanoTime();
    private volatile Invocation current;
    private volatile String deathReason;
    private volatile Process process;
    private boolean used;

    /** An event on its way through the runtime. */
    private static final class Invocation {
        final String requestId = UUID.randomUUID().toString();
        final byte[] event;
        final CompletableFuture<Long> handedOver = new CompletableFuture<>();
        final CompletableFuture<InvocationResult> done = new CompletableFuture<>();
        volatile long handedAt;
        final boolean cold;

        Invocation(byte[] event, boolean cold) {
            this.event = event;
            this.cold = cold;
        }
    }

    private final java.util.function.Consumer<FunctionInstance> onInit;

    /** {@code onInit} runs once, when the runtime first asks for an event (its init phase is over). */
    FunctionInstance(FunctionConfig function, int number, java.util.function.Consumer<FunctionInstance> onInit) {
        this.function = function;
        this.number = number;
        this.onInit = onInit;
        this.server = LoopbackHttpServer.start("lambda-" + function.name() + "-" + number, this::handle);
    }

    /** Starts the runtime process with {@code jvmFlags} before its class path; its output is appended to {@code log}. */
    void start(List<Path> runtimeJars, Map<String, String> baseEnvironment, Path log, List<String> jvmFlags) throws IOException {
        List<String> classPath = new ArrayList<>();
        function.classPath().forEach(path -> classPath.add(path.toString()));
        runtimeJars.forEach(path -> classPath.add(path.toString()));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), LambdaRuntimeJars.MAIN_CLASS));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .directory(log.getParent().toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(baseEnvironment);
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.port());
        process = builder.start();
        process.onExit().thenRun(() -> die("Runtime exited with error: exit status " + process.exitValue()));
    }

    int number() {
        return number;
    }

    String functionName() {
        return function.name();
    }

    boolean isAlive() {
        return !dead.get();
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Nanos from start until the runtime first asked for an event, once it has. */
    long initNanos() {
        return initialized.isDone() && !initialized.isCompletedExceptionally() ? initDoneAt - startedAt : -1;
    }

    private volatile long initDoneAt;

    /**
     * Runs one invocation. On a timeout the process is killed (the instance is dead afterwards, so the next
     * invocation starts a new one).
     */
    InvocationResult invoke(byte[] event) {
        boolean cold = !used;
        used = true;
        Invocation invocation = new Invocation(event, cold);
        current = invocation;
        try {
            if (dead.get()) {
                return error(invocation, "Runtime.ExitError", deathReason);
            }
            // Hand the event to the runtime's long-poll (it may still be starting).
            long deadline = System.nanoTime() + INIT_TIMEOUT.toNanos();
            boolean offered = false;
            while (!offered && !invocation.done.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    kill("did not ask for an event within " + INIT_TIMEOUT.toSeconds() + " s of starting");
                    return error(invocation, "Runtime.InitTimeout", "The runtime did not initialize within " + INIT_TIMEOUT.toSeconds() + " s");
                }
                offered = handoff.offer(invocation, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            }
            if (!offered) {
                return invocation.done.join(); // init error or death before the hand-over
            }
            try {
                return invocation.done.get(function.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                kill("timed out");
                InvocationResult timeout = InvocationResult.error(invocation.requestId, InvocationResult.TIMEOUT,
                        String.format("Task timed out after %.2f seconds", function.timeout().toMillis() / 1000.0),
                        sinceHandOver(invocation), cold);
                invocation.done.complete(timeout);
                return invocation.done.join();
            } catch (ExecutionException e) {
                return error(invocation, "Runtime.Unknown", String.valueOf(e.getCause()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill("interrupted");
            return error(invocation, "Runtime.Interrupted", "The local cloud is stopping");
        } finally {
            current = null;
        }
    }

    private InvocationResult error(Invocation invocation, String type, String message) {
        invocation.done.complete(InvocationResult.error(invocation.requestId, type, message, sinceHandOver(invocation), invocation.cold));
        return invocation.done.join();
    }

    private static Duration sinceHandOver(Invocation invocation) {
        return invocation.handedAt == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - invocation.handedAt);
    }

    private void kill(String reason) {
        if (deathReason == null) {
            deathReason = reason;
        }
        dead.set(true);
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** The process ended (or was killed): fail what is in flight. */
    private void die(String reason) {
        if (deathReason == null) {
            deathReason = reason;
        }
        dead.set(true);
        initialized.completeExceptionally(new IllegalStateException(reason));
        Invocation invocation = current;
        if (invocation != null) {
            invocation.done.complete(InvocationResult.error(invocation.requestId, "Runtime.ExitError",
                    "RequestId: " + invocation.requestId + " Error: " + deathReason, sinceHandOver(invocation), invocation.cold));
        }
    }

    @Override
    public void close() {
        kill("stopped");
        if (process != null) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.close();
    }

    // --- the Runtime API -----------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.startsWith(API_PREFIX)) {
            LoopbackHttpServer.sendText(exchange, 404, "not a Runtime API path: " + path);
            return;
        }
        String route = path.substring(API_PREFIX.length());
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && route.equals("invocation/next")) {
            next(exchange);
        } else if (method.equals("POST") && route.equals("init/error")) {
            JsonNode error = errorBody(exchange);
            die("init error " + error.path("errorType").asText() + ": " + error.path("errorMessage").asText());
            Invocation invocation = current;
            if (invocation != null) {
                invocation.done.complete(InvocationResult.error(invocation.requestId, error.path("errorType").asText("Runtime.InitError"),
                        error.path("errorMessage").asText(), Duration.ZERO, invocation.cold));
            }
            accepted(exchange);
        } else if (method.equals("POST") && route.startsWith("invocation/")) {
            String[] parts = route.split("/");
            Invocation invocation = current;
            if (parts.length != 3 || invocation == null || !invocation.requestId.equals(parts[1])) {
                LoopbackHttpServer.send(exchange, 400, "application/json", errorJson("InvalidRequestID", "Unknown request id"));
                return;
            }
            if (parts[2].equals("response")) {
                byte[] payload = read(exchange);
                invocation.done.complete(InvocationResult.success(invocation.requestId, payload, sinceHandOver(invocation), invocation.cold));
                accepted(exchange);
            } else if (parts[2].equals("error")) {
                JsonNode error = errorBody(exchange);
                String type = error.path("errorType").asText(
                        headerOr(exchange, "Lambda-Runtime-Function-Error-Type", "Unhandled"));
                invocation.done.complete(InvocationResult.error(invocation.requestId, type, error.path("errorMessage").asText(""),
                        sinceHandOver(invocation), invocation.cold));
                accepted(exchange);
            } else {
                LoopbackHttpServer.sendText(exchange, 404, "unknown route " + route);
            }
        } else {
            LoopbackHttpServer.sendText(exchange, 404, "unknown route " + method + " " + route);
        }
    }

    /** The long-poll: waits until an event is handed over (or the instance dies). */
    private void next(HttpExchange exchange) throws IOException {
        if (!initialized.isDone()) {
            initDoneAt = System.nanoTime();
            if (initialized.complete(null)) {
                onInit.accept(this);
            }
        }
        Invocation invocation = null;
        try {
            while (invocation == null && !dead.get()) {
                invocation = handoff.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            LoopbackHttpServer.sendText(exchange, 500, "the execution environment is shutting down");
            return;
        }
        invocation.handedAt = System.nanoTime();
        long deadlineMs = System.currentTimeMillis() + function.timeout().toMillis();
        var headers = exchange.getResponseHeaders();
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadlineMs));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", function.arn());
        headers.set("Lambda-Runtime-Trace-Id", traceId());
        LoopbackHttpServer.send(exchange, 200, "application/json", invocation.event.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : invocation.event);
    }

    private static String traceId() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.substring(0, 24) + ";Parent="
                + hex.substring(16, 32) + ";Sampled=0";
    }

    private static void accepted(HttpExchange exchange) throws IOException {
        LoopbackHttpServer.send(exchange, 202, "application/json", "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode errorBody(HttpExchange exchange) throws IOException {
        byte[] body = read(exchange);
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node == null ? Json.object() : node;
        } catch (IOException notJson) {
            return Json.object().put("errorType", "Unhandled").put("errorMessage", new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String headerOr(HttpExchange exchange, String name, String fallback) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static byte[] read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static byte[] errorJson(String type, String message) {
        return Json.bytes(Json.object().put("errorType", type).put("errorMessage", message));
    }
}
