package dev.channels.lambdas.observe;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes one JSON object per log line: level, handler, channel, request id, outcome, then the caller's
 * fields. Lines go through {@link LambdaLogger#log(String)}, which with the function's TEXT log format
 * writes them as they are, so CloudWatch Logs Insights sees JSON fields (and an EMF line from
 * {@link Counters} stays a valid EMF document). Callers pass ids and reasons, never payloads or
 * secrets. Thread-safe: each line is built on the caller's thread and written whole.
 */
public final class JsonLog {
    public enum Level { INFO, WARN, ERROR }

    private final LambdaLogger logger;
    private final String handler;
    private final String channel;
    private final String requestId;

    public JsonLog(LambdaLogger logger, String handler, String channel, String requestId) {
        this.logger = logger;
        this.handler = handler;
        this.channel = channel;
        this.requestId = requestId;
    }

    /** {@code fields} alternate name and value; a null value is left out. */
    public void info(String outcome, String... fields) {
        log(Level.INFO, outcome, fields);
    }

    public void warn(String outcome, String... fields) {
        log(Level.WARN, outcome, fields);
    }

    public void error(String outcome, String... fields) {
        log(Level.ERROR, outcome, fields);
    }

    /** A raw line, for an EMF document. */
    public void raw(String line) {
        emit(line);
    }

    public void log(Level level, String outcome, String... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields must alternate name and value");
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("level", level.name());
            json.writeStringField("handler", handler);
            json.writeStringField("channel", channel);
            if (requestId != null) {
                json.writeStringField("requestId", requestId);
            }
            json.writeStringField("outcome", outcome);
            for (int i = 0; i < fields.length; i += 2) {
                if (fields[i + 1] != null) {
                    json.writeStringField(fields[i], fields[i + 1]);
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            // Writing to a StringWriter does no I/O.
            throw new UncheckedIOException(e);
        }
        emit(out.toString());
    }

    /**
     * One call per line, one line at a time: ingest's writers share one log, and a logger that writes a line in
     * several steps must not mix two of them (Lambda's own writes each line as one frame, under a lock).
     */
    private synchronized void emit(String line) {
        logger.log(line);
    }
}
