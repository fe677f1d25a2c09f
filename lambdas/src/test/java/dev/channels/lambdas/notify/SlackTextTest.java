package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackTextTest {

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "<!channel> => &lt;!channel&gt;",
        "<!here> => &lt;!here&gt;",
        "<!everyone> => &lt;!everyone&gt;",
        "<@U12345> => &lt;@U12345&gt;",
        "<#C12345> => &lt;#C12345&gt;",
        "\"<https://evil.example|click here>\" => &lt;https://evil.example|click here&gt;",
        "a & b => a &amp; b",
        "&amp; => &amp;amp;",
    })
    void escapesTheThreeCharactersSlackParses(String producer, String sent) {
        assertThat(SlackText.escape(producer)).isEqualTo(sent);
    }

    @Test
    void turnsLineBreaksAndControlCharactersIntoSpaces() {
        assertThat(SlackText.escape("JO\n1\r\n2\t3\u2028" + "4\u001b[31m")).isEqualTo("JO 1  2 3 4 [31m");
    }

    @Test
    void neverCutsAnEntityInHalf() {
        // limit 10: nine characters and the ellipsis; the ninth would be the '&' of "&amp;".
        assertThat(SlackText.truncate("abcdefgh&amp;z", 10)).isEqualTo("abcdefgh\u2026");
        assertThat(SlackText.truncate("abcdef&lt;z", 10)).isEqualTo("abcdef\u2026");
        assertThat(SlackText.truncate("abcd&gt;zzzz", 10)).isEqualTo("abcd&gt;z\u2026");
        assertThat(SlackText.truncate("abc&amp;zzzz", 10)).isEqualTo("abc&amp;z\u2026");
    }

    @Test
    void neverCutsAnEmojiInHalf() {
        assertThat(SlackText.truncate("abcdefgh\uD83D\uDE80z", 10)).isEqualTo("abcdefgh\u2026");
    }

    @Test
    void leavesTextWithinTheLimitAlone() {
        assertThat(SlackText.truncate("a &amp; b", 9)).isEqualTo("a &amp; b");
    }
}
