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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK {@link HttpServer} on 127.0.0.1 and a free port (never a fixed one, so parallel runs do not collide), with
 * its own pool of daemon threads (a stalled or slow request holds one thread, never the server); a handler that
 * throws before answering gets a 500. Closing stops it at once. The one loopback server of the code base: the
 * local cloud's services serve on it, and so do the tests' and the benchmark's stubs.
 *
 * <pre>{@code
 * try (LoopbackHttpServer slack = LoopbackHttpServer.start("slack-stub",
 *         exchange -> LoopbackHttpServer.send(exchange, 200, "text/plain", "ok".getBytes(UTF_8)))) {
 *     URI webhook = URI.create(slack.uri() + "/services/T0/B0/x");
 * }
 * }</pre>
 */
public final class LoopbackHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving {@code handler} on every path. {@code name} names the threads, for thread dumps. */
    public static LoopbackHttpServer start(String name, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            ExecutorService executor = Executors.newCachedThreadPool(daemonThreads(name));
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                try {
                    handler.handle(exchange);
                } catch (IOException | RuntimeException e) {
                    // The peer went away, or a bug: answer 500 when nothing was sent yet.
                    if (exchange.getResponseCode() == -1) {
                        sendText(exchange, 500, "local cloud: " + e);
                    }
                } finally {
                    exchange.close();
                }
            });
            server.start();
            return new LoopbackHttpServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the " + name + " server on loopback", e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a complete response with a body. */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public static void sendText(HttpExchange exchange, int status, String text) {
        try {
            send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the peer went away
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "local-" + name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
