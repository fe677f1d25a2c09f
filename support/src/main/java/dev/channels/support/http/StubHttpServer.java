package dev.channels.support.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stub HTTP server for tests and benchmarks: the JDK's {@code HttpServer} on {@code 127.0.0.1} and a free port
 * (never a fixed one, so parallel runs do not collide), each request on its own thread (a stalled answer holds
 * up no other), stopped at once by {@link #close()}.
 *
 * <pre>{@code
 * try (StubHttpServer slack = StubHttpServer.start(exchange -> StubHttpServer.respond(exchange, 200, "text/plain", "ok"))) {
 *     URI webhook = slack.uri().resolve("/services/T0/B0/x");
 * }
 * }</pre>
 */
public final class StubHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private StubHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves every path with {@code handler}. */
    public static StubHttpServer start(HttpHandler handler) {
        return start(Map.of("/", handler));
    }

    /** Serves each path prefix with its handler (the longest matching prefix wins, as in {@code HttpServer}). */
    public static StubHttpServer start(Map<String, HttpHandler> handlers) {
        return start(handlers, 0);
    }

    /** As {@link #start(Map)}, with a connection backlog ({@code 0}: the system's default). */
    public static StubHttpServer start(Map<String, HttpHandler> handlers, int backlog) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a stub server on loopback: " + e.getMessage(), e);
        }
        new LinkedHashMap<>(handlers).forEach(server::createContext);
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "stub-http-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new StubHttpServer(server, executor);
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers with {@code status} and {@code body} (UTF-8), closing the exchange. */
    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with {@code status} and {@code body}; an empty body is sent with no content at all. */
    public static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops at once; requests in flight are cut off. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
