package dev.channels.local.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where email subscriptions deliver locally: one JSON object per email appended to a file (to, subject, body,
 * topic, message id, time), and one console line per email. The file is JSON Lines so a test or {@code jq}
 * reads it; the body is the message as published (CloudWatch's alarm JSON for an alarm).
 */
public final class Mailbox {
    private final Path file;
    private final PrintStream console;

    public Mailbox(Path file, PrintStream console) {
        this.file = file;
        this.console = console;
    }

    public Path file() {
        return file;
    }

    synchronized void deliver(String to, String subject, String body, String topicArn, String messageId, Instant time) {
        ObjectNode mail = Json.object();
        mail.put("to", to);
        mail.put("subject", subject);
        mail.put("body", body);
        mail.put("topicArn", topicArn);
        mail.put("messageId", messageId);
        mail.put("timestamp", time.toString());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Json.MAPPER.writeValueAsString(mail) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the mailbox " + file, e);
        }
        console.println("sns: email to " + printable(to) + ": " + printable(subject) + " (in " + file + ")");
    }

    /** The emails delivered so far, oldest first. */
    public synchronized List<JsonNode> emails() {
        List<JsonNode> emails = new ArrayList<>();
        if (!Files.exists(file)) {
            return emails;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    emails.add(Json.MAPPER.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the mailbox " + file, e);
        }
        return emails;
    }

    /** A published subject or address on the console: control and bidirectional characters shown as \\uXXXX. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
