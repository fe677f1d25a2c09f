package dev.channels.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What you synthesize is what you wrote: in a copy of the repo with the jars {@code mvn package} built, a user adds
 * a channel line to ChannelsApp.java and runs the README's {@code npx cdk synth -c env=dev -q} with no Maven step;
 * cdk.json's launcher (scripts/cdk-app.mjs) rebuilds the app and the new channel's table is in the template. A synth
 * with nothing changed does not rebuild; a build that fails fails the synth with Maven's message. Run by failsafe,
 * after {@code package}: it needs the packaged jars.
 */
class CdkAppLauncherIT {
    private static final String APP_SOURCE = "app/src/main/java/dev/channels/app/ChannelsApp.java";
    private static final String ANCHOR = "ChannelProps.builder().name(\"Candidate\")";
    private static final String CHANNEL_LINE = "ChannelProps.builder().name(\"Placement\").build(),";
    private static final String REBUILDING = "channels: ";
    /** The jars the app runs with, as `mvn package` left them. */
    private static final List<String> JARS = List.of("app/target/channels-app.jar", "app/target/lib",
            "lambdas/target/channels-lambdas.jar");
    private static final Set<String> NOT_COPIED = Set.of(".git", "node_modules", "cdk.out", "target", ".local");
    private static final long LIMIT_MINUTES = 10;

    @Test
    void aChannelLineAddedIsSynthesizedWithNoMavenStepNothingChangedDoesNotRebuildAndABrokenBuildFailsTheSynth(
            @TempDir Path copy) throws Exception {
        Path root = Synth.repoRoot();
        copySources(root, copy);
        for (String jar : JARS) {
            TestFiles.copyTree(root.resolve(jar), copy.resolve(jar));
        }
        TestFiles.link(copy.resolve("node_modules"), root.resolve("node_modules"));
        Path appJar = copy.resolve("app/target/channels-app.jar");
        Path template = copy.resolve("cdk.out/dev-channels.template.json");

        // Right after `mvn package`: the jars are newer than every source, so no rebuild (the README's main command).
        Synthesis fresh = synth(copy);
        assertThat(fresh.exitCode()).as(fresh.output()).isZero();
        assertThat(fresh.output()).doesNotContain(REBUILDING);
        assertThat(tableNames(template)).contains("dev-job-order").doesNotContain("dev-placement");
        FileTime builtByMaven = Files.getLastModifiedTime(appJar);

        // The user's edit. Its old mtime stands for a checkout or copy that keeps timestamps: the content decides.
        Path source = copy.resolve(APP_SOURCE);
        FileTime before = Files.getLastModifiedTime(source);
        String original = Files.readString(source);
        assertThat(original).contains(ANCHOR);
        String withPlacement = original.replace(ANCHOR, CHANNEL_LINE + "\n            " + ANCHOR);
        Files.writeString(source, withPlacement);
        Files.setLastModifiedTime(source, before);

        Synthesis edited = synth(copy);
        assertThat(edited.exitCode()).as(edited.output()).isZero();
        assertThat(edited.output()).contains(REBUILDING + APP_SOURCE + " changed since the last build: mvn ");
        assertThat(tableNames(template)).contains("dev-job-order", "dev-placement");
        FileTime rebuilt = Files.getLastModifiedTime(appJar);
        assertThat(rebuilt).isNotEqualTo(builtByMaven);

        Synthesis again = synth(copy);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).doesNotContain(REBUILDING);
        assertThat(Files.getLastModifiedTime(appJar)).isEqualTo(rebuilt);
        assertThat(tableNames(template)).contains("dev-placement");

        // A typo: Maven's compile error reaches the user, and nothing is synthesized from the jars of before.
        Files.writeString(source, withPlacement.replace(CHANNEL_LINE, CHANNEL_LINE.replace(".name(", ".nam(")));
        TestFiles.deleteTree(copy.resolve("cdk.out"));
        Synthesis broken = synth(copy);
        assertThat(broken.exitCode()).isNotZero();
        assertThat(broken.output()).contains("ChannelsApp.java").contains("the build failed (exit code 1)");
        assertThat(template).doesNotExist();
    }

    private record Synthesis(int exitCode, String output) {
    }

    /** The README's synth command, in {@code dir}, with the environment a user has (no CDK_VALIDATION of ours). */
    private static Synthesis synth(Path dir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("npx", "cdk", "synth", "-c", "env=dev", "-q"));
        if (TestFiles.isWindows()) {
            command.addAll(0, List.of("cmd", "/c"));
        }
        Path log = Files.createTempFile(dir, "synth", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("CDK_VALIDATION");
        Process process = builder.start();
        if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("npx cdk synth did not end within " + LIMIT_MINUTES + " minutes:\n"
                    + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Synthesis(process.exitValue(), output);
    }

    /** The physical table names in a template. */
    private static List<String> tableNames(Path templateFile) throws IOException {
        JsonNode template = Synth.JSON.readTree(templateFile.toFile());
        List<String> names = new ArrayList<>();
        template.path("Resources").forEach(resource -> {
            if (resource.path("Type").asText().equals("AWS::DynamoDB::Table")) {
                names.add(resource.path("Properties").path("TableName").asText());
            }
        });
        return names;
    }

    /** The repo's files as a clone has them: no build output, no node_modules, no git folder. */
    private static void copySources(Path root, Path copy) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(root) && NOT_COPIED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(copy.resolve(root.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile() && !NOT_COPIED.contains(file.getFileName().toString())) {
                    Files.copy(file, copy.resolve(root.relativize(file).toString()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
