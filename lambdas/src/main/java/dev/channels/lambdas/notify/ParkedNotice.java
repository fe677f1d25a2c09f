package dev.channels.lambdas.notify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A change notify gave up on, as it waits in the channel's notices queue: which stream record it was
 * (channel and eventId are its ledger key) and the Slack message notify composed for it. The message is
 * kept as composed (escaped, titled with the channel's template, only the properties it shows), so the
 * redrive needs none of the channel's settings and tells exactly what notify would have told.
 *
 * @param slackMessage the webhook body, JSON text
 * @param recordCreatedAt the stream record's approximate creation time, when it had one
 * @param attempts how many deliveries of the record tried to tell it
 * @param reason why notify gave up (loggable: a status or an exception class, never the URL)
 */
public record ParkedNotice(String channel, String eventId, String sequenceNumber, String objectId, String kind,
        Optional<Instant> recordCreatedAt, Instant parkedAt, int attempts, String reason, String slackMessage) {

    /** Bumped when a field changes meaning; the redrive refuses a format it does not know. */
    public static final int FORMAT = 1;

    public ParkedNotice {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(slackMessage, "slackMessage");
        Objects.requireNonNull(recordCreatedAt, "recordCreatedAt");
        Objects.requireNonNull(parkedAt, "parkedAt");
    }

    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("format", FORMAT);
            json.writeStringField("channel", channel);
            json.writeStringField("eventId", eventId);
            json.writeStringField("sequenceNumber", sequenceNumber);
            json.writeStringField("objectId", objectId);
            json.writeStringField("kind", kind);
            if (recordCreatedAt.isPresent()) {
                json.writeStringField("recordCreatedAt", recordCreatedAt.get().toString());
            }
            json.writeStringField("parkedAt", parkedAt.toString());
            json.writeNumberField("attempts", attempts);
            json.writeStringField("reason", reason);
            json.writeStringField("slackMessage", slackMessage);
            json.writeEndObject();
        } catch (IOException e) {
            // Writing to a StringWriter does no I/O.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A notice as {@link #toJson} wrote it; {@link IllegalArgumentException} for anything else. */
    public static ParkedNotice parse(String text) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = Json.FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a parked notice: expected a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isScalarValue()) {
                    fields.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("not a parked notice: data after the object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a parked notice: malformed JSON");
        }
        if (!Integer.toString(FORMAT).equals(fields.get("format"))) {
            throw new IllegalArgumentException("parked notice format " + fields.get("format") + " is not " + FORMAT
                    + ": redrive it with the tools of the version that parked it");
        }
        try {
            return new ParkedNotice(required(fields, "channel"), required(fields, "eventId"),
                    required(fields, "sequenceNumber"), fields.get("objectId"), fields.get("kind"),
                    Optional.ofNullable(fields.get("recordCreatedAt")).map(Instant::parse),
                    Instant.parse(required(fields, "parkedAt")),
                    Integer.parseInt(fields.getOrDefault("attempts", "0")), fields.get("reason"),
                    required(fields, "slackMessage"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a parked notice: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no " + name);
        }
        return value;
    }
}
