package dev.channels.local.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jars of the Lambda Java runtime interface client (and what it needs at run time), which the build copies
 * to {@code local/target/lambda-runtime}. Found from the system property {@value #PROPERTY}, else next to this
 * module's classes ({@code target/classes} or the module jar in {@code target/}).
 */
public final class LambdaRuntimeJars {
    public static final String PROPERTY = "channels.lambdaRuntime";
    public static final String DIRECTORY = "lambda-runtime";
    /** The runtime interface client's entry point. */
    public static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /**
     * The runtime interface client loads its native library from this path when the system property is set;
     * otherwise every runtime unpacks it to the fixed {@code /tmp/.libaws-lambda-jni.so}, and two JVMs starting at
     * once overwrite the file under each other (seen here: SIGBUS in the dynamic loader).
     */
    public static final String NATIVE_LIBRARY_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private LambdaRuntimeJars() {
    }

    /**
     * Unpacks the native library of this platform from the runtime interface client jar into {@code directory}
     * once, for every function JVM to load ({@code -D}{@value #NATIVE_LIBRARY_PROPERTY}).
     */
    public static Path unpackNativeLibrary(List<Path> jars, Path directory) throws IOException {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IllegalStateException("The Lambda runtime interface client has no native library for "
                    + System.getProperty("os.arch"));
        };
        boolean musl = Files.exists(Path.of("/lib/ld-musl-" + (arch.equals("x86_64") ? "x86_64" : "aarch64") + ".so.1"));
        String entry = "jni/libaws-lambda-jni." + (musl ? "linux_musl-" : "linux-") + arch + ".so";
        Path ric = jars.stream().filter(jar -> jar.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                .findFirst().orElseThrow();
        Path target = directory.resolve("libaws-lambda-jni.so");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(ric.toFile())) {
            java.util.zip.ZipEntry library = zip.getEntry(entry);
            if (library == null) {
                throw new IllegalStateException(ric + " has no " + entry);
            }
            Path temporary = Files.createTempFile(directory, "libaws-lambda-jni", ".tmp");
            try (var in = zip.getInputStream(library)) {
                Files.copy(in, temporary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    public static List<Path> find() {
        Path directory = directory();
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
            if (jars.stream().noneMatch(jar -> jar.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))) {
                throw new IllegalStateException("No runtime interface client jar in " + directory + ": run `mvn -B -pl local -am package -DskipTests`");
            }
            return jars;
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
            throw new IllegalStateException("The Lambda runtime interface client was not copied to " + candidate
                    + ": build the local module (`mvn -B -pl local -am package -DskipTests`) or set -D" + PROPERTY + "=DIR");
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("Cannot locate " + DIRECTORY + ": set -D" + PROPERTY + "=DIR", e);
        }
    }
}
