package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.test.Synth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last step of the README's main command, as a user runs it: {@code java -jar local/target/channels-local.jar
 * --env dev} from the repo root, a separate JVM on the packaged jar and its {@code lib/} (the in-process end-to-end
 * tests use the module's classes, so only this catches a jar that does not start). Run by failsafe, after
 * {@code package}.
 */
class MainCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePackagedLocalCloudStartsTakesAJobOrderToTheSlackSinkAndStopsCleanly(@TempDir Path data) throws Exception {
        Path root = Synth.repoRoot();
        Path jar = root.resolve("local/target/channels-local.jar");
        assertThat(jar).as("built by `mvn package`").isRegularFile();
        Path assembly = LocalChannels.assembly();
        Path endpointsFile = assembly.resolve("local-endpoints.json");
        Files.deleteIfExists(endpointsFile);
        Path output = data.resolve("console.log");

        Process cloud = new ProcessBuilder(LocalChannels.javaOfThisJvm(), "-jar", jar.toString(),
                "--assembly", assembly.toString(), "--env", LocalChannels.ENV, "--data", data.resolve("state").toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            LocalChannels.await("the local cloud to say it is ready", () -> {
                String text = read(output);
                if (!cloud.isAlive()) {
                    throw new AssertionError("the local cloud exited with " + cloud.exitValue() + ":\n" + text);
                }
                return Optional.of(text).filter(started -> started.contains("Press Ctrl-C to stop."));
            });
            String console = read(output);
            assertThat(console).contains("curl -s -X POST ").contains("accepted, not emulated");

            JsonNode endpoints = JSON.readTree(endpointsFile.toFile());
            URI api = URI.create(endpoints.path("apis").path("job-order").asText());
            String id = LocalChannels.newId("main-command");
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"status\":\"open\","
                            + "\"updatedAt\":\"2025-11-25T09:30:00Z\"}")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

            Path slackLog = Path.of(endpoints.path("slack").path("log").asText());
            assertThat(slackLog).startsWith(data);
            String told = LocalChannels.await("a Slack message for " + id + " in " + slackLog,
                    () -> lines(slackLog).stream().filter(line -> line.contains(id)).findFirst());
            assertThat(told).contains("created");

            // A producer's first object with the tools' post command, as getting started has it: signed, to a route.
            String candidate = LocalChannels.newId("tools-post");
            Path body = Files.writeString(data.resolve("candidate.json"), "{\"id\":\"" + candidate + "\",\"name\":\"Ana\"}");
            Path postOutput = data.resolve("post.log");
            Process post = new ProcessBuilder(LocalChannels.javaOfThisJvm(), "-jar",
                    root.resolve("tools/target/channels-tools.jar").toString(), "post", "--channel", "candidate",
                    "--file", body.toString(), "--local-endpoints", endpointsFile.toString())
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(postOutput.toFile()).start();
            assertThat(post.waitFor(LocalChannels.LIMIT.toSeconds(), TimeUnit.SECONDS)).as("post finished").isTrue();
            assertThat(post.exitValue()).as(read(postOutput)).isZero();
            assertThat(read(postOutput)).contains("HTTP 200 {\"messageId\":\"");
            LocalChannels.await("a Slack message for " + candidate, () -> lines(slackLog).stream()
                    .filter(line -> line.contains(candidate) && line.contains("created")).findFirst());

            // SIGTERM: it runs the same JVM shutdown hooks as Ctrl-C's SIGINT, which a process started from a
            // background job ignores (a CI runner may start us so; seen here with `nohup ... &`).
            cloud.destroy();
            assertThat(cloud.waitFor(LocalChannels.LIMIT.toSeconds(), TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            assertThat(read(output)).contains("Local cloud stopped").doesNotContain("Exception");
        } finally {
            cloud.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        return read(file).lines().toList();
    }
}
