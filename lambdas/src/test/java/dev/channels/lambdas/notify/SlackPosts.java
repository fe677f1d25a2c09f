package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.lambdas.testing.SlackStub;
import java.util.ArrayList;
import java.util.List;

/**
 * Slack posts read back as what a reader sees: per change its title (header), headline and property
 * lines. Parsing checks every post against Slack's limits, so every test that posts checks them too.
 */
final class SlackPosts {

    private SlackPosts() {
    }

    /** One change as a message tells it. */
    record Told(String title, String headline, List<String> propertyLines) {
    }

    /** One webhook call: the fallback text and the changes it tells. */
    record Posted(String text, List<Told> changes) {
        String headline() {
            return changes.get(0).headline();
        }

        List<String> propertyLines() {
            return changes.get(0).propertyLines();
        }
    }

    static List<Posted> parse(List<SlackStub.Request> requests) {
        List<Posted> posts = new ArrayList<>();
        for (SlackStub.Request request : requests) {
            posts.add(parse(request.body()));
        }
        return posts;
    }

    /** Every change of every post, in order. */
    static List<Told> told(List<SlackStub.Request> requests) {
        return parse(requests).stream().flatMap(posted -> posted.changes().stream()).toList();
    }

    static Posted parse(String body) {
        JsonNode message = LogLines.tree(body);
        JsonNode blocks = message.get("blocks");
        assertThat(blocks.size()).as("blocks in one message").isBetween(1, SlackMessage.MAX_BLOCKS);
        assertThat(message.get("text").asText()).hasSizeLessThanOrEqualTo(SlackMessage.TEXT_LIMIT);
        List<Told> changes = new ArrayList<>();
        int i = 0;
        while (i < blocks.size()) {
            JsonNode header = blocks.get(i);
            assertThat(header.get("type").asText()).isEqualTo("header");
            assertThat(header.get("text").get("type").asText()).isEqualTo("plain_text");
            String title = header.get("text").get("text").asText();
            assertThat(title).isNotBlank().hasSizeLessThanOrEqualTo(SlackMessage.HEADER_LIMIT);
            String headline = section(blocks.get(i + 1));
            i += 2;
            List<String> lines = List.of();
            if (i < blocks.size() && blocks.get(i).get("type").asText().equals("section")) {
                lines = List.of(section(blocks.get(i)).split("\n"));
                i++;
            }
            changes.add(new Told(title, headline, lines));
        }
        return new Posted(message.get("text").asText(), changes);
    }

    private static String section(JsonNode block) {
        assertThat(block.get("type").asText()).isEqualTo("section");
        assertThat(block.get("text").get("type").asText()).isEqualTo("mrkdwn");
        String text = block.get("text").get("text").asText();
        assertThat(text).isNotEmpty().hasSizeLessThanOrEqualTo(SlackMessage.SECTION_LIMIT);
        return text;
    }
}
