package dev.channels.test.walkthroughs;

import dev.channels.support.poll.Poll;
import dev.channels.test.walkthroughs.Walkthrough.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The page's first terminal: its {@code ```sh local-cloud} command, started in the background from the sandbox's
 * root, ready once it prints {@value #READY} (as {@code Main} does after the start-up listing); stopped with
 * SIGTERM, which runs the same shutdown as Ctrl-C's SIGINT (a process started in the background ignores SIGINT).
 */
final class LocalCloudProcess implements AutoCloseable {
    static final String READY = "Press Ctrl-C to stop.";
    private static final Duration STOP_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final Path console;

    private LocalCloudProcess(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    /** Starts {@code block}'s command and waits, at most {@code limit}, for it to be ready; fails with its console. */
    static LocalCloudProcess start(Block block, PageSandbox sandbox, Duration limit) throws IOException {
        Path console = sandbox.root().resolve(".walkthrough-local-cloud.log");
        // exec: the command (java) is the process we stop, not a shell around it.
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec " + block.commands().strip())
                .directory(sandbox.root().toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
        sandbox.applyTo(builder);
        LocalCloudProcess cloud = new LocalCloudProcess(builder.start(), console);
        try {
            Poll.until("the local cloud of " + block + " to print '" + READY + "'", limit, () -> {
                if (!cloud.process.isAlive()) {
                    throw new AssertionError(block + " exited with " + cloud.process.exitValue() + " before it was ready:\n"
                            + cloud.console());
                }
                return Optional.of(true).filter(ready -> cloud.console().contains(READY));
            });
        } catch (AssertionError e) {
            cloud.close();
            throw new AssertionError(e.getMessage() + "\n--- its console ---\n" + cloud.console(), e);
        }
        return cloud;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed so far. */
    String console() {
        try {
            return Files.exists(console) ? Files.readString(console, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code count} lines it printed, for failure messages. */
    String consoleTail(int count) {
        List<String> lines = console().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** Stops it as Ctrl-C does; kills it and what it started if it has not stopped within a minute. */
    @Override
    public void close() {
        List<ProcessHandle> started = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                started.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
