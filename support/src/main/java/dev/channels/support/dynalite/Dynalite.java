package dev.channels.support.dynalite;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * dynalite (npm, Apache-2.0, pinned in the root package.json) as a child process on a free loopback port, in
 * memory or on disk (LevelDB) in a data directory. {@link Builder#start()} returns once it answers DynamoDB
 * requests. It never outlives this JVM: {@link #close()} stops it, a shutdown hook does if nobody did, and
 * when the JVM is killed outright dynalite exits by itself (its launcher watches the stdin pipe we hold).
 *
 * <pre>{@code
 * try (Dynalite dynalite = Dynalite.builder().log(Path.of("dynalite.log")).start()) {
 *     URI endpoint = dynalite.endpoint();
 * }
 * }</pre>
 */
public final class Dynalite implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** A free port can be taken between picking it and dynalite binding it: dynalite then exits, we try another. */
    private static final int PORT_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 40;
    private static final String LAUNCHER = launcherScript();

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final Thread shutdownHook;

    private Dynalite(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.shutdownHook = new Thread(() -> stop(process), "dynalite-stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where dynalite's output goes. */
    public Path log() {
        return log;
    }

    /** Stops dynalite and anything it started; safe to call twice, and from another shutdown hook. */
    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook runs, or ran, stop() itself
        }
    }

    private static Dynalite start(Builder settings) throws IOException {
        Path cli = settings.cli.orElseGet(DynaliteCli::find);
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed (" + cli + " is missing): " + DynaliteCli.INSTALL_HINT);
        }
        if (settings.dataDirectory.isPresent()) {
            Files.createDirectories(settings.dataDirectory.get());
        }
        Path log = settings.log.isPresent() ? settings.log.get() : temporaryLog();
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freeLoopbackPort();
            Dynalite dynalite = new Dynalite(launch(settings, cli, port, log), URI.create("http://" + HOST + ":" + port), log);
            Readiness readiness;
            try {
                readiness = dynalite.awaitAnswer();
            } catch (InterruptedException e) {
                dynalite.close();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for dynalite to start");
            } catch (RuntimeException e) {
                dynalite.close();
                throw e;
            }
            if (readiness == Readiness.ANSWERED) {
                return dynalite;
            }
            dynalite.close();
            if (readiness == Readiness.SILENT) {
                throw new IllegalStateException("dynalite did not answer within " + START_TIMEOUT.toSeconds() + " s; "
                        + "its output (" + log + "):\n" + tail(log));
            }
        }
        throw new IllegalStateException("dynalite did not start after " + PORT_ATTEMPTS + " attempts; "
                + "the last one's output (" + log + "):\n" + tail(log));
    }

    private static Process launch(Builder settings, Path cli, int port, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(settings.node, "-e", LAUNCHER, "--", cli.toAbsolutePath().toString(),
                "--host", HOST, "--port", String.valueOf(port),
                // No simulated CREATING / DELETING / UPDATING periods: nobody here wants to wait for them.
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        settings.dataDirectory.ifPresent(directory -> command.addAll(List.of("--path", directory.toString())));
        try {
            // Output to a file, not a pipe: nobody reads a pipe, and a full one would block dynalite.
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + settings.node + " (Node.js runs dynalite): " + e.getMessage(), e);
        }
    }

    private enum Readiness { ANSWERED, EXITED, SILENT }

    /** Asks {@code ListTables} until dynalite answers: an open port alone could be another process's. */
    private Readiness awaitAnswer() throws InterruptedException {
        DynamoDbJson probe = new DynamoDbJson(endpoint);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                probe.call("ListTables", "{}");
                return Readiness.ANSWERED;
            } catch (IOException notListeningYet) {
                if (process.waitFor(25, TimeUnit.MILLISECONDS)) {
                    return Readiness.EXITED;
                }
            }
        }
        return Readiness.SILENT;
    }

    private static void stop(Process process) {
        // Noted first: once dynalite is gone its children are reparented and no longer found from it.
        List<ProcessHandle> children = process.descendants().toList();
        try {
            process.getOutputStream().close(); // the launcher exits when its stdin ends
        } catch (IOException alreadyGone) {
            // nothing to close
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static Path temporaryLog() throws IOException {
        Path log = Files.createTempFile("dynalite-", ".log");
        log.toFile().deleteOnExit();
        return log;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    private static String launcherScript() {
        try (InputStream in = Objects.requireNonNull(Dynalite.class.getResourceAsStream("dynalite-launcher.js"),
                "dynalite-launcher.js is missing from the class path")) {
            // Without its comment lines: the script goes on node's command line, which `ps` shows.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("//"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read dynalite-launcher.js: " + e.getMessage(), e);
        }
    }

    /** How to start dynalite; every setting has a default. */
    public static final class Builder {
        private Optional<Path> cli = Optional.empty();
        private String node = "node";
        private Optional<Path> dataDirectory = Optional.empty();
        private Optional<Path> log = Optional.empty();

        private Builder() {
        }

        /** {@code node_modules/dynalite/cli.js}; by default {@link DynaliteCli#find()}. */
        public Builder cli(Path file) {
            this.cli = Optional.of(file);
            return this;
        }

        /** The Node.js command; {@code node} (from the PATH) by default. */
        public Builder node(String command) {
            this.node = Objects.requireNonNull(command, "node");
            return this;
        }

        /** Keep the tables on disk in this directory (LevelDB, created if missing); in memory by default. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Optional.of(directory);
            return this;
        }

        /** Write dynalite's output to this file (replaced at each start); by default a temporary file. */
        public Builder log(Path file) {
            this.log = Optional.of(file);
            return this;
        }

        /**
         * Starts dynalite and waits until it answers.
         *
         * @throws IllegalStateException when it is not installed, or does not start (with its last output)
         * @throws IOException           when node cannot be run or the files cannot be written
         */
        public Dynalite start() throws IOException {
            return Dynalite.start(this);
        }
    }
}
