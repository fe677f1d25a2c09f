package dev.channels.lambdas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * A real DynamoDB-compatible server for tests: dynalite (Apache-2.0, pinned in the root package.json)
 * started as a child process on a free loopback port, one per test class. Use it with
 * {@code @RegisterExtension static final DynaliteServer DYNAMO = new DynaliteServer();}.
 */
public final class DynaliteServer implements BeforeAllCallback, AfterAllCallback {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TABLE_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private Process process;
    private URI endpoint;
    private DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path cli = repoRoot().resolve("node_modules/dynalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed (" + cli + " is missing): run `npm ci` at the repo root first");
        }
        String lastOutput = "";
        // A free port can be taken between picking it and dynalite binding it; another port then.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freeLoopbackPort();
            Path log = Files.createTempFile("dynalite-", ".log");
            log.toFile().deleteOnExit();
            process = new ProcessBuilder(List.of("node", cli.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (awaitListening(port)) {
                endpoint = URI.create("http://127.0.0.1:" + port);
                client = clientFor(endpoint);
                return;
            }
            process.destroyForcibly();
            lastOutput = Files.readString(log, StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("dynalite did not start after " + START_ATTEMPTS + " attempts; its output:\n" + lastOutput);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for the server, shared by the test class (the server is closed with it). */
    public DynamoDbClient client() {
        return client;
    }

    /** A new, empty, ACTIVE table keyed by a string attribute, as the Channel construct creates it. */
    public String createTable(String partitionKey) {
        String name = "test-" + UUID.randomUUID();
        client.createTable(request -> request
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName(partitionKey).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build()));
        Instant deadline = Instant.now().plus(TABLE_TIMEOUT);
        while (client.describeTable(request -> request.tableName(name)).table().tableStatus() != TableStatus.ACTIVE) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("table " + name + " not ACTIVE within " + TABLE_TIMEOUT);
            }
            Thread.onSpinWait();
        }
        return name;
    }

    private static DynamoDbClient clientFor(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Polls until the port accepts connections (true) or the process exits or time runs out (false). */
    private boolean awaitListening(int port) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (accepts(port)) {
                return true;
            }
            try {
                if (process.waitFor(25, TimeUnit.MILLISECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder holding package.json, walking up from the working directory (the module folder under Maven). */
    private static Path repoRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("package.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no package.json in " + start + " or above: run the tests inside the repo");
    }
}
