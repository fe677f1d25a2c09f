package dev.channels.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LoopbackHttpServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesOnLoopbackAndAnswers500WhenTheHandlerFailsBeforeAnswering() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start("test", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/fail")) {
                throw new IllegalStateException("broken handler");
            }
            LoopbackHttpServer.send(exchange, 200, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        })) {
            assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port());

            HttpResponse<String> ok = get(URI.create(server.uri() + "/any/path"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(ok.body()).isEqualTo("{\"ok\":true}");

            HttpResponse<String> failed = get(URI.create(server.uri() + "/fail"));
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).contains("broken handler");
        }
    }

    @Test
    void aStalledAnswerHoldsUpNoOtherAndCloseStopsAtOnce() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        LoopbackHttpServer server = LoopbackHttpServer.start("test", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/stall")) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            LoopbackHttpServer.send(exchange, 204, "text/plain", new byte[0]);
        });
        try {
            http.sendAsync(HttpRequest.newBuilder(URI.create(server.uri() + "/stall")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get(URI.create(server.uri() + "/")).statusCode()).isEqualTo(204);
        } finally {
            server.close();
        }
        assertThatThrownBy(() -> get(URI.create(server.uri() + "/"))).isInstanceOf(IOException.class);
    }
}
