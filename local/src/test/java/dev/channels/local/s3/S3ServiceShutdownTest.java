package dev.channels.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.local.template.PseudoParameters;
import dev.channels.support.poll.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C: the JVM runs its shutdown hooks, and ours closes S3Mock. Spring Boot's own hooks must not close it
 * concurrently (S3Mock's stop() then printed an IllegalStateException stack trace).
 */
class S3ServiceShutdownTest {

    @Test
    void stoppingTheJvmClosesS3MockOnceAndQuietly(@TempDir Path directory) throws Exception {
        Path log = directory.resolve("probe.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                directory.resolve("s3").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile()) // a file, not a pipe: Process.destroy() closes its pipes
                .start();
        try {
            Poll.until("S3Mock to start in the probe", Duration.ofSeconds(120),
                    () -> lines(log).contains(Probe.READY) || !process.isAlive());
            List<String> started = lines(log);
            assertThat(started).as("the probe's output").contains(Probe.READY);

            process.destroy(); // SIGTERM: the JVM runs the same shutdown hooks as on SIGINT (Ctrl-C)

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe ends").isTrue();
            List<String> all = lines(log);
            assertThat(all.subList(started.size(), all.size())).as("output after the signal, of %s", all)
                    .containsExactly(Probe.CLOSED);
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts an S3Service and waits; its shutdown hook closes it like {@code LocalCloud}'s, after a while: the
     * local cloud stops the later layers (function JVMs) first, so any other hook has long run by then.
     */
    public static final class Probe {
        static final String READY = "probe: ready";
        static final String CLOSED = "probe: closed";

        public static void main(String[] args) throws InterruptedException {
            S3Service s3 = new S3Service(Path.of(args[0]), false,
                    PseudoParameters.of(Optional.of("123456789012"), Optional.of("eu-west-1"), "probe"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                s3.close();
                System.out.println(CLOSED);
            }, "probe-shutdown"));
            s3.start();
            System.out.println(READY);
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
