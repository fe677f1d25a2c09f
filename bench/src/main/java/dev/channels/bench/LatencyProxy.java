package dev.channels.bench;

import com.sun.net.httpserver.HttpExchange;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Puts a network's round trip between the forked JVMs and dynalite: every request waits {@code latency} (a
 * sleep: no CPU) before it is forwarded, as a call from Lambda to DynamoDB in the same region waits a few
 * milliseconds on the network and the service. On loopback a request waits for nothing but the two processes'
 * CPU, which understates what writing several items at once saves. Requests are handled concurrently (the
 * loopback server's thread pool), so concurrent requests wait concurrently, as they would on a network.
 */
final class LatencyProxy implements AutoCloseable {
    /** Set by the client or the server per connection, not forwarded. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
            "keep-alive", "expect", "upgrade");

    private final URI target;
    private final Duration latency;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final LoopbackHttpServer server;

    LatencyProxy(URI target, Duration latency) {
        this.target = target;
        this.latency = latency;
        this.server = LoopbackHttpServer.start("latency-proxy", this::forward);
    }

    URI endpoint() {
        return server.uri();
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        HttpResponse<byte[]> response;
        try {
            Thread.sleep(latency.toMillis());
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        LoopbackHttpServer.send(exchange, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse("application/octet-stream"), response.body());
    }

    @Override
    public void close() {
        server.close();
    }
}
