package dev.channels.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StubHttpServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesEachPathWithItsHandlerOnLoopback() throws Exception {
        try (StubHttpServer server = StubHttpServer.start(Map.of(
                "/", exchange -> StubHttpServer.respond(exchange, 404, "text/plain", "no"),
                "/hooks/", exchange -> StubHttpServer.respond(exchange, 200, "application/json", "{\"ok\":true}")))) {
            assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port());

            HttpResponse<String> hook = get(URI.create(server.uri() + "/hooks/a"));
            assertThat(hook.statusCode()).isEqualTo(200);
            assertThat(hook.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(hook.body()).isEqualTo("{\"ok\":true}");
            assertThat(get(URI.create(server.uri() + "/other")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aStalledAnswerHoldsUpNoOtherAndCloseStopsAtOnce() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        StubHttpServer server = StubHttpServer.start(Map.of(
                "/stall", exchange -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "/", exchange -> StubHttpServer.respond(exchange, 204, null, new byte[0])));
        try {
            http.sendAsync(HttpRequest.newBuilder(URI.create(server.uri() + "/stall")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get(server.uri().resolve("/")).statusCode()).isEqualTo(204);
        } finally {
            server.close();
        }
        assertThatThrownBy(() -> get(server.uri().resolve("/"))).isInstanceOf(IOException.class);
    }
}
