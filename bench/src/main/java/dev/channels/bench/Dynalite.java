package dev.channels.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dynalite (npm, Apache-2.0) as the DynamoDB server: a child Node process on a free loopback port,
 * in memory, tables ACTIVE at once. It speaks DynamoDB's JSON protocol over HTTP, so the handlers'
 * SDK clients and the floor's raw requests reach it exactly as they would reach DynamoDB.
 */
final class Dynalite implements AutoCloseable {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern COUNT = Pattern.compile("\"Count\":(\\d+)");
    private static final Pattern LAST_KEY = Pattern.compile("\"LastEvaluatedKey\":(\\{.*?\\}\\})");

    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Dynalite(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts dynalite from {@code node_modules} (installed by {@code npm ci}) and waits until it answers. */
    static Dynalite start(String node, Path cli, Path log) throws IOException, InterruptedException {
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException(cli + " not found: run `npm ci` in the repository root first"
                    + " (it installs dynalite, the local DynamoDB server)");
        }
        int port = freePort();
        Process process = new ProcessBuilder(List.of(node, cli.toString(), "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // Also on Ctrl-C: no dynalite left behind.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        Dynalite dynalite = new Dynalite(process, URI.create("http://127.0.0.1:" + port));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                dynalite.call("ListTables", "{}");
                return dynalite;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    dynalite.close();
                    throw new IllegalStateException("dynalite did not start; see " + log, notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    URI endpoint() {
        return endpoint;
    }

    /** A table with partition key {@code id} (string), like the one the Channel construct creates. */
    void createTable(String name) throws IOException, InterruptedException {
        call("CreateTable", "{\"TableName\":\"" + name + "\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
                + "\"BillingMode\":\"PAY_PER_REQUEST\"}");
    }

    /** Number of items in the table: what the benchmark checks its samples actually wrote. */
    long count(String table) throws IOException, InterruptedException {
        long total = 0;
        String startKey = null;
        do {
            String body = call("Scan", "{\"TableName\":\"" + table + "\",\"Select\":\"COUNT\""
                    + (startKey == null ? "" : ",\"ExclusiveStartKey\":" + startKey) + "}");
            Matcher count = COUNT.matcher(body);
            if (!count.find()) {
                throw new IOException("Scan answered without a Count: " + body);
            }
            total += Long.parseLong(count.group(1));
            Matcher last = LAST_KEY.matcher(body);
            startKey = last.find() ? last.group(1) : null;
        } while (startKey != null);
        return total;
    }

    private String call(String operation, String body) throws IOException, InterruptedException {
        String amzDate = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .header("X-Amz-Date", amzDate)
                // dynalite checks that the header is well formed, not the signature.
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=bench/" + amzDate.substring(0, 8)
                        + "/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, "
                        + "Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(operation + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
