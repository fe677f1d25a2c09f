package dev.channels.support.dynalite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real dynalite from the repo root's node_modules (`npm ci`). */
class DynaliteTest {
    private static final Duration GONE_WITHIN = Duration.ofSeconds(10);

    @Test
    void answersListTablesOverPlainHttp() throws Exception {
        try (Dynalite dynalite = Dynalite.builder().start()) {
            HttpResponse<String> response = listTables(dynalite.endpoint());

            assertThat(dynalite.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"TableNames\":[]}");
        }
    }

    @Test
    void closeEndsTheProcessAndFreesTheEndpoint() throws Exception {
        Dynalite dynalite = Dynalite.builder().start();
        ProcessHandle process = ProcessHandle.of(dynalite.pid()).orElseThrow();

        dynalite.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(dynalite.isAlive()).isFalse();
        assertThatThrownBy(() -> listTables(dynalite.endpoint())).isInstanceOf(ConnectException.class);
        dynalite.close(); // twice is fine
    }

    @Test
    void aDataDirectoryKeepsTablesAcrossRestartsAndTheLogGoesWhereAsked(@TempDir Path directory) throws Exception {
        Path data = directory.resolve("data");
        Path log = directory.resolve("dynalite.log");
        try (Dynalite first = Dynalite.builder().dataDirectory(data).log(log).start()) {
            new DynamoDbJson(first.endpoint()).call("CreateTable", "{\"TableName\":\"kept\","
                    + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
                    + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],\"BillingMode\":\"PAY_PER_REQUEST\"}");
            assertThat(first.log()).isEqualTo(log);
            assertThat(Files.readString(log)).contains("Dynalite listening at: http://127.0.0.1:" + first.endpoint().getPort());
        }

        try (Dynalite second = Dynalite.builder().dataDirectory(data).log(log).start()) {
            assertThat(new DynamoDbJson(second.endpoint()).call("ListTables", "{}")).isEqualTo("{\"TableNames\":[\"kept\"]}");
        }
    }

    @Test
    void aMissingCliSaysToRunNpmCi(@TempDir Path directory) {
        Path cli = directory.resolve("node_modules/dynalite/cli.js");

        assertThatThrownBy(() -> Dynalite.builder().cli(cli).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("dynalite is not installed (" + cli + " is missing): run `npm ci` at the repo root first");
    }

    @Test
    void aCliThatExitsAtOnceFailsWithTheTailOfItsOutput(@TempDir Path directory) throws IOException {
        Path cli = Files.writeString(directory.resolve("cli.js"), "console.error('cannot bind: ' + process.argv.slice(2).join(' '));"
                + " process.exit(3);");
        Path log = directory.resolve("dynalite.log");

        assertThatThrownBy(() -> Dynalite.builder().cli(cli).log(log).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("dynalite did not start after 3 attempts; the last one's output (" + log + "):\n"
                        + "cannot bind: --host 127.0.0.1 --port ")
                .hasMessageEndingWith("--createTableMs 0 --deleteTableMs 0 --updateTableMs 0");
    }

    @Test
    void aMissingNodeSaysSo() {
        assertThatThrownBy(() -> Dynalite.builder().node("no-such-node-binary").start())
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot run no-such-node-binary (Node.js runs dynalite): ");
    }

    /** The JVM killed outright (no shutdown hook runs): dynalite sees its stdin end and exits too. */
    @Test
    void noDynaliteOutlivesAKilledJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-D" + DynaliteCli.REPO_ROOT_PROPERTY + "=" + System.getProperty(DynaliteCli.REPO_ROOT_PROPERTY, ""),
                DynaliteInAnotherJvm.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ProcessHandle dynalite = null;
        try {
            String pid = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8)).readLine();
            dynalite = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
            assertThat(dynalite.isAlive()).isTrue();

            jvm.destroyForcibly().waitFor();

            try {
                dynalite.onExit().get(GONE_WITHIN.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("dynalite (pid " + pid + ") still runs " + GONE_WITHIN.toSeconds() + " s after its JVM was killed");
            }
        } finally {
            jvm.destroyForcibly();
            if (dynalite != null) {
                dynalite.destroyForcibly();
            }
        }
    }

    /** What the test checks the server with: the JDK's client, no AWS SDK and none of our code. */
    private static HttpResponse<String> listTables(URI endpoint) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .header("X-Amz-Date", "20260101T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Run in a JVM of its own by {@link #noDynaliteOutlivesAKilledJvm()}: starts dynalite, prints its pid, waits. */
    static final class DynaliteInAnotherJvm {
        public static void main(String[] args) throws Exception {
            Dynalite dynalite = Dynalite.builder().start();
            System.out.println(dynalite.pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
