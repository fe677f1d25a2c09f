package dev.channels.test.walkthroughs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** A machine without a CLI a page needs: the page is reported skipped, naming what is missing, never passed. */
class WalkthroughRunnerTest {
    private static final Walkthrough PAGE_USING_AWS = WalkthroughParser.parse("09-x.md", """
            ```sh local-cloud
            java -jar local/target/channels-local.jar --env dev
            ```
            ```sh local
            echo first
            ```
            ```sh local
            aws sqs list-queues --endpoint-url "$sqs"
            ```
            """);

    @Test
    void aPageWhoseLocalBlocksRunTheAwsCliIsSkippedWhereItIsNotInstalled(@TempDir Path temp) throws Exception {
        Path bash = Path.of("/bin/bash");
        Assumptions.assumeTrue(Files.isExecutable(bash), "a bash at /bin/bash");
        Path onlyBash = Files.createDirectories(temp.resolve("bin"));
        Path wrapper = Files.writeString(onlyBash.resolve("bash"), "#!" + bash + "\nexec " + bash + " \"$@\"\n");
        Assumptions.assumeTrue(wrapper.toFile().setExecutable(true), "an executable file");

        assertThatThrownBy(() -> runner(temp, onlyBash.toString()).run(PAGE_USING_AWS))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("09-x.md: its local blocks are skipped: the ```sh local``` block at line 7 uses the "
                        + "AWS CLI (aws), which is not on the PATH");
    }

    @Test
    void everyPageIsSkippedWhereBashIsNotInstalled(@TempDir Path temp) throws Exception {
        Path empty = Files.createDirectories(temp.resolve("bin"));

        assertThatThrownBy(() -> runner(temp, empty.toString()).run(PAGE_USING_AWS))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("09-x.md: its blocks need bash, which is not on the PATH");
    }

    private static WalkthroughRunner runner(Path temp, String path) throws Exception {
        Path repo = temp.resolve("repo");
        Files.createDirectories(repo.resolve("local"));
        Files.createDirectories(repo.resolve("tools"));
        Path assembly = Files.createDirectories(temp.resolve("assembly"));
        return new WalkthroughRunner(repo, assembly, temp.resolve("work"), Optional.of(path));
    }
}
