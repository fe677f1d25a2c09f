package dev.channels.local.text;

import java.util.Locale;

/**
 * Producer text made safe for a terminal line: every character a terminal would act on instead of
 * print is shown as its escape. That is the C0 and C1 control characters and DEL (ESC starts colour,
 * cursor and title sequences, C1's CSI does the same in one character, CR returns to the start of
 * the line so the rest overwrites what was printed, BS erases) and the bidirectional controls, which
 * reorder what the reader sees. Known ones read as {@code \r}, {@code \n}, {@code \t}, {@code \e}; the
 * rest as {@code \u001B}-style escapes. A backslash itself is left alone: the line is for reading,
 * not for parsing back (the JSON-lines log has the exact text).
 */
public final class TerminalText {

    private TerminalText() {
    }

    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!actsOnTheTerminal(c)) {
                escaped.append(c);
                continue;
            }
            switch (c) {
                case '\r' -> escaped.append("\\r");
                case '\n' -> escaped.append("\\n");
                case '\t' -> escaped.append("\\t");
                case '\u001b' -> escaped.append("\\e");
                default -> escaped.append("\\u").append(String.format(Locale.ROOT, "%04X", (int) c));
            }
        }
        return escaped.toString();
    }

    private static boolean actsOnTheTerminal(char c) {
        return Character.isISOControl(c) // C0, DEL, C1
                || (c >= '\u202a' && c <= '\u202e') // LRE, RLE, PDF, LRO, RLO
                || (c >= '\u2066' && c <= '\u2069') // LRI, RLI, FSI, PDI
                || c == '\u200e' || c == '\u200f' || c == '\u061c' // LRM, RLM, ALM
                || c == '\u2028' || c == '\u2029'; // line and paragraph separators
    }
}
