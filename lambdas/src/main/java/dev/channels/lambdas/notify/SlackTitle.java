package dev.channels.lambdas.notify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.channels.contract.TitleTemplate;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders the title of one change in a Slack message from the channel's template ({@link TitleTemplate}, its
 * grammar). {@code {property:NAME}} shows the property's latest value (the last known one for a removal), a
 * string without its quotes, anything else as JSON, {@value #ABSENT} when the object has no such property.
 * Text outside placeholders is the operator's own configuration and kept as is (it may use mrkdwn); what the
 * placeholders render comes from producers (and the channel's name) and is escaped for Slack by
 * {@link SlackText#escape}.
 */
final class SlackTitle {
    static final String ABSENT = "(absent)";

    private final List<Function<Context, String>> parts;

    /** What a title is rendered from. */
    record Context(String channel, Change change, Map<String, String> latestValues) {
    }

    private SlackTitle(List<Function<Context, String>> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Refuses an unknown placeholder or an unclosed brace, naming it ({@link TitleTemplate#parse}). */
    static SlackTitle parse(String template) {
        List<Function<Context, String>> parts = new ArrayList<>();
        for (TitleTemplate.Part part : TitleTemplate.parse(template).parts()) {
            parts.add(renderer(part));
        }
        return new SlackTitle(parts);
    }

    private static Function<Context, String> renderer(TitleTemplate.Part part) {
        if (part instanceof TitleTemplate.Text text) {
            return context -> text.text();
        }
        if (part instanceof TitleTemplate.PropertyPart property) {
            return context -> SlackText.escape(display(context.latestValues().get(property.name())));
        }
        return switch (((TitleTemplate.FieldPart) part).field()) {
            case CHANNEL -> context -> SlackText.escape(context.channel());
            case ID -> context -> SlackText.escape(context.change().objectId());
            case EVENT -> context -> context.change().kind().pastTense();
            case KIND -> context -> context.change().kind().name();
        };
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
