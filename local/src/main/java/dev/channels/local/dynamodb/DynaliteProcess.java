package dev.channels.local.dynamodb;

import dev.channels.local.http.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * dynalite (npm, Apache-2.0, pinned in the root package.json) as a child process on a loopback port. It
 * ends with the JVM even when the JVM is killed: a small launcher watches its stdin, which we hold open.
 */
public final class DynaliteProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private DynaliteProcess(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /**
     * Starts dynalite from {@code <repoRoot>/node_modules/dynalite/cli.js}; {@code dataDirectory} makes it keep
     * its tables on disk (LevelDB), in memory otherwise.
     */
    public static DynaliteProcess start(Path cli, Optional<Path> dataDirectory, Path workDirectory) throws IOException {
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed (" + cli + " is missing): run `npm ci` at the repo root first");
        }
        Path launcher = workDirectory.resolve("dynalite-launcher.js");
        try (InputStream in = DynaliteProcess.class.getResourceAsStream("dynalite-launcher.js")) {
            Files.copy(in, launcher, StandardCopyOption.REPLACE_EXISTING);
        }
        String lastOutput = "";
        // A free port can be taken between picking it and dynalite binding it; then another port.
        for (int attempt = 1; attempt <= LoopbackPorts.ATTEMPTS; attempt++) {
            int port = LoopbackPorts.free();
            Path log = workDirectory.resolve("dynalite.log");
            List<String> command = new ArrayList<>(List.of("node", launcher.toString(), "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
            if (dataDirectory.isPresent()) {
                Files.createDirectories(dataDirectory.get());
                command.addAll(List.of("--path", dataDirectory.get().toString()));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("DYNALITE_CLI", cli.toAbsolutePath().toString());
            Process process = builder.start();
            if (awaitListening(process, log)) {
                return new DynaliteProcess(process, URI.create("http://127.0.0.1:" + port), log);
            }
            stop(process);
            lastOutput = Files.readString(log, StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("dynalite did not start after " + LoopbackPorts.ATTEMPTS + " attempts; its output:\n" + lastOutput);
    }

    public URI endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close(); // the launcher exits when its stdin ends
        } catch (IOException e) {
            // already gone
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for dynalite's own "listening" line (not just an open port, which another process could hold);
     * false when it exits first or time runs out.
     */
    private static boolean awaitListening(Process process, Path log) throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (Files.readString(log, StandardCharsets.UTF_8).contains("Dynalite listening at")) {
                return true;
            }
            try {
                if (process.waitFor(25, TimeUnit.MILLISECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

}
