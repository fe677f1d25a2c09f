package dev.channels.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.constructs.ChannelProps;
import dev.channels.constructs.NagChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** The CDK app: {@code cdk synth -c env=NAME} builds the stack of one env with every channel below. */
public final class ChannelsApp {

    private ChannelsApp() {
    }

    /**
     * Every channel, one line each; each env gets all of them. A method rather than a constant: a mistake in a
     * line then fails inside {@link #main}, which prints it as one {@code channels: ...} line.
     */
    public static List<ChannelProps> channels() {
        return List.of(
                // Producers send updatedAt with every JobOrder: the newer one wins, whatever order they arrive in.
                ChannelProps.builder().name("JobOrder").index("status", "updatedAt").versionProperty("updatedAt").build(),
                ChannelProps.builder().name("Candidate").build());
    }

    public static void main(String[] args) {
        App app = new App();
        if (!buildOrExplain(app, ChannelsApp::channels, System.getenv(), System.err)) {
            System.exit(1);
        }
        app.synth();
    }

    /**
     * What {@link #main} does before synth: builds the app with the listed channels; a settings, naming or
     * channel-list mistake is printed to {@code err} as one {@code channels: <message>} line, since the message
     * says what to change and a stack trace adds nothing.
     *
     * @return false when a mistake was printed; then nothing must be synthesized
     */
    static boolean buildOrExplain(App app, Supplier<List<ChannelProps>> channels, Map<String, String> environment,
            PrintStream err) {
        try {
            build(app, channels.get(), environment);
            return true;
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            if (e instanceof NullPointerException && !isRequiredValueMissing(e)) {
                throw e; // a bug, not a setting: keep its stack trace
            }
            err.println("channels: " + e.getMessage());
            return false;
        }
    }

    /** An {@code Objects.requireNonNull(value, "what to set")} of a builder, as opposed to a bug. */
    private static boolean isRequiredValueMissing(RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return e.getMessage() != null && trace.length > 0 && trace[0].getClassName().equals(Objects.class.getName());
    }

    /**
     * The stack of the env chosen in the app's context, with {@link #channels()}; account and region may come from
     * the CDK CLI's variables in this process's environment. Registers the cdk-nag packs on the app, so synth
     * fails on any unacknowledged finding. Call it once per app.
     */
    public static ChannelsStack build(App app) {
        return build(app, channels());
    }

    /** As {@link #build(App)}, with another channel list (tests add one to see what it changes). */
    public static ChannelsStack build(App app, List<ChannelProps> channels) {
        return build(app, channels, System.getenv());
    }

    /**
     * As {@link #build(App, List)}, with the process environment the CDK CLI's {@code CDK_DEFAULT_ACCOUNT} and
     * {@code CDK_DEFAULT_REGION} are read from ({@link CliTarget}), so tests need not set variables.
     */
    public static ChannelsStack build(App app, List<ChannelProps> channels, Map<String, String> environment) {
        ChannelsStack stack = new ChannelsStack(app, EnvSettings.selected(app.getNode(), environment), channels);
        NagChecks.addTo(app);
        return stack;
    }

    /** An app whose context is what {@code cdk synth -c env=NAME} passes: cdk.json's context plus the env. */
    public static App appFor(Path cdkJson, String env) {
        return appFor(cdkJson, Map.of(EnvSettings.ENV_CONTEXT_KEY, env));
    }

    /**
     * An app whose context is what {@code cdk synth -c KEY=VALUE ...} passes: cdk.json's context plus
     * {@code commandLine}, which wins, e.g. {@code env}, {@code account} and {@code region}.
     */
    public static App appFor(Path cdkJson, Map<String, String> commandLine) {
        Map<String, Object> context = new HashMap<>(cdkJsonContext(cdkJson));
        context.putAll(commandLine);
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
