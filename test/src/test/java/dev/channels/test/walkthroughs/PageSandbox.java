package dev.channels.test.walkthroughs;

import dev.channels.test.TestFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder that looks like the repository root to a page's commands, so they run as written
 * ({@code java -jar local/target/...}, {@code cdk.out/local-endpoints.json}) without touching the reader's own
 * {@code cdk.out} (where a local cloud of theirs may be running) and without one page seeing another's objects:
 * {@code local/} and {@code tools/} link to the repository's (their built jars), {@code cdk.out/} is a fresh copy
 * of the synthesized assembly, so the local cloud's work directory {@code cdk.out/local-cloud} is the page's own.
 * dynalite is found from here by walking up to the repository's {@code node_modules}, as from the root.
 */
final class PageSandbox {
    /** What the page's commands reach in the repository: the built jars of these modules. */
    private static final List<String> LINKED = List.of("local", "tools");
    /** What a local cloud wrote into the assembly it ran; a page starts without them. */
    private static final List<String> LOCAL_CLOUD_OUTPUT = List.of("local-endpoints.json", "local-cloud");

    private final Path root;
    /** The PATH of the page's commands instead of this machine's (tests of the runner: a machine without a CLI). */
    private final Optional<String> path;

    private PageSandbox(Path root, Optional<String> path) {
        this.root = root;
        this.path = path;
    }

    /** A fresh sandbox at {@code directory} (deleted first if it exists) from {@code assembly}, the synthesized dev app. */
    static PageSandbox create(Path directory, Path repoRoot, Path assembly) throws IOException, InterruptedException {
        TestFiles.deleteTree(directory);
        Files.createDirectories(directory);
        for (String module : LINKED) {
            TestFiles.link(directory.resolve(module), repoRoot.resolve(module).toAbsolutePath());
        }
        Path cdkOut = Files.createDirectories(directory.resolve("cdk.out"));
        try (Stream<Path> entries = Files.list(assembly)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (LOCAL_CLOUD_OUTPUT.contains(name)) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    TestFiles.copyTree(entry, cdkOut.resolve(name));
                } else {
                    Files.copy(entry, cdkOut.resolve(name));
                }
            }
        }
        return new PageSandbox(directory.toAbsolutePath(), Optional.empty());
    }

    /** This sandbox with {@code path} as the commands' PATH (the JDK's bin still first). */
    PageSandbox withPath(String path) {
        return new PageSandbox(root, Optional.of(path));
    }

    Path root() {
        return root;
    }

    /**
     * The environment of the page's commands: this machine's, minus whatever would point the AWS CLI or SDKs at
     * a real account (profiles, keys, endpoints: a page's local blocks name the local ones themselves), with the
     * JDK running the tests first on the PATH ({@code java -jar ...}) and no pager for AWS CLI v2.
     */
    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(name -> name.startsWith("AWS_") && !name.equals("AWS_CA_BUNDLE"));
        environment.put("AWS_CONFIG_FILE", root.resolve(".aws/config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", root.resolve(".aws/credentials").toString());
        environment.put("AWS_PAGER", "");
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        String machinePath = path.orElse(environment.getOrDefault("PATH", ""));
        environment.put("PATH", machinePath.isEmpty() ? javaBin : javaBin + File.pathSeparator + machinePath);
        return environment;
    }

    /** An executable named {@code command} on the sandbox's PATH ({@code aws}, {@code bash}), if there is one. */
    boolean onPath(String command) {
        for (String dir : environment().get("PATH").split(File.pathSeparator)) {
            for (String suffix : TestFiles.isWindows() ? List.of(".exe", ".cmd", ".bat") : List.of("")) {
                Path candidate = Path.of(dir).resolve(command + suffix);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The environment as a map for {@link ProcessBuilder#environment()}. */
    void applyTo(ProcessBuilder builder) {
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(environment());
    }
}
