package dev.channels.support.dynalite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where {@code npm ci} put dynalite's CLI: {@code node_modules/dynalite/cli.js} under the repo root. */
public final class DynaliteCli {
    /** The repo root, when the caller knows it (surefire sets it for the modules' tests). */
    public static final String REPO_ROOT_PROPERTY = "channels.repoRoot";
    static final String RELATIVE_PATH = "node_modules/dynalite/cli.js";
    static final String INSTALL_HINT = "run `npm ci` at the repo root first (it installs dynalite, the local DynamoDB"
            + " server, from package.json)";

    private DynaliteCli() {
    }

    /**
     * The CLI found from the repo root in {@value #REPO_ROOT_PROPERTY}, else from the working directory (a
     * module's folder under Maven), walking up; fails with what to run when it is not installed.
     */
    public static Path find() {
        String root = System.getProperty(REPO_ROOT_PROPERTY);
        Path start = (root != null ? Path.of(root) : Path.of("")).toAbsolutePath().normalize();
        return lookUp(List.of(start)).orElseThrow(() -> new IllegalStateException(
                "dynalite is not installed: no " + RELATIVE_PATH + " in " + start + " or above; " + INSTALL_HINT));
    }

    /** The CLI in the first of these directories, or of their parents, that has one. */
    public static Optional<Path> lookUp(List<Path> starts) {
        for (Path start : starts) {
            for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path cli = dir.resolve(RELATIVE_PATH);
                if (Files.isRegularFile(cli)) {
                    return Optional.of(cli);
                }
            }
        }
        return Optional.empty();
    }
}
