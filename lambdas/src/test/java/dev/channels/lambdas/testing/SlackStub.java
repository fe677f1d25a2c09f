package dev.channels.lambdas.testing;

import com.sun.net.httpserver.HttpExchange;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A Slack incoming webhook on loopback: records every request it receives and answers 200 "ok", or the
 * statuses it was told to, or nothing at all until closed (to make a client time out).
 */
public final class SlackStub implements AutoCloseable {
    /** Secret part of the webhook URL, unique per stub, so a test can search logs for it. */
    private final String token = "TOKEN" + UUID.randomUUID().toString().replace("-", "");
    private final String path = "/services/T0TEST/B0TEST/" + token;
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final LoopbackHttpServer server;
    private volatile boolean stalling;

    /** One request as the stub saw it. */
    public record Request(String method, String path, String contentType, String body) {
    }

    /** A status, with a Retry-After header (seconds) when {@code retryAfter} is not null. */
    public record Answer(int status, String retryAfter) {
        public static Answer status(int status) {
            return new Answer(status, null);
        }

        public static Answer tooManyRequests(String retryAfter) {
            return new Answer(429, retryAfter);
        }
    }

    public SlackStub() {
        server = LoopbackHttpServer.start("slack-stub", this::handle);
    }

    public URI webhookUrl() {
        return URI.create(server.uri() + path);
    }

    public String token() {
        return token;
    }

    /** The next requests get these statuses, in order; after them, 200 again. */
    public void answer(int... nextStatuses) {
        for (int status : nextStatuses) {
            answers.add(Answer.status(status));
        }
    }

    /** The next requests get these answers, in order; after them, 200 again. */
    public void answer(Answer... next) {
        answers.addAll(List.of(next));
    }

    /** From now on requests are recorded but never answered (until {@link #close()}). */
    public void stall() {
        stalling = true;
    }

    public List<Request> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        // Recorded before answering: once the client has its answer, the request is visible here.
        received.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        if (stalling) {
            awaitRelease();
        }
        Answer next = answers.poll();
        int status = next == null ? 200 : next.status();
        if (next != null && next.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", next.retryAfter());
        }
        byte[] answer = (status == 200 ? "ok" : status == 429 ? "rate_limited" : "error").getBytes(StandardCharsets.UTF_8);
        LoopbackHttpServer.send(exchange, status, "text/plain", answer);
    }

    private void awaitRelease() {
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.close();
    }
}
