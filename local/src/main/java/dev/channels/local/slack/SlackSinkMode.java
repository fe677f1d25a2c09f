package dev.channels.local.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;

/**
 * How the Slack sink answers, for fault drills.
 *
 * @param status            the HTTP status to answer (200, or 429, 500, 404, ...)
 * @param retryAfterSeconds a {@code Retry-After} header when above 0 (Slack sends one with 429)
 * @param stallMillis       how long to wait before answering (a slow or hanging Slack)
 * @param count             how many requests get this answer before the sink is back to normal; -1 = until reset
 */
public record SlackSinkMode(int status, int retryAfterSeconds, long stallMillis, int count) {
    public static final SlackSinkMode NORMAL = new SlackSinkMode(200, 0, 0, -1);

    public SlackSinkMode {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status (100-599), not " + status);
        }
        if (retryAfterSeconds < 0 || stallMillis < 0) {
            throw new IllegalArgumentException("retryAfter and stallMillis must not be negative");
        }
        if (count < -1 || count == 0) {
            throw new IllegalArgumentException("count must be positive, or absent for 'until reset', not " + count);
        }
    }

    public static SlackSinkMode failing(int status, int count) {
        return new SlackSinkMode(status, 0, 0, count);
    }

    public static SlackSinkMode rateLimited(int retryAfterSeconds, int count) {
        return new SlackSinkMode(429, retryAfterSeconds, 0, count);
    }

    public static SlackSinkMode stalling(long stallMillis, int count) {
        return new SlackSinkMode(200, 0, stallMillis, count);
    }

    /** {@code {"status":429,"retryAfter":2,"count":3}}, {@code {"stallMillis":5000}}; absent fields: 200, 0, 0, until reset. */
    public static SlackSinkMode fromJson(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("mode must be a JSON object like {\"status\":429,\"retryAfter\":2,\"count\":3}");
        }
        return new SlackSinkMode(json.path("status").asInt(200), json.path("retryAfter").asInt(0),
                json.path("stallMillis").asLong(0), json.path("count").asInt(-1));
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("status", status);
        json.put("retryAfter", retryAfterSeconds);
        json.put("stallMillis", stallMillis);
        json.put("count", count);
        return json;
    }

    /** The mode for the next request: one fewer to go, back to normal after the last. */
    SlackSinkMode afterOneRequest() {
        if (count == -1) {
            return this;
        }
        return count == 1 ? NORMAL : new SlackSinkMode(status, retryAfterSeconds, stallMillis, count - 1);
    }
}
