package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.contract.ChangeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlackMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void escapesWhatSlackReadsAsMarkupInNamesIdsAndValues() {
        Change change = new Change(ChangeKind.INSERT, "<id&>", List.of(
                new PropertyChange("a<b", Optional.empty(), Optional.of("\"<@U123> & <!here>\""))));

        SlackMessage message = SlackMessage.describing("JobOrder", change);

        assertThat(message.text()).isEqualTo("JobOrder &lt;id&amp;&gt; created");
        assertThat(message.blocks().get(0)).isEqualTo(new SlackMessage.Block("header", "JobOrder &lt;id&amp;&gt; created"));
        assertThat(message.sections()).containsExactly(
                "*JobOrder* `&lt;id&amp;&gt;` created",
                "`a&lt;b`: \"&lt;@U123&gt; &amp; &lt;!here&gt;\"");
    }

    @Test
    void anInsertWithNoPropertyButItsIdHasOnlyTheHeadline() {
        SlackMessage message = SlackMessage.describing("JobOrder", new Change(ChangeKind.INSERT, "JO-1", List.of()));

        assertThat(message.sections()).containsExactly("*JobOrder* `JO-1` created");
    }

    @Test
    void shortensAHugeValueWithoutSplittingAnEmoji() {
        String huge = "\"" + "x".repeat(SlackMessage.VALUE_LIMIT - 3) + "\uD83D\uDE80" + "y".repeat(100) + "\"";
        Change change = new Change(ChangeKind.REMOVE, "JO-1", List.of(new PropertyChange("text", Optional.of(huge), Optional.empty())));

        String line = SlackMessage.describing("JobOrder", change).sections().get(1);

        assertThat(line).isEqualTo("`text`: \"" + "x".repeat(SlackMessage.VALUE_LIMIT - 3) + "\u2026");
    }

    @Test
    void keepsTheListWithinSlacksSectionLimitAndCountsWhatItLeftOut() {
        List<PropertyChange> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new PropertyChange("p" + (100 + i), Optional.of("\"" + "o".repeat(40) + "\""), Optional.of("\"" + "n".repeat(40) + "\"")));
        }

        String section = SlackMessage.describing("JobOrder", new Change(ChangeKind.MODIFY, "JO-1", many)).sections().get(1);

        assertThat(section.length()).isLessThanOrEqualTo(SlackMessage.SECTION_LIMIT);
        String[] lines = section.split("\n");
        int shown = lines.length - 1;
        assertThat(lines[0]).startsWith("`p100`: \"ooo");
        assertThat(lines[lines.length - 1]).isEqualTo("\u2026and " + (100 - shown) + " more");
        assertThat(shown).isBetween(20, 99);
    }

    @Test
    void writesTheWebhookJsonShape() throws Exception {
        SlackMessage message = new SlackMessage("fallback \"text\"",
                List.of(SlackMessage.Block.section("one"), SlackMessage.Block.section("two")));

        JsonNode json = JSON.readTree(message.toJson());

        assertThat(json.get("text").asText()).isEqualTo("fallback \"text\"");
        assertThat(json.get("blocks")).hasSize(2);
        assertThat(json.get("blocks").get(1).get("type").asText()).isEqualTo("section");
        assertThat(json.get("blocks").get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(json.get("blocks").get(1).get("text").get("text").asText()).isEqualTo("two");
        assertThat(json.get("blocks").get(1).get("text").get("verbatim").asBoolean()).isTrue();
    }
}
