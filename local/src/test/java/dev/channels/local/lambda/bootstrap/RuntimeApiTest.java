package dev.channels.local.lambda.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Runtime API client against a recording server: the headers it reads, the bodies it posts. */
class RuntimeApiTest {
    private LoopbackHttpServer server;
    private final Map<String, String> posted = new ConcurrentHashMap<>();
    private RuntimeApi api;

    @BeforeEach
    void start() {
        server = LoopbackHttpServer.start("runtime-api-stub", exchange -> {
            String route = exchange.getRequestURI().getPath().substring("/2018-06-01/runtime/".length());
            byte[] answer;
            int status;
            if (route.equals("invocation/next")) {
                exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", "req-7");
                exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", "1700000000000");
                exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:1:function:f");
                exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", "Root=1-abc");
                answer = "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8);
                status = 200;
            } else if (route.equals("invocation/gone/response")) {
                answer = "{\"errorType\":\"InvalidRequestID\"}".getBytes(StandardCharsets.UTF_8);
                status = 400;
            } else {
                posted.put(route, exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                answer = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
                status = 202;
            }
            LoopbackHttpServer.send(exchange, status, "application/json", answer);
        });
        api = new RuntimeApi("127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void nextReadsTheEventAndItsHeaders() throws IOException {
        RuntimeApi.Invocation next = api.next();
        assertThat(next.requestId()).isEqualTo("req-7");
        assertThat(next.deadlineMs()).isEqualTo(1_700_000_000_000L);
        assertThat(next.functionArn()).isEqualTo("arn:aws:lambda:eu-west-1:1:function:f");
        assertThat(next.traceId()).isEqualTo("Root=1-abc");
        assertThat(new String(next.event(), StandardCharsets.UTF_8)).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void responsesErrorsAndInitErrorsArePosted() throws IOException {
        api.respond("req-7", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        api.error("req-8", new IllegalStateException("say \"no\"\n"));
        api.initError("java.lang.ClassNotFoundException", "Class not found: a.B", null);
        assertThat(posted.get("invocation/req-7/response")).isEqualTo("null {\"ok\":true}");
        assertThat(posted.get("invocation/req-8/error")).startsWith("Unhandled {\"errorMessage\":\"say \\\"no\\\"\\n\","
                + "\"errorType\":\"java.lang.IllegalStateException\",\"stackTrace\":[\"dev.channels.local.lambda.bootstrap.RuntimeApiTest.");
        assertThat(posted.get("init/error")).isEqualTo("Unhandled {\"errorMessage\":\"Class not found: a.B\","
                + "\"errorType\":\"java.lang.ClassNotFoundException\",\"stackTrace\":[]}");
    }

    @Test
    void aRefusedPostIsAnError() {
        assertThatThrownBy(() -> api.respond("gone", new byte[0])).isInstanceOf(IOException.class)
                .hasMessage("POST invocation/gone/response answered 400: {\"errorType\":\"InvalidRequestID\"}");
    }
}
