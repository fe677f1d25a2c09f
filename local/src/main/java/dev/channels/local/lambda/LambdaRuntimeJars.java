package dev.channels.local.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a function JVM runs besides the function's code: the bootstrap ({@value #MAIN_CLASS}, its own small jar),
 * Lambda's {@code aws-lambda-java-core} and {@code aws-lambda-java-serialization}. No native library: the same
 * class path and code path on Linux, macOS and Windows. The build copies them to {@code local/target/lambda-runtime};
 * found from the system property {@value #PROPERTY}, else next to this module's classes ({@code target/classes} or
 * the module jar in {@code target/}).
 */
public final class LambdaRuntimeJars {
    public static final String PROPERTY = "channels.lambdaRuntime";
    public static final String DIRECTORY = "lambda-runtime";
    /**
     * The function JVM's main class, {@code Bootstrap}: named, not referenced, as the bootstrap's classes need
     * {@code aws-lambda-java-core}, which is not on the local cloud's own class path.
     */
    public static final String MAIN_CLASS = "dev.channels.local.lambda.bootstrap.Bootstrap";
    /** The jars the function JVM needs besides the function's code, by the start of their file names. */
    static final List<String> REQUIRED = List.of("channels-local-lambda-bootstrap", "aws-lambda-java-core-", "aws-lambda-java-serialization-");

    private LambdaRuntimeJars() {
    }

    /**
     * The required jars, one of each, whatever else the directory holds (a jar an older build left there never
     * reaches a function).
     */
    public static List<Path> find() {
        Path directory = directory();
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
            List<Path> found = new ArrayList<>();
            for (String required : REQUIRED) {
                List<Path> matching = jars.stream().filter(jar -> jar.getFileName().toString().startsWith(required)).toList();
                if (matching.size() != 1) {
                    throw new IllegalStateException((matching.isEmpty() ? "No " : "Several ") + required + "*.jar in " + directory
                            + ": run `mvn -B -pl local -am clean package -DskipTests`");
                }
                found.add(matching.get(0));
            }
            return List.copyOf(found);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }

    private static Path directory() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            Path codeSource = Path.of(LambdaRuntimeJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/classes -> target ; target/channels-local.jar -> target
            Path target = codeSource.getParent();
            Path candidate = target.resolve(DIRECTORY);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            throw new IllegalStateException("The function runtime jars were not copied to " + candidate
                    + ": build the local module (`mvn -B -pl local -am package -DskipTests`) or set -D" + PROPERTY + "=DIR");
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("Cannot locate " + DIRECTORY + ": set -D" + PROPERTY + "=DIR", e);
        }
    }
}
