package dev.channels.local.lambda;

import dev.channels.local.Fixtures;
import dev.channels.local.LambdaLayer;
import dev.channels.local.LocalCloud;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The Lambda fixture assembly (src/test/resources/assemblies/lambda): functions whose asset jar is built here from
 * the test handlers ({@code dev.channels.local.lambda.testhandlers}, compiled with the tests), so the test runs
 * real function JVMs through the bootstrap without depending on the lambdas module's build.
 */
public final class LambdaFixtures {
    public static final String ASSET_HASH = "7e57000000000000000000000000000000000000000000000000000000000001";
    private static final String HANDLERS = "dev/channels/local/lambda/testhandlers";

    private LambdaFixtures() {
    }

    /** A copy of the assembly with the handler jar in place, under {@code directory}/cdk.out. */
    public static Path assembly(Path directory) {
        Path target = Fixtures.assemblyCopy("lambda", directory);
        try {
            writeHandlerJar(target.resolve("asset." + ASSET_HASH + ".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static void writeHandlerJar(Path jar) throws IOException {
        Path classes = Path.of(System.getProperty("channels.testClasses", "target/test-classes"));
        Path handlers = classes.resolve(HANDLERS);
        if (!Files.isDirectory(handlers)) {
            throw new IllegalStateException("No compiled test handlers in " + handlers);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(handlers)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    /** A started local cloud of the fixture with the Lambda layer; test handlers write to {@code output}. */
    public static LocalCloud start(Path assembly, Path output, OutputStream console) {
        return start(assembly, output, console, LambdaService.defaultMaxJvms());
    }

    /** The same, with {@code maxJvms} function JVMs at most, all functions together. */
    public static LocalCloud start(Path assembly, Path output, OutputStream console, int maxJvms) {
        return LambdaLayer.install(LocalCloud.builder()
                        .assembly(assembly)
                        .dynaliteCli(Fixtures.dynaliteCli())
                        .parameters(Map.of("OutputDir", output.toString()))
                        .console(new PrintStream(new TeeOutputStream(console, System.out), true, StandardCharsets.UTF_8)),
                        LambdaService.DEFAULT_IDLE_TIMEOUT, maxJvms)
                .build()
                .start();
    }

    /** Lines a test handler wrote ({@code <output>/<function>.out}). */
    public static List<String> lines(Path output, String function) {
        Path file = output.resolve(function + ".out");
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeOutputStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int value) throws IOException {
            a.write(value);
            b.write(value);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            a.write(bytes, offset, length);
            b.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
