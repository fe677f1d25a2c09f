package dev.channels.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The grammar of a channel's Slack title template, such as {@code "{channel} {id} {event}"} or
 * {@code "Job {property:title} is {property:status}"}: the constructs check it at synth time, notify parses it
 * at init, both with this one parser. Placeholders: {@code {channel}}, {@code {id}}, {@code {event}} (created,
 * updated, removed: {@link ChangeKind#pastTense()}), {@code {kind}} (INSERT, MODIFY, REMOVE) and
 * {@code {property:NAME}}; any other text is kept as it is. How each placeholder is rendered is notify's.
 */
public final class TitleTemplate {
    private static final String PROPERTY = "property:";
    private static final String KNOWN = "{channel} {id} {event} {kind} {property:NAME}";

    /** The placeholders without an argument. */
    public enum Field {
        CHANNEL("channel"), ID("id"), EVENT("event"), KIND("kind");

        private final String placeholder;

        Field(String placeholder) {
            this.placeholder = placeholder;
        }

        static Optional<Field> named(String placeholder) {
            for (Field field : values()) {
                if (field.placeholder.equals(placeholder)) {
                    return Optional.of(field);
                }
            }
            return Optional.empty();
        }
    }

    /** One piece of a template, in order. */
    public sealed interface Part permits Text, FieldPart, PropertyPart {
    }

    /** Text outside placeholders, kept as it is. */
    public record Text(String text) implements Part {
    }

    /** {@code {channel}}, {@code {id}}, {@code {event}} or {@code {kind}}. */
    public record FieldPart(Field field) implements Part {
    }

    /** {@code {property:NAME}}: the named property's latest value. */
    public record PropertyPart(String name) implements Part {
    }

    /**
     * A template the grammar refuses. The message is {@code "title template " + problem()}; {@code fix()} says
     * what to do, where that is not plain from the problem.
     */
    public static final class InvalidTemplateException extends IllegalArgumentException {
        private final String problem;
        private final String fix;

        InvalidTemplateException(String problem, String fix) {
            super("title template " + problem);
            this.problem = problem;
            this.fix = fix;
        }

        /** E.g. {@code has an unknown placeholder {status}; known: ...}. */
        public String problem() {
            return problem;
        }

        public Optional<String> fix() {
            return Optional.ofNullable(fix);
        }
    }

    private final List<Part> parts;

    private TitleTemplate(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The template's parts; {@link InvalidTemplateException} for an unknown placeholder or an unclosed brace. */
    public static TitleTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                parts.add(new Text(template.substring(at)));
                break;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new InvalidTemplateException("has a '{' without its '}' at position " + open,
                        "close the placeholder or remove the brace");
            }
            if (open > at) {
                parts.add(new Text(template.substring(at, open)));
            }
            parts.add(placeholder(template.substring(open + 1, close)));
            at = close + 1;
        }
        return new TitleTemplate(parts);
    }

    private static Part placeholder(String name) {
        Optional<Field> field = Field.named(name);
        if (field.isPresent()) {
            return new FieldPart(field.get());
        }
        if (name.startsWith(PROPERTY) && name.length() > PROPERTY.length()) {
            return new PropertyPart(name.substring(PROPERTY.length()));
        }
        throw new InvalidTemplateException("has an unknown placeholder {" + name + "}; known: " + KNOWN, null);
    }

    public List<Part> parts() {
        return parts;
    }
}
