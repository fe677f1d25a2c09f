package dev.channels.test.walkthroughs;

import dev.channels.test.walkthroughs.Walkthrough.Block;
import dev.channels.test.walkthroughs.Walkthrough.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a walkthrough page (Markdown) into its shell blocks. The format, shared by every page:
 * <ul>
 *   <li>{@code ```sh local-cloud}: exactly one per page, the one command of the first terminal,
 *       {@code java -jar local/target/channels-local.jar ...};</li>
 *   <li>{@code ```sh local}: commands against the local cloud, run by the test in page order;</li>
 *   <li>{@code ```sh setup} (build, synth), {@code ```sh aws} (an AWS account), {@code ```sh local-after-edit}
 *       (needs an edit the page asks for): shown, not run.</li>
 * </ul>
 * Any other fenced block (JSON, Java, PowerShell, output) is prose to the test. A shell block with no kind or an
 * unknown one, or {@code ```bash}/{@code ```shell}/{@code ```console}, is an error: a command the test would
 * silently skip is a command that can go stale unseen.
 */
public final class WalkthroughParser {
    private static final Pattern OPENING_FENCE = Pattern.compile("^( {0,3})(`{3,}|~{3,})(.*)$");
    /** Info strings that hold shell commands but name no kind: refused, so every command is run or marked shown. */
    private static final Set<String> UNMARKED_SHELLS = Set.of("bash", "shell", "console", "zsh");
    private static final String LOCAL_CLOUD_COMMAND = "java -jar local/target/channels-local.jar";

    private WalkthroughParser() {
    }

    /** The page's blocks; fails with {@link WalkthroughFormatException} naming the page and line of a mistake. */
    public static Walkthrough parse(String name, String markdown) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher opening = OPENING_FENCE.matcher(lines.get(i));
            if (!opening.matches()) {
                continue;
            }
            int openingLine = i + 1;
            int indent = opening.group(1).length();
            String fence = opening.group(2);
            String info = opening.group(3).strip();
            StringBuilder text = new StringBuilder();
            int closing = -1;
            for (int j = i + 1; j < lines.size(); j++) {
                if (isClosing(lines.get(j), fence)) {
                    closing = j;
                    break;
                }
                text.append(withoutIndent(lines.get(j), indent)).append('\n');
            }
            if (closing < 0) {
                throw new WalkthroughFormatException(name, openingLine, "the fence opened here is never closed");
            }
            kind(name, openingLine, info).ifPresent(kind -> blocks.add(new Block(kind, openingLine, text.toString())));
            i = closing;
        }
        Walkthrough page = new Walkthrough(name, blocks);
        checkLocalCloud(page);
        return page;
    }

    private static Optional<Kind> kind(String name, int line, String info) {
        List<String> words = info.isEmpty() ? List.of() : Arrays.asList(info.split("\\s+"));
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String language = words.get(0);
        if (UNMARKED_SHELLS.contains(language)) {
            throw new WalkthroughFormatException(name, line, "```" + language + " is not run or marked shown: use ```sh <kind>, "
                    + "kind one of " + kinds());
        }
        if (!language.equals("sh")) {
            return Optional.empty();
        }
        if (words.size() != 2) {
            throw new WalkthroughFormatException(name, line, "a shell block names one kind, ```sh <kind>, kind one of "
                    + kinds() + "; found ```" + info);
        }
        return Optional.of(Kind.ofLabel(words.get(1)).orElseThrow(() -> new WalkthroughFormatException(name, line,
                "unknown shell block kind '" + words.get(1) + "'; one of " + kinds())));
    }

    private static void checkLocalCloud(Walkthrough page) {
        List<Block> starts = page.blocks().stream().filter(block -> block.kind() == Kind.LOCAL_CLOUD).toList();
        if (starts.isEmpty()) {
            throw new WalkthroughFormatException(page.name(), 1, "no ```sh local-cloud block: a page has exactly one, the "
                    + "command of the first terminal (" + LOCAL_CLOUD_COMMAND + " --env dev ...)");
        }
        if (starts.size() > 1) {
            throw new WalkthroughFormatException(page.name(), starts.get(1).line(), "a second ```sh local-cloud block (the "
                    + "first is at line " + starts.get(0).line() + "): a page has exactly one");
        }
        Block start = starts.get(0);
        List<String> commands = start.commands().replace("\\\n", " ").lines().filter(line -> !line.isBlank()).toList();
        if (commands.size() != 1 || !commands.get(0).strip().startsWith(LOCAL_CLOUD_COMMAND + " ")) {
            throw new WalkthroughFormatException(page.name(), start.line(), "the ```sh local-cloud block holds one command, "
                    + LOCAL_CLOUD_COMMAND + " with its options; found:\n" + start.text());
        }
    }

    /** A closing fence: the opening's character, at least as many, nothing else but up to 3 spaces of indent. */
    private static boolean isClosing(String line, String fence) {
        String stripped = line.strip();
        return line.length() - line.stripLeading().length() <= 3 && stripped.length() >= fence.length()
                && stripped.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static String withoutIndent(String line, int indent) {
        int remove = 0;
        while (remove < indent && remove < line.length() && line.charAt(remove) == ' ') {
            remove++;
        }
        return line.substring(remove);
    }

    private static String kinds() {
        return Arrays.stream(Kind.values()).map(Kind::label).collect(Collectors.joining(", "));
    }

    /** A page that does not follow the format; the message names the page and line. */
    public static final class WalkthroughFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        WalkthroughFormatException(String page, int line, String problem) {
            super(page + ":" + line + ": " + problem);
        }
    }
}
