package dev.channels.bench;

import com.sun.net.httpserver.HttpExchange;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tiny HTTP servers in this JVM, on one loopback port: a Slack incoming webhook that answers 200
 * "ok" and counts posts, a Secrets Manager endpoint that answers {@code GetSecretValue} (AWS JSON
 * 1.1 protocol) with the webhook's URL as the secret string, whatever secret id it is asked for, and
 * the archive bucket (S3, path style), which holds nothing: the handlers' SnapStart priming reads a key
 * that is never written, and gets S3's 404.
 */
final class LocalStubs implements AutoCloseable {
    static final String SLACK_PATH = "/services/T000/B000/bench";
    static final String ARCHIVE_BUCKET = "bench-archive";

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
        // the body then waits for the client's delayed ACK (40 ms on Linux loopback), which would show
        // up as Slack latency in every notify sample. Read once, when the first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final LoopbackHttpServer server;
    private final AtomicInteger slackPosts = new AtomicInteger();
    private final AtomicInteger secretReads = new AtomicInteger();
    private final AtomicInteger archiveReads = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();

    LocalStubs() {
        server = LoopbackHttpServer.start("bench-stubs", exchange -> {
            if (exchange.getRequestURI().getPath().startsWith(SLACK_PATH)) {
                slack(exchange);
            } else if (exchange.getRequestURI().getPath().startsWith("/" + ARCHIVE_BUCKET + "/")) {
                archive(exchange);
            } else {
                secretsManager(exchange);
            }
        });
    }

    URI slackWebhook() {
        return URI.create(base() + SLACK_PATH);
    }

    /** Where {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} points. */
    URI secretsManagerEndpoint() {
        return URI.create(base());
    }

    int slackPosts() {
        return slackPosts.get();
    }

    int secretReads() {
        return secretReads.get();
    }

    int archiveReads() {
        return archiveReads.get();
    }

    int unexpectedRequests() {
        return unexpected.get();
    }

    private String base() {
        return server.uri().toString();
    }

    private void slack(HttpExchange exchange) throws IOException {
        drain(exchange.getRequestBody());
        if ("POST".equals(exchange.getRequestMethod())) {
            slackPosts.incrementAndGet();
            respond(exchange, 200, "text/html", "ok");
        } else {
            unexpected.incrementAndGet();
            respond(exchange, 405, "text/plain", "method not allowed");
        }
    }

    private void secretsManager(HttpExchange exchange) throws IOException {
        drain(exchange.getRequestBody());
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"secretsmanager.GetSecretValue".equals(target)) {
            unexpected.incrementAndGet();
            respond(exchange, 400, "application/x-amz-json-1.1",
                    "{\"__type\":\"InvalidRequestException\",\"message\":\"bench stub answers GetSecretValue only\"}");
            return;
        }
        secretReads.incrementAndGet();
        String arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:bench/slack-AbCdEf";
        respond(exchange, 200, "application/x-amz-json-1.1", "{\"ARN\":\"" + arn + "\",\"Name\":\"bench/slack\","
                + "\"VersionId\":\"00000000-0000-0000-0000-000000000001\",\"VersionStages\":[\"AWSCURRENT\"],"
                + "\"CreatedDate\":1.7E9,\"SecretString\":\"" + slackWebhook() + "\"}");
    }

    /** Priming's probe: a GET of a key that is never written. Anything else would be a real S3 call: unexpected. */
    private void archive(HttpExchange exchange) throws IOException {
        drain(exchange.getRequestBody());
        if ("GET".equals(exchange.getRequestMethod())) {
            archiveReads.incrementAndGet();
        } else {
            unexpected.incrementAndGet();
        }
        respond(exchange, 404, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                + "<Message>The specified key does not exist.</Message></Error>");
    }

    private static void drain(InputStream body) throws IOException {
        body.readAllBytes();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        exchange.getResponseHeaders().set("x-amzn-RequestId", "bench");
        LoopbackHttpServer.send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
    }
}
