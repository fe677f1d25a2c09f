package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.contract.ChangeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlackComposerTest {
    private final SlackComposer composer = new SlackComposer("JobOrder", SlackTitle.parse("{channel} {id} {event}"));

    private static Notice insert(String id, int properties) {
        List<PropertyChange> changes = new ArrayList<>();
        for (int i = 0; i < properties; i++) {
            changes.add(new PropertyChange("p" + i, Optional.empty(), Optional.of("\"" + "v".repeat(60) + "\"")));
        }
        return new Notice(new Change(ChangeKind.INSERT, id, changes), Map.of());
    }

    @Test
    void packsChangesInOrderIntoAsFewMessagesAsFiftyBlocksAllow() {
        List<Notice> notices = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            notices.add(insert("JO-" + i, i % 2));
        }

        List<SlackComposer.Composed> messages = composer.compose(notices);

        assertThat(messages).allSatisfy(composed -> assertThat(composed.message().blocks()).hasSizeLessThanOrEqualTo(50));
        assertThat(messages.stream().flatMap(composed -> composed.members().stream()))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).boxed().toList());
        // 3 and 2 blocks in turn, 100 in all: exactly two full messages.
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).message().blocks()).hasSize(50);
        assertThat(messages.get(0).members()).hasSize(20);
        assertThat(messages.get(0).message().text()).startsWith("JobOrder: 20 changes: JobOrder JO-1 created; JobOrder JO-2 created;");
    }

    @Test
    void neverSplitsAChangeAcrossMessages() {
        List<Notice> notices = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            notices.add(insert("JO-" + i, 1));
        }

        List<SlackComposer.Composed> messages = composer.compose(notices);

        assertThat(messages).extracting(composed -> composed.message().blocks().size()).containsExactly(48, 48, 24);
    }

    @Test
    void cutsALongTitleToTheHeaderLimitWithoutSplittingAnEmoji() {
        String id = "x".repeat(SlackMessage.HEADER_LIMIT - "JobOrder ".length() - 2) + "\uD83D\uDE80" + "y".repeat(50);

        SlackMessage message = composer.compose(List.of(insert(id, 0))).get(0).message();

        String header = message.blocks().get(0).text();
        assertThat(header).hasSizeLessThanOrEqualTo(SlackMessage.HEADER_LIMIT).endsWith("x\u2026");
        assertThat(message.text()).as("the fallback text keeps the whole title").endsWith("y created");
    }

    @Test
    void keepsAHugeChangeWithinTheSectionLimitAndSaysHowManyLinesItLeftOut() {
        SlackMessage message = composer.compose(List.of(insert("JO-1", 300))).get(0).message();

        String lines = message.sections().get(1);
        assertThat(lines).hasSizeLessThanOrEqualTo(SlackMessage.SECTION_LIMIT);
        int shown = lines.split("\n").length - 1;
        assertThat(lines).endsWith("\u2026and " + (300 - shown) + " more");
    }

    @Test
    void aTemplateThatRendersNothingFallsBackToTheDefaultTitle() {
        SlackComposer blank = new SlackComposer("JobOrder", SlackTitle.parse("{property:missing}"));
        SlackComposer spaces = new SlackComposer("JobOrder", SlackTitle.parse("  "));

        assertThat(blank.compose(List.of(insert("JO-1", 0))).get(0).message().blocks().get(0).text()).isEqualTo("(absent)");
        assertThat(spaces.compose(List.of(insert("JO-1", 0))).get(0).message().blocks().get(0).text()).isEqualTo("JobOrder JO-1 created");
    }
}
