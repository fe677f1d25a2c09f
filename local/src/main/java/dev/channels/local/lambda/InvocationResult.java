package dev.channels.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one invocation gave: the function's response payload, or an error (a function error the runtime
 * reported, an init error, a timeout, a crashed runtime).
 *
 * @param requestId    the invocation's request id
 * @param payload      the response body (JSON as the handler serialized it) when there was no error
 * @param errorType    e.g. {@code java.lang.IllegalStateException}, {@code Sandbox.Timedout}, {@code Runtime.ExitError}
 * @param errorMessage the error's message
 * @param duration     from handing the event to the runtime to its answer (init excluded, as Lambda bills it)
 * @param coldStart    whether a new runtime process was started for this invocation
 */
public record InvocationResult(String requestId, Optional<byte[]> payload, Optional<String> errorType,
        Optional<String> errorMessage, Duration duration, boolean coldStart) {

    /** The error type of an invocation that ran past the function's timeout. */
    public static final String TIMEOUT = "Sandbox.Timedout";

    public InvocationResult {
        Objects.requireNonNull(requestId);
        Objects.requireNonNull(payload);
        Objects.requireNonNull(errorType);
        Objects.requireNonNull(errorMessage);
        Objects.requireNonNull(duration);
    }

    static InvocationResult success(String requestId, byte[] payload, Duration duration, boolean cold) {
        return new InvocationResult(requestId, Optional.of(payload), Optional.empty(), Optional.empty(), duration, cold);
    }

    static InvocationResult error(String requestId, String type, String message, Duration duration, boolean cold) {
        return new InvocationResult(requestId, Optional.empty(), Optional.of(type), Optional.of(message), duration, cold);
    }

    public boolean isError() {
        return errorType.isPresent();
    }

    public boolean timedOut() {
        return errorType.filter(TIMEOUT::equals).isPresent();
    }

    /** The payload as text ("" for an error or an empty response). */
    public String payloadText() {
        return payload.map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse("");
    }

    /** The payload parsed as JSON; empty for an error, an empty or {@code null} response, or one that is not JSON. */
    public Optional<JsonNode> payloadJson() {
        if (payload.isEmpty() || payload.get().length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(payload.get());
            return node == null || node.isNull() || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (java.io.IOException notJson) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return isError()
                ? "error " + errorType.get() + ": " + errorMessage.orElse("") + " (" + duration.toMillis() + " ms" + (coldStart ? ", cold" : "") + ")"
                : "ok " + payloadText() + " (" + duration.toMillis() + " ms" + (coldStart ? ", cold" : "") + ")";
    }
}
