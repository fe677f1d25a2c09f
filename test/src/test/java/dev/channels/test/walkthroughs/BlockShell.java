package dev.channels.test.walkthroughs;

import dev.channels.test.walkthroughs.Walkthrough.Block;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a page's local blocks one after the other as a reader types them into one terminal: each with
 * {@code bash -euo pipefail} from the sandbox's root, so the first failing command fails the block; the shell
 * variables (and functions) a block sets are there in the next blocks, as in the reader's terminal. Each block is a
 * process of its own, so a failure names its block; what it set is carried in a file ({@code declare -p} of the
 * variables a fresh bash does not have, sourced by the next block).
 */
final class BlockShell {
    private static final String STATE_FILE = ".walkthrough-shell-state.sh";
    /** Bash's own variables and ours, which must not be carried. */
    private static final String PRELUDE = """
            __walkthrough_fresh=$'\\n'"$(compgen -v)"$'\\n'
            if [ -f %1$s ]; then source %1$s; fi
            # --- the block ---
            """;
    private static final String EPILOGUE = """
            # --- carry what the block set to the next one ---
            for __walkthrough_name in $(compgen -v); do
              case "$__walkthrough_fresh" in *$'\\n'"$__walkthrough_name"$'\\n'*) continue;; esac
              case "$__walkthrough_name" in __walkthrough_*|BASH_*|FUNCNAME|PIPESTATUS|_) continue;; esac
              declare -p "$__walkthrough_name"
            done > %1$s.new
            declare -f >> %1$s.new
            mv %1$s.new %1$s
            """;

    private final PageSandbox sandbox;
    private final Duration limit;
    private int count;

    BlockShell(PageSandbox sandbox, Duration limit) {
        this.sandbox = sandbox;
        this.limit = limit;
    }

    /** Runs {@code block}; its exit code and output (stdout and stderr together, as in a terminal). */
    Result run(Block block) throws IOException, InterruptedException {
        count++;
        Path script = sandbox.root().resolve(".walkthrough-block-" + count + ".sh");
        Path output = sandbox.root().resolve(".walkthrough-block-" + count + ".log");
        String state = "'" + sandbox.root().resolve(STATE_FILE) + "'";
        // A newline after the block's text: its last line may be a comment or lack one.
        Files.writeString(script, PRELUDE.formatted(state) + block.text() + "\n" + EPILOGUE.formatted(state),
                StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", script.toString())
                .directory(sandbox.root().toFile()).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        sandbox.applyTo(builder);
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            return new Result(-1, Files.readString(output, StandardCharsets.UTF_8) + "\n(killed: still running after "
                    + limit.toSeconds() + " s; a block waits for an effect in a bounded loop)");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** @param exitCode -1 when it was killed for running too long */
    record Result(int exitCode, String output) {
    }
}
