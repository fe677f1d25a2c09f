package dev.channels.lambdas.notify;

/**
 * The one place that makes producer text safe for Slack, and cuts text to Slack's limits.
 *
 * <p>Slack reads {@code &}, {@code <} and {@code >} as control characters in every text it parses:
 * {@code <!channel>}, {@code <@U123>}, {@code <#C123>} and {@code <https://x|label>} are mentions and
 * links. Its "Formatting text for app surfaces" guide says to send them as {@code &amp;},
 * {@code &lt;} and {@code &gt;}, which every client decodes back for display ("only the specific
 * characters shown above will be decoded"). We escape every producer value (ids, property names and
 * values, what a title template renders from them, the channel name) the same way for all three places
 * a message carries text:
 * <ul>
 * <li>mrkdwn sections: parsed as mrkdwn, so escaping is required; the entities display as the
 *     characters.</li>
 * <li>the top-level {@code text} (what notifications and screen readers show): messages parse it as
 *     mrkdwn by default, so it needs exactly the same escaping and displays the same way.</li>
 * <li>the {@code plain_text} header: Slack never parses mentions or links in plain text, so it would be
 *     safe unescaped; but Slack stores and serves message text with these three characters as entities
 *     (a plain-text {@code "A & B"} comes back from its API as {@code "A &amp; B"}) and decodes them
 *     for display, so the escaped form displays the same characters. One title then serves the header
 *     and the fallback text, and a value that reaches the header unescaped cannot reach the fallback
 *     text unescaped by a later change.</li>
 * </ul>
 * Line breaks and other control characters become spaces: an id or a name is one line, and a newline
 * in a header or a title would only garble the message.
 */
final class SlackText {
    private static final String ELLIPSIS = "\u2026";
    /** The longest entity {@link #escape} writes, {@code &amp;}. */
    private static final int LONGEST_ENTITY = "&amp;".length();

    private SlackText() {
    }

    /** Producer text as Slack must receive it: no mention, no link, one line. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                default -> escaped.append(isLineBreakOrControl(c) ? ' ' : c);
            }
        }
        return escaped.toString();
    }

    private static boolean isLineBreakOrControl(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    /**
     * The text, or its start and an ellipsis within {@code limit} characters: never split inside a
     * surrogate pair (an emoji) or an entity {@link #escape} wrote, so a cut never shows half an
     * {@code &amp;} and never leaves a bare {@code &}.
     */
    static String truncate(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = limit - ELLIPSIS.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        int ampersand = text.lastIndexOf('&', end - 1);
        if (ampersand >= 0 && ampersand > end - LONGEST_ENTITY) {
            int semicolon = text.indexOf(';', ampersand);
            if (semicolon < 0 || semicolon >= end) {
                end = ampersand;
            }
        }
        return text.substring(0, end) + ELLIPSIS;
    }
}
