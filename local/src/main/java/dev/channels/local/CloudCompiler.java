package dev.channels.local;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Keeps the local cloud's own JVM on C1: measured on two cores, C2 compiling ElasticMQ, Pekko, the AWS SDK and
 * Velocity took about a third of the cloud JVM's CPU under load, and the cloud stored objects no slower without it
 * (docs/design/local-cloud-throughput.md). {@code -XX:TieredStopAtLevel=1} would do it, but the README starts the
 * cloud with a plain {@code java -jar}, which cannot carry JVM flags; so this adds a HotSpot compiler directive that
 * excludes every method from C2 ({@code Compiler.directives_add}, the diagnostic command, run in-process), and HotSpot
 * then keeps compiled code at C1. Best effort: on a JVM without the command (not HotSpot, or no jdk.management
 * module) nothing changes. {@code -Dchannels.cloud.c2=on} leaves C2 on, to measure one against the other.
 */
final class CloudCompiler {
    static final String KEEP_C2_PROPERTY = "channels.cloud.c2";
    private static final String NO_C2 = "[{ match: \"*.*\", c2: { Exclude: true } }]";

    private CloudCompiler() {
    }

    /** @return true when the directive is in force */
    static boolean excludeC2() {
        if ("on".equals(System.getProperty(KEEP_C2_PROPERTY))) {
            return false;
        }
        Path directives = null;
        try {
            directives = Files.createTempFile("channels-local-compiler-", ".json");
            Files.writeString(directives, NO_C2);
            Object added = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {directives.toString()}}, new String[] {String[].class.getName()});
            // The command answers "1 compiler directives added" (or why not) as text, not with an exception.
            return String.valueOf(added).contains("added");
        } catch (IOException | JMException | RuntimeException | LinkageError e) {
            return false;
        } finally {
            if (directives != null) {
                try {
                    Files.deleteIfExists(directives);
                } catch (IOException e) {
                    directives.toFile().deleteOnExit();
                }
            }
        }
    }
}
