package dev.channels.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The construct library used the way another team uses it: examples/external-app, copied to a folder outside this
 * repository, is built against the channels artifacts as {@code mvn install} puts them into a Maven repository and
 * synthesized with the CDK CLI. Its functions must run the handler jar this build made, which only the
 * channels-constructs artifact can have brought along.
 *
 * <p>The artifacts are installed into a Maven repository of the test's own, so your ~/.m2 is left as it was; third
 * party artifacts (CDK, plugins) are read from your repository as if it were a remote one, else from Maven Central.
 * Run by failsafe, after {@code package}: it needs the packaged jars.
 */
class ExternalAppIT {
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final String INSTALL_FILE = "org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file";
    private static final Pattern CHANNELS_DEPENDENCY = Pattern.compile("<artifactId>channels-([a-z]+)</artifactId>");
    private static final long LIMIT_MINUTES = 10;

    @Test
    void anAppOutsideTheRepoSynthesizesAChannelFromTheInstalledArtifacts() throws Exception {
        Path root = Synth.repoRoot();
        Path work = Files.createTempDirectory("channels-external-app-").toRealPath();
        try {
            assertThat(work.startsWith(root.toRealPath())).as("the app must live outside the repository").isFalse();
            Path repository = work.resolve("m2");
            for (Path pom : installedPoms(root)) {
                install(root, pom, repository, work);
            }
            Path app = work.resolve("orders-channels");
            TestFiles.copyTree(root.resolve("examples/external-app"), app);
            useRepository(app, repository, work);

            Result synth = run(app, List.of("node", root.resolve("node_modules/aws-cdk/bin/cdk").toString(), "synth",
                    "-q", "-c", "account=123456789012", "-c", "region=us-east-2"));

            assertThat(synth.exitCode()).as(synth.output()).isZero();
            Path assembly = app.resolve("cdk.out");
            JsonNode template = Synth.JSON.readTree(assembly.resolve("orders-channels.template.json").toFile());
            assertThat(resourcesOfType(template, "AWS::DynamoDB::Table"))
                    .extracting(table -> table.path("Properties").path("TableName").asText())
                    .contains("orders-order");
            assertThat(template.toString()).contains("123456789012", "us-east-2");
            List<JsonNode> functions = resourcesOfType(template, "AWS::Lambda::Function").stream()
                    .filter(function -> function.path("Properties").path("Handler").asText().startsWith("dev.channels."))
                    .toList();
            assertThat(functions).as("ingest and notify").hasSize(2);
            byte[] handlerJar = Files.readAllBytes(root.resolve("lambdas/target/channels-lambdas.jar"));
            for (JsonNode function : functions) {
                String key = function.path("Properties").path("Code").path("S3Key").asText();
                assertThat(assembly.resolve("asset." + key)).as("the asset of %s", key).hasBinaryContent(handlerJar);
            }
        } finally {
            TestFiles.deleteTree(work);
        }
    }

    /** The parent pom, channels-constructs and every channels module it depends on: what a consumer resolves. */
    private static Set<Path> installedPoms(Path root) throws IOException {
        Set<Path> poms = new LinkedHashSet<>();
        poms.add(root.resolve("pom.xml"));
        Matcher dependency = CHANNELS_DEPENDENCY.matcher(Files.readString(root.resolve("constructs/pom.xml")));
        while (dependency.find()) {
            Path module = root.resolve(dependency.group(1)).resolve("pom.xml");
            if (Files.isRegularFile(module)) { // not channels-parent: that is the root pom, added above
                poms.add(module);
            }
        }
        return poms;
    }

    /** {@code mvn install} of one module's packaged artifact, into {@code repository}. */
    private static void install(Path root, Path pom, Path repository, Path work) throws Exception {
        boolean parent = pom.getParent().equals(root);
        Path file = parent ? pom : onlyJar(pom.getParent().resolve("target"), pom.getParent().getFileName());
        Result installed = run(work, List.of(maven(), "-B", "-q", INSTALL_FILE, "-Dfile=" + file, "-DpomFile=" + pom,
                "-DlocalRepositoryPath=" + repository));
        assertThat(installed.exitCode()).as(installed.output()).isZero();
    }

    /** The module's main jar, e.g. lambdas/target/channels-lambdas-0.1.0-SNAPSHOT.jar. */
    private static Path onlyJar(Path target, Path module) {
        Path jar = target.resolve("channels-" + module + "-" + VERSION + ".jar");
        assertThat(jar).as("packaged by mvn package").isRegularFile();
        return jar;
    }

    /**
     * Points the app's Maven at the test's repository: a settings file whose local repository is it, with your own
     * local repository as a first remote one (CDK's jars are then copied, not downloaded); the app's
     * {@code .mvn/maven.config} passes it, since the CDK CLI starts Maven from cdk.json's command.
     */
    private static void useRepository(Path app, Path repository, Path work) throws IOException {
        String yours = Path.of(System.getProperty("channels.mavenRepository",
                System.getProperty("user.home") + "/.m2/repository")).toUri().toString();
        String remote = "<id>your-local-repository</id><url>" + yours + "</url>"
                + "<releases><enabled>true</enabled></releases><snapshots><enabled>false</enabled></snapshots>";
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, "<settings><localRepository>" + repository + "</localRepository>"
                + "<profiles><profile><id>reuse</id>"
                + "<repositories><repository>" + remote + "</repository></repositories>"
                + "<pluginRepositories><pluginRepository>" + remote + "</pluginRepository></pluginRepositories>"
                + "</profile></profiles><activeProfiles><activeProfile>reuse</activeProfile></activeProfiles>"
                + "</settings>\n");
        Files.createDirectories(app.resolve(".mvn"));
        Files.writeString(app.resolve(".mvn/maven.config"), "-s\n" + settings + "\n");
    }

    private static List<JsonNode> resourcesOfType(JsonNode template, String type) {
        List<JsonNode> found = new ArrayList<>();
        template.path("Resources").forEach(resource -> {
            if (resource.path("Type").asText().equals(type)) {
                found.add(resource);
            }
        });
        return found;
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs a command with the environment a user has, minus AWS credentials (there is no account here). */
    private static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        if (TestFiles.isWindows()) {
            full.addAll(0, List.of("cmd", "/c"));
        }
        Path log = Files.createTempFile(dir, "command", ".log");
        ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        Stream.of("CDK_DEFAULT_ACCOUNT", "CDK_DEFAULT_REGION", "CDK_VALIDATION").forEach(environment::remove);
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + LIMIT_MINUTES
                    + " minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(process.exitValue(), output);
    }

    private static String maven() {
        return TestFiles.isWindows() ? "mvn.cmd" : "mvn";
    }
}
