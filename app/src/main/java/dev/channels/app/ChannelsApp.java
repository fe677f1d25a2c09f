package dev.channels.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.constructs.ChannelProps;
import dev.channels.constructs.NagChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** The CDK app: {@code cdk synth -c env=NAME} builds the stack of one env with every channel below. */
public final class ChannelsApp {

    /** Every channel, one line each; each env gets all of them. */
    public static final List<ChannelProps> CHANNELS = List.of(
            // Producers send updatedAt with every JobOrder: the newer one wins, whatever order they arrive in.
            ChannelProps.builder().name("JobOrder").index("status", "updatedAt").versionProperty("updatedAt").build(),
            ChannelProps.builder().name("Candidate").build());

    private ChannelsApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            build(app);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A settings or naming mistake: the message says what to change, a stack trace adds nothing.
            System.err.println("channels: " + e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    /**
     * The stack of the env chosen in the app's context, with {@link #CHANNELS}; registers the cdk-nag packs
     * on the app, so synth fails on any unacknowledged finding. Call it once per app.
     */
    public static ChannelsStack build(App app) {
        return build(app, CHANNELS);
    }

    /** As {@link #build(App)}, with another channel list (tests add one to see what it changes). */
    public static ChannelsStack build(App app, List<ChannelProps> channels) {
        ChannelsStack stack = new ChannelsStack(app, EnvSettings.selected(app.getNode()), channels);
        NagChecks.addTo(app);
        return stack;
    }

    /** An app whose context is what {@code cdk synth -c env=NAME} passes: cdk.json's context plus the env. */
    public static App appFor(Path cdkJson, String env) {
        Map<String, Object> context = new HashMap<>(cdkJsonContext(cdkJson));
        context.put(EnvSettings.ENV_CONTEXT_KEY, env);
        return new App(AppProps.builder().context(context).build());
    }

    /** The {@code context} object of a cdk.json file. */
    public static Map<String, Object> cdkJsonContext(Path cdkJson) {
        try {
            Map<String, Object> json = new ObjectMapper().readValue(cdkJson.toFile(), new TypeReference<>() {
            });
            Object context = json.get("context");
            if (!(context instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(cdkJson + " has no \"context\" object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) context;
            return typed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + cdkJson, e);
        }
    }
}
