package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.test.Synth;
import dev.channels.test.walkthroughs.Walkthrough;
import dev.channels.test.walkthroughs.WalkthroughPages;
import dev.channels.test.walkthroughs.WalkthroughRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every walkthrough in docs/walkthroughs, run as its reader runs it, so the pages stay true as the code changes:
 * the page's {@code ```sh local-cloud} command started in the background on the packaged jar (after
 * {@code package}, hence failsafe) with the dev app synthesized as {@code npx cdk synth -c env=dev} does, then its
 * {@code ```sh local} blocks in order, each page in a fresh sandbox of its own (its own local cloud, so no page
 * sees another's objects). A page added later (walkthrough 4) is run without a change here.
 */
class WalkthroughsIT {

    @TestFactory
    Stream<DynamicTest> everyWalkthroughsLocalBlocksRunAgainstItsLocalCloud() throws IOException {
        Path root = Synth.repoRoot();
        assertThat(root.resolve("local/target/channels-local.jar")).as("built by `mvn package`").isRegularFile();
        assertThat(root.resolve("tools/target/channels-tools.jar")).as("built by `mvn package`").isRegularFile();
        WalkthroughRunner runner = new WalkthroughRunner(root, LocalChannels.assembly(),
                Path.of("target", "walkthroughs").toAbsolutePath());
        return WalkthroughPages.files(root).stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                file.toUri(), () -> {
                    Walkthrough page = WalkthroughPages.parse(file);
                    long started = System.nanoTime();
                    int blocks = runner.run(page);
                    System.out.printf("walkthrough %s: %d local blocks ran in %.1f s%n", page.name(), blocks,
                            (System.nanoTime() - started) / 1e9);
                }));
    }
}
