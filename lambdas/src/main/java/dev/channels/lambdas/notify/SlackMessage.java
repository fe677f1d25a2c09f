package dev.channels.lambdas.notify;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One Slack incoming-webhook message: a plain-text fallback (notifications, screen readers) and
 * mrkdwn sections, the first naming channel, object and what happened, the second listing the
 * properties, one per line, values as JSON.
 */
record SlackMessage(String text, List<String> sections) {
    /** Slack refuses a section whose text is longer than this. */
    static final int SECTION_LIMIT = 3000;
    /** One huge value must not crowd out every other property. */
    static final int VALUE_LIMIT = 500;
    private static final String ARROW = " \u2192 ";
    private static final String ABSENT = "(absent)";

    SlackMessage {
        sections = List.copyOf(sections);
    }

    static SlackMessage describing(String channelName, Change change) {
        String text = channelName + " " + change.objectId() + " " + change.kind().pastTense();
        String headline = "*" + escape(channelName) + "* `" + escape(change.objectId()) + "` "
                + change.kind().pastTense();
        List<String> sections = new ArrayList<>();
        sections.add(truncate(headline, SECTION_LIMIT));
        if (!change.properties().isEmpty()) {
            sections.add(propertyLines(change));
        }
        return new SlackMessage(text, sections);
    }

    /** Lines while they fit the section; the rest counted, so the reader knows something is missing. */
    private static String propertyLines(Change change) {
        StringBuilder lines = new StringBuilder();
        List<PropertyChange> properties = change.properties();
        for (int i = 0; i < properties.size(); i++) {
            String line = line(change.kind(), properties.get(i));
            String more = "\n\u2026and " + (properties.size() - i) + " more";
            int separator = lines.isEmpty() ? 0 : 1;
            boolean isLast = i == properties.size() - 1;
            int reserve = isLast ? 0 : more.length();
            if (lines.length() + separator + line.length() + reserve > SECTION_LIMIT) {
                return lines.append(more).toString();
            }
            if (separator == 1) {
                lines.append('\n');
            }
            lines.append(line);
        }
        return lines.toString();
    }

    private static String line(ChangeKind kind, PropertyChange property) {
        String name = "`" + escape(property.name()) + "`: ";
        String oldValue = property.oldValue().map(SlackMessage::value).orElse(ABSENT);
        String newValue = property.newValue().map(SlackMessage::value).orElse(ABSENT);
        return switch (kind) {
            case INSERT -> name + newValue;
            case REMOVE -> name + oldValue;
            case MODIFY -> name + oldValue + ARROW + newValue;
        };
    }

    private static String value(String json) {
        return escape(truncate(json, VALUE_LIMIT));
    }

    private static String truncate(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = limit - 1;
        // Never split a surrogate pair (an emoji) in two.
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }

    /** The three characters Slack's mrkdwn reserves for links and mentions. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("text", text);
            json.writeArrayFieldStart("blocks");
            for (String section : sections) {
                json.writeStartObject();
                json.writeStringField("type", "section");
                json.writeObjectFieldStart("text");
                json.writeStringField("type", "mrkdwn");
                json.writeStringField("text", section);
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            // Writing to a StringWriter does no I/O.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
