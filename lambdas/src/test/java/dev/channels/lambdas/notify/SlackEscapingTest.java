package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.contract.ChangeKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Producer text in every place Slack reads it: the JSON Slack would receive, exactly. Each hostile
 * string is paired with its escaped form written out by hand, so the test does not lean on the code
 * it checks.
 */
class SlackEscapingTest {
    private static final String CHANNEL = "<!channel> \"<https://evil.example|click here>\"";

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "<!channel> => &lt;!channel&gt;",
        "<!here> => &lt;!here&gt;",
        "<!everyone> => &lt;!everyone&gt;",
        "<@U12345> => &lt;@U12345&gt;",
        "<#C12345> => &lt;#C12345&gt;",
        "<https://evil.example|click here> => &lt;https://evil.example|click here&gt;",
        "a & b => a &amp; b",
    })
    void anIdAPropertyNameAndAValueNeverBecomeAMentionOrALink(String hostile, String escaped) {
        Change change = new Change(ChangeKind.MODIFY, hostile, List.of(new PropertyChange(hostile,
                Optional.of("\"" + hostile + "\""), Optional.of("\"" + hostile + "!\""))));

        String json = new SlackComposer("JobOrder", SlackTitle.parse("{channel} {id} {event}"))
                .compose(List.of(new Notice(change, Map.of()))).get(0).message().toJson();

        assertThat(json).isEqualTo("{\"text\":\"JobOrder " + escaped + " updated\",\"blocks\":["
                + "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"JobOrder " + escaped
                + " updated\",\"emoji\":true}},"
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*JobOrder* `" + escaped
                + "` updated\",\"verbatim\":true}},"
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"`" + escaped + "`: \\\"" + escaped
                + "\\\" \u2192 \\\"" + escaped + "!\\\"\",\"verbatim\":true}}]}");
    }

    @Test
    void anIdWithNewlinesIsOneLineEverywhere() {
        Change change = new Change(ChangeKind.INSERT, "JO-1\n<!here>\r\nsecond line",
                List.of(new PropertyChange("multi\nline", Optional.empty(), Optional.of("\"a\\nb\""))));

        String json = SlackMessage.describing("JobOrder", change).toJson();

        assertThat(json).isEqualTo("{\"text\":\"JobOrder JO-1 &lt;!here&gt;  second line created\",\"blocks\":["
                + "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"JobOrder JO-1 &lt;!here&gt;  second line"
                + " created\",\"emoji\":true}},"
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*JobOrder* `JO-1 &lt;!here&gt;  second line`"
                + " created\",\"verbatim\":true}},"
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"`multi line`: \\\"a\\\\nb\\\"\","
                + "\"verbatim\":true}}]}");
    }

    @Test
    void aTitleTemplateEscapesWhatItRendersButNotTheOperatorsText() {
        SlackTitle template = SlackTitle.parse("*{property:title}* for {property:client} <!here> ({id})");
        Map<String, String> latest = Map.of(
                "title", "\"<!channel> <https://evil.example|click here>\"",
                "client", "\"a & b\\n<@U12345> <#C12345>\"");
        Notice notice = new Notice(new Change(ChangeKind.REMOVE, "<!everyone>", List.of()), latest);

        String json = new SlackComposer("JobOrder", template).compose(List.of(notice)).get(0).message().toJson();

        String title = "*&lt;!channel&gt; &lt;https://evil.example|click here&gt;* for a &amp; b &lt;@U12345&gt;"
                + " &lt;#C12345&gt; <!here> (&lt;!everyone&gt;)";
        assertThat(json).isEqualTo("{\"text\":\"" + title + "\",\"blocks\":["
                + "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"" + title + "\",\"emoji\":true}},"
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*JobOrder* `&lt;!everyone&gt;` removed\","
                + "\"verbatim\":true}}]}");
    }

    @Test
    void theBatchedFallbackTextEscapesTheChannelAndEveryTitle() {
        SlackComposer composer = new SlackComposer(CHANNEL, SlackTitle.parse("{id} {event}"));
        List<Notice> notices = List.of(
                new Notice(new Change(ChangeKind.INSERT, "<!here>", List.of()), Map.of()),
                new Notice(new Change(ChangeKind.INSERT, "<https://evil.example|click here>", List.of()), Map.of()),
                new Notice(new Change(ChangeKind.INSERT, "a & b", List.of()), Map.of()));

        SlackMessage message = composer.compose(notices).get(0).message();

        assertThat(message.text()).isEqualTo("&lt;!channel&gt; \"&lt;https://evil.example|click here&gt;\": 3 changes:"
                + " &lt;!here&gt; created; &lt;https://evil.example|click here&gt; created; a &amp; b created");
        assertThat(message.toJson()).startsWith("{\"text\":\"&lt;!channel&gt; \\\"&lt;https://evil.example|click here&gt;\\\":"
                + " 3 changes: &lt;!here&gt; created; &lt;https://evil.example|click here&gt; created; a &amp; b created\","
                + "\"blocks\":[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"&lt;!here&gt; created\","
                + "\"emoji\":true}},{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*&lt;!channel&gt;"
                + " \\\"&lt;https://evil.example|click here&gt;\\\"* `&lt;!here&gt;` created\",\"verbatim\":true}},");
    }

    @Test
    void aHeaderCutToItsLimitNeverEndsInHalfAnEntity() {
        // "JobOrder x" and 27 "&amp;" are 145 characters; the 28th would end past the 149 that fit.
        Change change = new Change(ChangeKind.INSERT, "x" + "&".repeat(200), List.of());

        String header = SlackMessage.describing("JobOrder", change).blocks().get(0).text();

        assertThat(header).isEqualTo("JobOrder x" + "&amp;".repeat(27) + "\u2026");
    }

    @Test
    void aLongFallbackTextNeverEndsInHalfAnEntity() {
        // 21 + 2800 + 2 + 1 characters, then 43 "&gt;" fit in the 2999 before the ellipsis, and 3 more.
        SlackComposer composer = new SlackComposer("JobOrder", SlackTitle.parse("{id}"));
        List<Notice> notices = List.of(
                new Notice(new Change(ChangeKind.INSERT, "<".repeat(700), List.of()), Map.of()),
                new Notice(new Change(ChangeKind.INSERT, "a" + ">".repeat(700), List.of()), Map.of()));

        String text = composer.compose(notices).get(0).message().text();

        assertThat(text).isEqualTo("JobOrder: 2 changes: " + "&lt;".repeat(700) + "; a" + "&gt;".repeat(43) + "\u2026");
    }
}
