package dev.channels.local.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlackSinkTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private SlackSink sink;
    private Path log;

    @BeforeEach
    void start(@TempDir Path directory) throws IOException {
        log = directory.resolve("slack-messages.jsonl");
        sink = new SlackSink(log, new PrintStream(console, true, StandardCharsets.UTF_8), Clock.systemUTC());
        sink.start();
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    @Test
    void recordsEveryMessageToTheLogAndPrintsOneLine() throws Exception {
        HttpResponse<String> response = post(sink.webhookUrl(), "{\"text\":\"*JobOrder* 42 created\\nstatus: open\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1);
        JsonNode line = Json.parse(lines.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(line.path("seq").asInt()).isEqualTo(1);
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("delivered").asBoolean()).isTrue();
        assertThat(line.path("path").asText()).isEqualTo(SlackSink.WEBHOOK_PATH);
        assertThat(line.path("body").path("text").asText()).isEqualTo("*JobOrder* 42 created\nstatus: open");
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("slack #1 200 *JobOrder* 42 created status: open" + System.lineSeparator());
    }

    @Test
    void printsTerminalControlCharactersVisiblyAndLogsTheExactText() throws Exception {
        // ESC sequences (colour, clear screen, window title), a lone CR that would overwrite the line, BS,
        // the one-character C1 CSI, DEL, and a right-to-left override that would reorder what follows.
        String text = "\u001b[31mred\u001b[0m \u001b[2J\u001b]0;pwned\u0007 x\rslack #9 200 fake\b \u009b1m \u007f \u202egnp.exe";
        String json = Json.MAPPER.writeValueAsString(Json.object().put("text", text));

        post(sink.webhookUrl(), json);

        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("slack #1 200 \\e[31mred\\e[0m \\e[2J\\e]0;pwned\\u0007"
                + " x\\rslack #9 200 fake\\u0008 \\u009B1m \\u007F \\u202Egnp.exe" + System.lineSeparator());
        String printed = console.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "");
        assertThat(printed.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x202e)).isEmpty();
        JsonNode line = Json.parse(Files.readAllLines(log).get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(line.path("body").path("text").asText()).isEqualTo(text);
    }

    @Test
    void rateLimitsWithRetryAfterForCountRequestsThenRecovers() throws Exception {
        assertThat(post(admin("mode"), "{\"status\":429,\"retryAfter\":2,\"count\":2}").statusCode()).isEqualTo(200);

        HttpResponse<String> first = post(sink.webhookUrl(), "{\"text\":\"a\"}");
        HttpResponse<String> second = post(sink.webhookUrl(), "{\"text\":\"a\"}");
        HttpResponse<String> third = post(sink.webhookUrl(), "{\"text\":\"a\"}");

        assertThat(List.of(first.statusCode(), second.statusCode(), third.statusCode())).containsExactly(429, 429, 200);
        assertThat(first.headers().firstValue("Retry-After")).contains("2");
        assertThat(first.body()).isEqualTo("rate_limited");
        assertThat(third.headers().firstValue("Retry-After")).isEmpty();
        assertThat(sink.messages()).extracting(SlackMessage::status).containsExactly(429, 429, 200);
        assertThat(sink.delivered()).hasSize(1);
    }

    @Test
    void failsUntilResetWhenNoCountIsGiven() throws Exception {
        post(admin("mode"), "{\"status\":500}");

        assertThat(post(sink.webhookUrl(), "{}").statusCode()).isEqualTo(500);
        assertThat(post(sink.webhookUrl(), "{}").statusCode()).isEqualTo(500);
        assertThat(send(HttpRequest.newBuilder(admin("mode")).DELETE()).statusCode()).isEqualTo(200);
        assertThat(post(sink.webhookUrl(), "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void answers404ForAPermanentFailureDrill() throws Exception {
        sink.setMode(SlackSinkMode.failing(404, 1));

        HttpResponse<String> response = post(sink.webhookUrl(), "{\"text\":\"gone\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("no_service");
        assertThat(sink.mode()).isEqualTo(SlackSinkMode.NORMAL);
    }

    @Test
    void stallsBeforeAnsweringAndSaysSo() throws Exception {
        post(admin("mode"), "{\"stallMillis\":150,\"count\":1}");

        assertThat(post(sink.webhookUrl(), "{\"text\":\"slow\"}").statusCode()).isEqualTo(200);

        assertThat(sink.messages().get(0).stalledMillis()).isEqualTo(150);
        assertThat(console.toString(StandardCharsets.UTF_8)).startsWith("slack #1 200 (stalled 150 ms) slow");
    }

    @Test
    void adminListsMessagesAndRejectsABadMode() throws Exception {
        sink.setMode(SlackSinkMode.failing(500, 1));
        post(sink.webhookUrl(), "{\"text\":\"first\"}");
        post(sink.webhookUrl(), "not json");

        JsonNode all = Json.parse(send(HttpRequest.newBuilder(admin("messages")).GET()).body().getBytes(StandardCharsets.UTF_8));
        JsonNode delivered = Json.parse(send(HttpRequest.newBuilder(URI.create(admin("messages") + "?delivered=true")).GET())
                .body().getBytes(StandardCharsets.UTF_8));

        assertThat(all).hasSize(2);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).path("body").asText()).isEqualTo("not json");
        assertThat(post(admin("mode"), "{\"status\":99}").statusCode()).isEqualTo(400);
        assertThat(sink.awaitDelivered(1, Duration.ofSeconds(5))).hasSize(1);
    }

    private URI admin(String what) {
        return URI.create(sink.uri() + "/_admin/" + what);
    }

    private HttpResponse<String> post(URI uri, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
