package dev.channels.lambdas.notify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The title of one change in a Slack message, from a per-channel template such as
 * {@code "{channel} {id} {event}"} or {@code "Job {property:title} is {property:status}"}.
 * Placeholders: {@code {channel}}, {@code {id}}, {@code {event}} (created, updated, removed),
 * {@code {kind}} (INSERT, MODIFY, REMOVE) and {@code {property:NAME}}: the property's latest value
 * (the last known one for a removal), a string without its quotes, anything else as JSON,
 * {@value #ABSENT} when the object has no such property. Text outside placeholders is the operator's
 * own configuration and kept as is (it may use mrkdwn); what the placeholders render comes from
 * producers (and the channel's name) and is escaped for Slack by {@link SlackText#escape}.
 */
final class TitleTemplate {
    static final String ABSENT = "(absent)";
    private static final String PROPERTY = "property:";

    private final List<Function<Context, String>> parts;

    /** What a title is rendered from. */
    record Context(String channel, Change change, Map<String, String> latestValues) {
    }

    private TitleTemplate(List<Function<Context, String>> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Refuses an unknown placeholder or an unclosed brace, naming it. */
    static TitleTemplate parse(String template) {
        List<Function<Context, String>> parts = new ArrayList<>();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                String literal = template.substring(at);
                parts.add(context -> literal);
                break;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("title template has a '{' without its '}' at position " + open);
            }
            if (open > at) {
                String literal = template.substring(at, open);
                parts.add(context -> literal);
            }
            parts.add(placeholder(template.substring(open + 1, close)));
            at = close + 1;
        }
        return new TitleTemplate(parts);
    }

    private static Function<Context, String> placeholder(String name) {
        switch (name) {
            case "channel":
                return context -> SlackText.escape(context.channel());
            case "id":
                return context -> SlackText.escape(context.change().objectId());
            case "event":
                return context -> context.change().kind().pastTense();
            case "kind":
                return context -> context.change().kind().name();
            default:
                if (name.startsWith(PROPERTY) && name.length() > PROPERTY.length()) {
                    String property = name.substring(PROPERTY.length());
                    return context -> SlackText.escape(display(context.latestValues().get(property)));
                }
                throw new IllegalArgumentException("title template has an unknown placeholder {" + name
                        + "}; known: {channel} {id} {event} {kind} {property:NAME}");
        }
    }

    String render(Context context) {
        StringBuilder title = new StringBuilder();
        for (Function<Context, String> part : parts) {
            title.append(part.apply(context));
        }
        return title.toString();
    }

    /** A JSON string without its quotes and escapes; any other JSON value as it is. */
    private static String display(String json) {
        if (json == null) {
            return ABSENT;
        }
        if (!json.startsWith("\"")) {
            return json;
        }
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            return parser.nextToken() == JsonToken.VALUE_STRING ? parser.getText() : json;
        } catch (IOException e) {
            return json;
        }
    }
}
