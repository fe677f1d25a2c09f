package dev.channels.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.app.ChannelsApp;
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

/** Synthesizes the real app, with the real cdk.json, the way {@code cdk synth -c env=NAME} does. */
public final class Synth {
    static final ObjectMapper JSON = new ObjectMapper();

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

    static App appFor(String env) {
        return ChannelsApp.appFor(repoRoot().resolve("cdk.json"), env);
    }

    /** The app for {@code env}, writing its cloud assembly to {@code outdir} (as {@code cdk synth -o DIR}). */
    public static App appFor(String env, Path outdir) {
        Map<String, Object> context = new HashMap<>(ChannelsApp.cdkJsonContext(repoRoot().resolve("cdk.json")));
        context.put(EnvSettings.ENV_CONTEXT_KEY, env);
        return new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
    }

    /** The template of {@code <env>-channels} with the app's own channel list. */
    static JsonNode template(String env) {
        return template(env, ChannelsApp.CHANNELS);
    }

    static JsonNode template(String env, List<ChannelProps> channels) {
        App app = appFor(env);
        ChannelsApp.build(app, channels);
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
