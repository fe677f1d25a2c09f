package dev.channels.support.dynalite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynaliteCliTest {

    @Test
    void isFoundFromAFolderBelowTheRepoRoot(@TempDir Path repo) throws IOException {
        Path cli = installedCli(repo);
        Path module = Files.createDirectories(repo.resolve("local/target"));

        assertThat(DynaliteCli.lookUp(List.of(module))).contains(cli);
    }

    @Test
    void theFirstStartThatHasOneWins(@TempDir Path directory) throws IOException {
        Path empty = Files.createDirectories(directory.resolve("empty"));
        Path cli = installedCli(directory.resolve("repo"));

        assertThat(DynaliteCli.lookUp(List.of(empty, directory.resolve("repo")))).contains(cli);
        assertThat(DynaliteCli.lookUp(List.of(empty))).isEmpty();
    }

    @Test
    void findFollowsTheRepoRootPropertyAndSaysToRunNpmCiWhenNothingIsThere(@TempDir Path directory) throws IOException {
        String before = System.getProperty(DynaliteCli.REPO_ROOT_PROPERTY);
        try {
            Path repo = directory.resolve("repo");
            Path cli = installedCli(repo);
            System.setProperty(DynaliteCli.REPO_ROOT_PROPERTY, repo.toString());
            assertThat(DynaliteCli.find()).isEqualTo(cli);

            Path empty = Files.createDirectories(directory.resolve("empty"));
            System.setProperty(DynaliteCli.REPO_ROOT_PROPERTY, empty.toString());
            assertThatThrownBy(DynaliteCli::find)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("dynalite is not installed: no node_modules/dynalite/cli.js in " + empty + " or above; "
                            + "run `npm ci` at the repo root first (it installs dynalite, the local DynamoDB server, from package.json)");
        } finally {
            if (before == null) {
                System.clearProperty(DynaliteCli.REPO_ROOT_PROPERTY);
            } else {
                System.setProperty(DynaliteCli.REPO_ROOT_PROPERTY, before);
            }
        }
    }

    private static Path installedCli(Path repo) throws IOException {
        Path cli = repo.resolve("node_modules/dynalite/cli.js");
        Files.createDirectories(cli.getParent());
        return Files.writeString(cli, "// dynalite");
    }
}
