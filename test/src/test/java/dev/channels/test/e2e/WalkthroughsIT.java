package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.test.Synth;
import dev.channels.test.walkthroughs.WalkthroughPages;
import dev.channels.test.walkthroughs.WalkthroughRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every walkthrough in docs/walkthroughs, run as its reader runs it, so the pages stay true as the code changes:
 * the page's {@code ```sh local-cloud} command started in the background on the packaged jar (after
 * {@code package}, hence failsafe) with the dev app synthesized as {@code npx cdk synth -c env=dev} does, then its
 * {@code ```sh local} blocks in order, each page in a fresh sandbox of its own (its own local cloud, so no page
 * sees another's objects). A page added later (walkthrough 4) is run without a change here.
 *
 * <p>Two pages run at a time: most of a page's time is its local cloud starting and its functions' cold starts,
 * which overlap well with another page's commands; more would only queue on a CI runner's few cores.
 */
class WalkthroughsIT {
    private static final int PAGES_AT_ONCE = 2;

    @TestFactory
    Stream<DynamicTest> everyWalkthroughsLocalBlocksRunAgainstItsLocalCloud() throws IOException {
        Path root = Synth.repoRoot();
        assertThat(root.resolve("local/target/channels-local.jar")).as("built by `mvn package`").isRegularFile();
        assertThat(root.resolve("tools/target/channels-tools.jar")).as("built by `mvn package`").isRegularFile();
        WalkthroughRunner runner = new WalkthroughRunner(root, LocalChannels.assembly(),
                Path.of("target", "walkthroughs").toAbsolutePath());
        ExecutorService lanes = Executors.newFixedThreadPool(PAGES_AT_ONCE, work -> {
            Thread thread = new Thread(work, "walkthrough");
            thread.setDaemon(true);
            return thread;
        });
        Map<Path, Future<?>> runs = new LinkedHashMap<>();
        for (Path file : WalkthroughPages.files(root)) {
            runs.put(file, lanes.submit(() -> {
                long started = System.nanoTime();
                int blocks = runner.run(WalkthroughPages.parse(file));
                System.out.printf("walkthrough %s: %d local blocks ran in %.1f s%n", file.getFileName(), blocks,
                        (System.nanoTime() - started) / 1e9);
                return blocks;
            }));
        }
        lanes.shutdown(); // the submitted pages still run
        return runs.entrySet().stream().map(run -> DynamicTest.dynamicTest(run.getKey().getFileName().toString(),
                run.getKey().toUri(), () -> {
                    try {
                        run.getValue().get();
                    } catch (ExecutionException e) {
                        throw e.getCause(); // the page's failure, or its assumption (reported as skipped)
                    }
                }));
    }
}
