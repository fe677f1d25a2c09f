package dev.channels.lambdas.testing;

import com.sun.net.httpserver.HttpExchange;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Just enough of S3's REST API on loopback for PutObject and GetObject, path-style, so the real SDK
 * client can be tested without AWS or an emulator: records each request (method, path, headers,
 * decoded body), keeps the objects, answers a missing key with S3's NoSuchKey error.
 */
public final class S3Stub implements AutoCloseable {
    private final LoopbackHttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();

    /** One request; header names lower-cased; the body with any aws-chunked framing removed. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body) {
    }

    public S3Stub() {
        server = LoopbackHttpServer.start("s3-stub", this::handle);
    }

    public URI endpoint() {
        return server.uri();
    }

    /** A client as the handlers build it, pointed here. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public List<Request> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        byte[] raw = exchange.getRequestBody().readAllBytes();
        byte[] body = "aws-chunked".equals(headers.get("content-encoding")) ? unchunk(raw) : raw;
        String path = exchange.getRequestURI().getRawPath();
        received.add(new Request(exchange.getRequestMethod(), path, headers, body));
        switch (exchange.getRequestMethod()) {
            case "PUT" -> {
                objects.put(path, body);
                exchange.getResponseHeaders().set("ETag", "\"stub\"");
                respond(exchange, 200, new byte[0]);
            }
            case "GET", "HEAD" -> {
                byte[] object = objects.get(path);
                if (object == null) {
                    exchange.getResponseHeaders().set("Content-Type", "application/xml");
                    respond(exchange, 404, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                            + "<Message>The specified key does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8));
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                    respond(exchange, 200, object);
                }
            }
            default -> respond(exchange, 405, new byte[0]);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    /** aws-chunked: {@code <hex size>[;chunk-signature=...]\r\n<bytes>\r\n} ... a 0 chunk, then trailers. */
    private static byte[] unchunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrLf(raw, at);
            String header = new String(raw, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";")[0].trim(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(raw, at, size);
            at += size + 2;
        }
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("aws-chunked body without CRLF after " + from);
    }

    @Override
    public void close() {
        server.close();
    }
}
