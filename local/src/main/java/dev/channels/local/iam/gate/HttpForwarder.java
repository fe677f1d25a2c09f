package dev.channels.local.iam.gate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Hands a request on to a service that runs its own HTTP server (ElasticMQ, S3Mock) and its answer back, bytes
 * unchanged: what puts a {@link ServiceGate} in front of a server we cannot add a filter to.
 */
public final class HttpForwarder implements HttpHandler {
    /** Set by the JDK client itself, or about this hop only. */
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Supplier<URI> backend;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param backend e.g. {@code http://127.0.0.1:45678}; read per request (a server behind may bind after the front) */
    public HttpForwarder(Supplier<URI> backend) {
        this.backend = backend;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI incoming = exchange.getRequestURI();
        URI target = URI.create(backend.get() + incoming.getRawPath() + (incoming.getRawQuery() == null ? "" : "?" + incoming.getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to " + backend, e);
        }
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_HEADERS.contains(lower) && !lower.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head) { // the object's length, though no body follows
            response.headers().firstValue("content-length").ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
        }
        byte[] answer = response.body();
        int status = response.statusCode();
        boolean noBody = head || status == 204 || status == 304 || answer.length == 0;
        exchange.sendResponseHeaders(status, noBody ? -1 : answer.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }
}
