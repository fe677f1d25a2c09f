package dev.channels.constructs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.channels.contract.LambdaHandler;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The handlers' deployment jar that the channels-constructs artifact carries as a resource, so that a CDK app
 * anywhere gets the code its channels run by depending on this artifact alone. Maven copies the shaded jar of
 * channels-lambdas into the resource when it packages channels-constructs (see constructs/pom.xml).
 */
final class HandlerJar {
    static final String RESOURCE = "dev/channels/constructs/" + LambdaHandler.JAR_NAME;

    private static Path extracted;

    private HandlerJar() {
    }

    /** The bundled jar as Lambda code; copied to a file once per JVM, since a CDK asset is a path. */
    static synchronized Code bundled() {
        if (extracted == null) {
            extracted = extract(HandlerJar.class.getClassLoader());
        }
        return Code.fromAsset(extracted.toString());
    }

    /**
     * Copies the resource to a new private temporary folder (owner-only on POSIX file systems, so no other local
     * user can swap the code that gets deployed), deleted when the JVM exits.
     */
    static Path extract(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("this channels-constructs has no handler jar (" + RESOURCE + "): it "
                        + "is added when Maven packages the artifact, so build with mvn package or depend on the "
                        + "installed artifact; or pass your own code with ChannelsEnvironmentProps.lambdaCode");
            }
            Path folder = Files.createTempDirectory("channels-handlers-");
            folder.toFile().deleteOnExit();
            Path jar = folder.resolve(LambdaHandler.JAR_NAME);
            // Registered after its folder, so deleted before it.
            jar.toFile().deleteOnExit();
            Files.copy(in, jar);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the bundled handler jar to a temporary file", e);
        }
    }
}
