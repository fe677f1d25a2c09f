package dev.channels.lambdas.notify;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.channels.contract.ChangeKind;
import dev.channels.contract.NotifyDefaults;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Slack incoming-webhook message (Block Kit): a plain-text fallback (notifications, screen
 * readers) and, for each change it tells, a header with the change's title, a mrkdwn section naming
 * channel, object and what happened, and a section listing the changed properties, one per line,
 * values as JSON. Every producer value is escaped by {@link SlackText} (no mention, no link), every
 * text is cut to Slack's limits, never split inside an emoji or an entity, and a list cut short says
 * how many lines it left out. Sections are {@code verbatim}: Slack then turns no bare URL or channel
 * name a producer sent into a link.
 */
record SlackMessage(String text, List<Block> blocks) {
    /** Slack refuses a message with more blocks than this. */
    static final int MAX_BLOCKS = 50;
    /** Slack refuses a section whose text is longer than this. */
    static final int SECTION_LIMIT = 3000;
    /** Slack refuses a header whose text is longer than this. */
    static final int HEADER_LIMIT = 150;
    /** One huge value must not crowd out every other property. */
    static final int VALUE_LIMIT = 500;
    /** The fallback text: Slack takes 40 000 characters, a notification shows a line or two. */
    static final int TEXT_LIMIT = 3000;
    private static final String ARROW = " \u2192 ";
    private static final String ABSENT = "(absent)";
    private static final SlackTitle DEFAULT_TITLE = SlackTitle.parse(NotifyDefaults.TITLE_TEMPLATE);

    /** A header (plain text) or a section (mrkdwn); its text already escaped. */
    record Block(String type, String text) {
        static Block header(String plainText) {
            return new Block("header", SlackText.truncate(plainText, HEADER_LIMIT));
        }

        static Block section(String mrkdwn) {
            return new Block("section", SlackText.truncate(mrkdwn, SECTION_LIMIT));
        }
    }

    SlackMessage {
        blocks = List.copyOf(blocks);
    }

    /** The texts of the section blocks, in order. */
    List<String> sections() {
        return blocks.stream().filter(block -> block.type().equals("section")).map(Block::text).toList();
    }

    /** One change, titled with the default template. */
    static SlackMessage describing(String channelName, Change change) {
        String title = title(DEFAULT_TITLE, channelName, new Notice(change, Map.of()));
        return new SlackMessage(title, blocks(title, channelName, change));
    }

    /**
     * The change's title, its producer values escaped; the default one when the template renders
     * nothing (Slack refuses an empty header).
     */
    static String title(SlackTitle template, String channelName, Notice notice) {
        String title = template.render(new SlackTitle.Context(channelName, notice.change(), notice.latestValues()));
        if (title.isBlank()) {
            title = DEFAULT_TITLE.render(new SlackTitle.Context(channelName, notice.change(), notice.latestValues()));
        }
        return title;
    }

    /** The two or three blocks that tell one change. */
    static List<Block> blocks(String title, String channelName, Change change) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.header(title));
        blocks.add(Block.section("*" + SlackText.escape(channelName) + "* `" + SlackText.escape(change.objectId()) + "` "
                + change.kind().pastTense()));
        if (!change.properties().isEmpty()) {
            blocks.add(Block.section(propertyLines(change)));
        }
        return blocks;
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
        String name = "`" + SlackText.escape(property.name()) + "`: ";
        String oldValue = property.oldValue().map(SlackMessage::value).orElse(ABSENT);
        String newValue = property.newValue().map(SlackMessage::value).orElse(ABSENT);
        return switch (kind) {
            case INSERT -> name + newValue;
            case REMOVE -> name + oldValue;
            case MODIFY -> name + oldValue + ARROW + newValue;
        };
    }

    private static String value(String json) {
        return SlackText.truncate(SlackText.escape(json), VALUE_LIMIT);
    }

    String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("text", text);
            json.writeArrayFieldStart("blocks");
            for (Block block : blocks) {
                json.writeStartObject();
                json.writeStringField("type", block.type());
                json.writeObjectFieldStart("text");
                if (block.type().equals("header")) {
                    json.writeStringField("type", "plain_text");
                    json.writeStringField("text", block.text());
                    json.writeBooleanField("emoji", true);
                } else {
                    json.writeStringField("type", "mrkdwn");
                    json.writeStringField("text", block.text());
                    json.writeBooleanField("verbatim", true);
                }
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
