package dev.channels.local.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.json.Json;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.template.ResolvedStack;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a Slack incoming webhook. Every POST is recorded (in memory and as a line of a JSON-lines
 * file) and summarised in one console line; the answer is {@code 200 ok} unless a fault {@link SlackSinkMode}
 * is set, over HTTP ({@code POST /_admin/mode}) or in-process ({@link #setMode}).
 *
 * <p>Admin API: {@code POST /_admin/mode} with {@code {"status":429,"retryAfter":2,"count":3}} or
 * {@code {"stallMillis":5000}}; {@code GET}/{@code DELETE /_admin/mode}; {@code GET /_admin/messages}
 * ({@code ?delivered=true} for those answered 2xx); {@code DELETE /_admin/messages} clears the memory, not the file.
 */
public final class SlackSink implements LocalService {
    /** The webhook path the local Slack secret points at; any other non-admin path is recorded the same way. */
    public static final String WEBHOOK_PATH = "/services/local/channels/webhook";
    private static final String ADMIN_PREFIX = "/_admin/";
    private static final int SUMMARY_LENGTH = 120;

    private final Path logFile;
    private final PrintStream console;
    private final Clock clock;
    private final List<SlackMessage> messages = new ArrayList<>();
    private SlackSinkMode mode = SlackSinkMode.NORMAL;
    private long sequence;
    private Writer log;
    private LoopbackHttpServer server;

    public SlackSink(Path logFile, PrintStream console, Clock clock) {
        this.logFile = logFile;
        this.console = console;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public Set<String> resourceTypes() {
        return Set.of();
    }

    @Override
    public void start() throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        server = LoopbackHttpServer.start("slack", this::handle);
    }

    @Override
    public void provision(ResolvedStack stack, Inventory inventory) {
        // No template resources: the Slack secret points here (see SecretsManagerService).
    }

    @Override
    public void describe(LocalEndpoints.Builder endpoints) {
        endpoints.slack("webhookUrl", webhookUrl().toString());
        endpoints.slack("admin", server.uri() + ADMIN_PREFIX);
        endpoints.slack("log", logFile.toAbsolutePath().toString());
    }

    public URI webhookUrl() {
        return URI.create(server.uri() + WEBHOOK_PATH);
    }

    public URI uri() {
        return server.uri();
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized void setMode(SlackSinkMode newMode) {
        mode = newMode;
    }

    public synchronized SlackSinkMode mode() {
        return mode;
    }

    /** Every request received since start (or the last clear), in arrival order. */
    public synchronized List<SlackMessage> messages() {
        return List.copyOf(messages);
    }

    /** The requests answered 2xx: the messages a real channel would show. */
    public synchronized List<SlackMessage> delivered() {
        return messages.stream().filter(SlackMessage::delivered).toList();
    }

    /** Waits until at least {@code count} messages were delivered or the timeout passes; returns the delivered ones. */
    public synchronized List<SlackMessage> awaitDelivered(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (delivered().size() < count) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining <= 0) {
                break;
            }
            wait(remaining);
        }
        return delivered();
    }

    public synchronized void clear() {
        messages.clear();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        synchronized (this) {
            if (log != null) {
                try {
                    log.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                log = null;
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith(ADMIN_PREFIX)) {
            admin(exchange, path.substring(ADMIN_PREFIX.length()));
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        SlackSinkMode applied;
        synchronized (this) {
            applied = mode;
            mode = mode.afterOneRequest();
        }
        if (applied.stallMillis() > 0) {
            try {
                Thread.sleep(applied.stallMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the sink is closing
            }
        }
        SlackMessage message = record(path, applied, body);
        if (applied.retryAfterSeconds() > 0) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(applied.retryAfterSeconds()));
        }
        LoopbackHttpServer.send(exchange, applied.status(), "text/plain; charset=utf-8",
                answer(message.status()).getBytes(StandardCharsets.UTF_8));
    }

    private SlackMessage record(String path, SlackSinkMode applied, byte[] body) {
        JsonNode parsed;
        try {
            parsed = Json.parse(body);
        } catch (UncheckedIOException notJson) {
            parsed = TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
        }
        SlackMessage message;
        synchronized (this) {
            message = new SlackMessage(++sequence, clock.instant(), path, applied.status(), applied.stallMillis(), parsed);
            messages.add(message);
            writeLine(message);
            notifyAll();
        }
        console.println(message.summary(SUMMARY_LENGTH));
        return message;
    }

    private void writeLine(SlackMessage message) {
        if (log == null) {
            return;
        }
        try {
            log.write(message.toJson().toString());
            log.write('\n');
            log.flush();
        } catch (IOException e) {
            console.println("slack sink: cannot write " + logFile + ": " + e.getMessage());
        }
    }

    private void admin(HttpExchange exchange, String what) throws IOException {
        String method = exchange.getRequestMethod();
        switch (what + " " + method) {
            case "mode POST" -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                try {
                    setMode(SlackSinkMode.fromJson(Json.parse(body)));
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    LoopbackHttpServer.sendText(exchange, 400, e.getMessage() + "\n");
                    return;
                }
                sendJson(exchange, mode().toJson());
            }
            case "mode GET" -> sendJson(exchange, mode().toJson());
            case "mode DELETE" -> {
                setMode(SlackSinkMode.NORMAL);
                sendJson(exchange, mode().toJson());
            }
            case "messages GET" -> {
                boolean deliveredOnly = "delivered=true".equals(exchange.getRequestURI().getQuery());
                ArrayNode array = Json.MAPPER.createArrayNode();
                (deliveredOnly ? delivered() : messages()).forEach(message -> array.add(message.toJson()));
                sendJson(exchange, array);
            }
            case "messages DELETE" -> {
                clear();
                LoopbackHttpServer.sendText(exchange, 200, "cleared\n");
            }
            default -> LoopbackHttpServer.sendText(exchange, 404, "admin: POST|GET|DELETE /_admin/mode, GET|DELETE /_admin/messages\n");
        }
    }

    private static void sendJson(HttpExchange exchange, JsonNode json) throws IOException {
        LoopbackHttpServer.send(exchange, 200, "application/json", Json.bytes(json));
    }

    /** The bodies Slack answers with. */
    private static String answer(int status) {
        return switch (status) {
            case 200 -> "ok";
            case 400 -> "invalid_payload";
            case 403 -> "action_prohibited";
            case 404 -> "no_service";
            case 410 -> "channel_is_archived";
            case 429 -> "rate_limited";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }
}
