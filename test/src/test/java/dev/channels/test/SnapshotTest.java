package dev.channels.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The whole dev template against an approved copy, so a review shows exactly what a change does to the
 * infrastructure. The handler jar's hashes are scrubbed: they change with every code change and say
 * nothing about the infrastructure. After an intended change, approve the new template with
 * {@code mvn -B verify -Dsnapshot.update=true} and commit the file.
 */
class SnapshotTest {
    static final Path APPROVED = Path.of("test", "src", "test", "resources", "snapshots", "dev-channels.template.json");

    @Test
    void devTemplateMatchesTheApprovedSnapshot() throws IOException {
        String actual = scrub(Synth.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(Synth.template("dev"))) + "\n";
        Path approved = Synth.repoRoot().resolve(APPROVED);

        if (Boolean.getBoolean("snapshot.update")) {
            Files.createDirectories(approved.getParent());
            Files.writeString(approved, actual);
        }
        if (!Files.exists(approved)) {
            fail("No approved snapshot at " + approved + ": run mvn -B verify -Dsnapshot.update=true, "
                    + "review the file and commit it");
        }
        assertThat(actual)
                .as("dev template differs from %s; if the change is intended, approve it with "
                        + "-Dsnapshot.update=true and commit the file", APPROVED)
                .isEqualTo(Files.readString(approved));
    }

    /** Replaces the jar's asset hash and the function-version logical ids derived from it. */
    static String scrub(String template) {
        return template
                .replaceAll("[0-9a-f]{64}", "<asset-hash>")
                .replaceAll("CurrentVersion[0-9A-F]{8}[0-9a-f]{32}", "CurrentVersion<code-hash>");
    }
}
