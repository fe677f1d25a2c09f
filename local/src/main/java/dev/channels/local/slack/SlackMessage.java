package dev.channels.local.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import dev.channels.local.text.TerminalText;
import java.time.Instant;

/**
 * One request the Slack sink received.
 *
 * @param sequence     1, 2, 3... in arrival order
 * @param receivedAt   when it was answered
 * @param path         the webhook path it was posted to
 * @param status       what the sink answered
 * @param stalledMillis how long the sink waited before answering
 * @param body         the payload (parsed JSON, or a text node when it was not JSON)
 */
public record SlackMessage(long sequence, Instant receivedAt, String path, int status, long stalledMillis, JsonNode body) {

    /** Answered 2xx: a real Slack would have shown it. */
    public boolean delivered() {
        return status / 100 == 2;
    }

    /** The message's {@code text} (what Slack shows in notifications), or the raw body. */
    public String text() {
        JsonNode text = body.path("text");
        return text.isTextual() ? text.asText() : body.isTextual() ? body.asText() : body.toString();
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("seq", sequence);
        json.put("time", receivedAt.toString());
        json.put("path", path);
        json.put("status", status);
        json.put("delivered", delivered());
        json.put("stalledMillis", stalledMillis);
        json.set("body", body);
        return json;
    }

    /**
     * One console line: {@code slack #3 200 JobOrder 42 created ...}; spaces, tabs and line breaks
     * folded into one space, cut to {@code width}, then every other control character escaped
     * visibly ({@link TerminalText}): the text is the producer's, and a terminal must only print it.
     */
    public String summary(int width) {
        String text = text().replaceAll("(?:[ \\t]|\\r?\\n)+", " ").replaceAll("^ | $", "");
        if (text.length() > width) {
            int end = width - 1;
            if (Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            text = text.substring(0, end) + "…";
        }
        return "slack #" + sequence + " " + status + (stalledMillis > 0 ? " (stalled " + stalledMillis + " ms)" : "") + " "
                + TerminalText.escape(text);
    }
}
