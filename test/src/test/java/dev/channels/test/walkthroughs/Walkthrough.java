package dev.channels.test.walkthroughs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One page of {@code docs/walkthroughs/}, as {@link WalkthroughParser} reads it: its shell blocks in page order.
 * A page has exactly one {@link Kind#LOCAL_CLOUD} block (the first terminal's command).
 *
 * @param name the page's file name, e.g. {@code 02-dynamodb-trigger.md}
 * @param blocks every {@code sh <kind>} block, in page order
 */
public record Walkthrough(String name, List<Block> blocks) {
    /** A command word {@code aws} (the AWS CLI), not a part of another word or path. */
    private static final Pattern AWS_CLI = Pattern.compile("(^|[\\s;|&(`$])aws\\s");

    public Walkthrough {
        blocks = List.copyOf(blocks);
    }

    /** What a reader runs in the first terminal; the test starts it in the background. */
    public Block localCloud() {
        return blocks.stream().filter(block -> block.kind() == Kind.LOCAL_CLOUD).findFirst().orElseThrow();
    }

    /** What a reader runs in the second terminal against the local cloud, in page order: what the test runs. */
    public List<Block> localBlocks() {
        return blocks.stream().filter(block -> block.kind() == Kind.LOCAL).toList();
    }

    /** The first local block that runs the AWS CLI, if any: the page's local part needs {@code aws} on the PATH. */
    public Optional<Block> firstLocalBlockUsingAwsCli() {
        return localBlocks().stream().filter(block -> block.commands().lines()
                .anyMatch(line -> AWS_CLI.matcher(line).find())).findFirst();
    }

    /**
     * A fenced shell block: {@code ```sh <kind>}.
     *
     * @param kind what the test does with it
     * @param line the line of its opening fence (1-based), for messages
     * @param text its content, without the fences and the fence's indentation
     */
    public record Block(Kind kind, int line, String text) {
        /** The text without comment lines, which explain and run nothing. */
        public String commands() {
            return text.lines().filter(line -> !line.strip().startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        }

        @Override
        public String toString() {
            return "```sh " + kind.label() + "``` block at line " + line;
        }
    }

    /** The kinds of shell block a page may have, named after {@code sh} in the fence's info string. */
    public enum Kind {
        /** The command the reader runs in a first terminal: the local cloud, started by the test in the background. */
        LOCAL_CLOUD("local-cloud"),
        /** Commands against the running local cloud, run by the test in page order. */
        LOCAL("local"),
        /** Build and synth: the test does not run them, its Maven build and its own synth did. */
        SETUP("setup"),
        /** Commands against an AWS account: shown, never run. */
        AWS("aws"),
        /**
         * Local commands that need a change the page asks the reader to make first (e.g. an edit of the app):
         * shown, not run, since the test runs the app as it is; the page says so next to them.
         */
        LOCAL_AFTER_EDIT("local-after-edit");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Optional<Kind> ofLabel(String label) {
            for (Kind kind : values()) {
                if (kind.label.equals(label)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }
}
