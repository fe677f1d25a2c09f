package dev.channels.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.app.ChannelsApp;
import dev.channels.app.ChannelsStack;
import dev.channels.app.EnvSettings;
import dev.channels.constructs.ChannelProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * Synthesizes the real app the way {@code cdk synth -c env=NAME} does, but with the tests' own context,
 * {@value #CONTEXT} (a copy of cdk.json's), and no {@code CDK_DEFAULT_*} variables: a user who puts a real
 * account in cdk.json, or runs the tests with AWS credentials, changes no test.
 */
public final class Synth {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The fixture, relative to the repository root; cdk.json-shaped, only its {@code context} is read. */
    static final String CONTEXT = "test/src/test/resources/cdk-context.json";
    /** The process environment the tests' apps see: none of the CDK CLI's variables. */
    static final Map<String, String> NO_CLI_ENVIRONMENT = Map.of();

    private Synth() {
    }

    /** The repository root: the nearest folder above the working directory that holds cdk.json. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("cdk.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no cdk.json above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The tests' context: {@value #CONTEXT}'s {@code context} object. */
    static Map<String, Object> context() {
        return ChannelsApp.cdkJsonContext(repoRoot().resolve(CONTEXT));
    }

    static App appFor(String env) {
        return appFor(Map.of(EnvSettings.ENV_CONTEXT_KEY, env));
    }

    /** The app with the tests' context plus {@code commandLine}, as {@code cdk synth -c KEY=VALUE ...} passes it. */
    static App appFor(Map<String, String> commandLine) {
        return ChannelsApp.appFor(repoRoot().resolve(CONTEXT), commandLine);
    }

    /** The app for {@code env}, writing its cloud assembly to {@code outdir} (as {@code cdk synth -o DIR}). */
    public static App appFor(String env, Path outdir) {
        return appFor(Map.of(EnvSettings.ENV_CONTEXT_KEY, env), outdir);
    }

    /** As {@link #appFor(Map)}, writing the cloud assembly to {@code outdir}. */
    public static App appFor(Map<String, String> commandLine, Path outdir) {
        Map<String, Object> context = new HashMap<>(context());
        context.putAll(commandLine);
        return new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
    }

    /** The stack of the app's env with {@code channels}, as {@code cdk synth} builds it, but with no CDK_DEFAULT_*. */
    public static ChannelsStack build(App app, List<ChannelProps> channels) {
        return ChannelsApp.build(app, channels, NO_CLI_ENVIRONMENT);
    }

    /** As {@link #build(App, List)} with the app's own channel list. */
    public static ChannelsStack build(App app) {
        return build(app, ChannelsApp.channels());
    }

    /** The template of {@code <env>-channels} with the app's own channel list. */
    static JsonNode template(String env) {
        return template(env, ChannelsApp.channels());
    }

    static JsonNode template(String env, List<ChannelProps> channels) {
        App app = appFor(env);
        build(app, channels);
        return template(app.synth(), env);
    }

    static JsonNode template(CloudAssembly assembly, String env) {
        try {
            return JSON.readTree(Path.of(assembly.getStackByName(env + "-channels").getTemplateFullPath()).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
