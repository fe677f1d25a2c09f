package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.contract.ChangeKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TitleTemplateTest {
    private static final Change MODIFY = new Change(ChangeKind.MODIFY, "JO-7", List.of());

    private static String render(String template, Map<String, String> latest) {
        return SlackTitle.parse(template).render(new SlackTitle.Context("JobOrder", MODIFY, latest));
    }

    @Test
    void fillsEveryPlaceholderAndKeepsTheTextAroundThem() {
        assertThat(render("{channel} {id} {event} / {kind}", Map.of())).isEqualTo("JobOrder JO-7 updated / MODIFY");
        assertThat(render("no placeholders } at all", Map.of())).isEqualTo("no placeholders } at all");
    }

    @Test
    void showsStringsWithoutQuotesAndOtherValuesAsJson() {
        Map<String, String> latest = Map.of("title", "\"Welder \\\"night\\\" \\u00e9\"", "rate", "31.5", "tags", "[\"a\"]");

        assertThat(render("{property:title}|{property:rate}|{property:tags}|{property:none}", latest))
                .isEqualTo("Welder \"night\" \u00e9|31.5|[\"a\"]|(absent)");
    }

    @Test
    void refusesUnknownPlaceholdersAndUnclosedBraces() {
        assertThatThrownBy(() -> SlackTitle.parse("{id} {property:}")).hasMessageContaining("unknown placeholder {property:}");
        assertThatThrownBy(() -> SlackTitle.parse("{id")).hasMessage("title template has a '{' without its '}' at position 0");
    }
}
