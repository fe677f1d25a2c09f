package dev.channels.test.walkthroughs;

import dev.channels.test.walkthroughs.Walkthrough.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one walkthrough as a reader does: its local cloud in a first terminal, then its local blocks in order in a
 * second, each in a fresh {@link PageSandbox}. A failing block fails the run with the block, its exit code and
 * output, and the local cloud's last lines. A page whose local blocks use the AWS CLI is skipped (a JUnit
 * assumption naming it) where {@code aws} is not installed; so is every page where {@code bash} is not.
 */
public final class WalkthroughRunner {
    /** Start-up on a busy 2-core machine takes 10 to 20 s; the rest is headroom. */
    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    /** A block waits for its effects in bounded loops of a minute or two; this only stops a hung command. */
    private static final Duration BLOCK_LIMIT = Duration.ofMinutes(5);
    private static final int CONSOLE_LINES = 60;

    private final Path repoRoot;
    private final Path assembly;
    private final Path workDirectory;
    private final Optional<String> path;

    /**
     * @param assembly the dev app as {@code npx cdk synth -c env=dev} writes it (copied into each sandbox)
     * @param workDirectory where the sandboxes go, one folder per page
     */
    public WalkthroughRunner(Path repoRoot, Path assembly, Path workDirectory) {
        this(repoRoot, assembly, workDirectory, Optional.empty());
    }

    /** @param path the PATH of the pages' commands instead of this machine's (a machine without a CLI) */
    WalkthroughRunner(Path repoRoot, Path assembly, Path workDirectory, Optional<String> path) {
        this.repoRoot = repoRoot;
        this.assembly = assembly;
        this.workDirectory = workDirectory;
        this.path = path;
    }

    /** Runs {@code page}'s local blocks against its local cloud; returns how many ran. */
    public int run(Walkthrough page) throws IOException, InterruptedException {
        String stem = page.name().replaceFirst("\\.md$", "");
        PageSandbox created = PageSandbox.create(workDirectory.resolve(stem), repoRoot, assembly);
        PageSandbox sandbox = path.map(created::withPath).orElse(created);
        Assumptions.assumeTrue(sandbox.onPath("bash"), page.name() + ": its blocks need bash, which is not on the PATH");
        Optional<Block> needsAws = page.firstLocalBlockUsingAwsCli();
        Assumptions.assumeTrue(needsAws.isEmpty() || sandbox.onPath("aws"), () -> page.name() + ": its local blocks are "
                + "skipped: the " + needsAws.orElseThrow() + " uses the AWS CLI (aws), which is not on the PATH");
        List<Block> blocks = page.localBlocks();
        try (LocalCloudProcess cloud = LocalCloudProcess.start(page.localCloud(), sandbox, START_LIMIT)) {
            BlockShell shell = new BlockShell(sandbox, BLOCK_LIMIT);
            for (Block block : blocks) {
                BlockShell.Result result = shell.run(block);
                if (result.exitCode() != 0 || !cloud.isAlive()) {
                    throw new AssertionError(page.name() + ": the " + block + " "
                            + (result.exitCode() != 0 ? "exited with " + result.exitCode() : "stopped the local cloud")
                            + " (run from " + sandbox.root() + ")\n--- the block ---\n" + block.text()
                            + "--- its output ---\n" + result.output()
                            + "\n--- the local cloud's console (last " + CONSOLE_LINES + " lines) ---\n"
                            + cloud.consoleTail(CONSOLE_LINES));
                }
            }
        }
        return blocks.size();
    }
}
