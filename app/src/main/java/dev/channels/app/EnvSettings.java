package dev.channels.app;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.channels.constructs.ChannelsEnvironmentProps;
import dev.channels.constructs.Naming;
import software.constructs.Node;

/**
 * The settings of one environment, read from the cdk.json context {@value #ENVS_CONTEXT_KEY}; account and
 * region may come from the command line instead ({@link CliTarget}).
 *
 * @param name            env name, the prefix of every physical name
 * @param account         AWS account id the env deploys to: {@code -c account}, else cdk.json, else the CLI's
 * @param region          AWS region the env deploys to: {@code -c region}, else cdk.json, else the CLI's
 * @param retain          true for production: data survives {@code cdk destroy} and is deletion-protected
 * @param alarmEmail      who receives the env's alarms
 * @param slackSecretName the Slack webhook secret's name, when not the default {@code <env>/channels/slack-webhook}
 * @param throttle        the API stage's request rate and burst limits
 */
public record EnvSettings(String name, String account, String region, boolean retain, String alarmEmail,
                          Optional<String> slackSecretName, Throttle throttle) {

    /** Context key of the env to synthesize: {@code cdk synth -c env=NAME}. */
    public static final String ENV_CONTEXT_KEY = "env";
    /** Context key of the env used when {@value #ENV_CONTEXT_KEY} is not given. */
    public static final String DEFAULT_ENV_CONTEXT_KEY = "channels:defaultEnv";
    /** Context key of the object holding every env's settings, by env name. */
    public static final String ENVS_CONTEXT_KEY = "channels:envs";

    static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Set<String> KNOWN_KEYS =
            Set.of("account", "region", "retain", "alarmEmail", "slackSecretName", "throttle");

    /** Requests per second and burst size the API stage accepts across all routes. */
    public record Throttle(double rateLimit, int burstLimit) {
    }

    /** Checks the values; {@link #parse} has already checked their types, naming the setting in cdk.json. */
    public EnvSettings {
        Naming.forEnv(name);
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw invalid(name, "account", "a 12-digit AWS account id", account);
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw invalid(name, "region", "an AWS region such as eu-west-1", region);
        }
        if (alarmEmail == null || alarmEmail.isBlank()) {
            throw invalid(name, "alarmEmail", "the address that receives alarms", alarmEmail);
        }
        Objects.requireNonNull(slackSecretName, "slackSecretName: use Optional.empty() for the default name");
        Objects.requireNonNull(throttle, "throttle is required");
        if (!(throttle.rateLimit() > 0)) {
            throw invalid(name, "throttle.rateLimit", "a number of requests per second > 0", throttle.rateLimit());
        }
        if (throttle.burstLimit() < 1) {
            throw invalid(name, "throttle.burstLimit", "a whole number of requests >= 1", throttle.burstLimit());
        }
    }

    /**
     * The settings of the env chosen with {@code -c env=NAME}, or of {@value #DEFAULT_ENV_CONTEXT_KEY}; account and
     * region as {@link CliTarget#of} reads them from the context and {@code environment} (the process's variables).
     */
    public static EnvSettings selected(Node node, Map<String, String> environment) {
        Object env = node.tryGetContext(ENV_CONTEXT_KEY);
        if (env == null) {
            env = node.tryGetContext(DEFAULT_ENV_CONTEXT_KEY);
        }
        if (!(env instanceof String envName) || envName.isBlank()) {
            throw new IllegalArgumentException("no env chosen: pass -c " + ENV_CONTEXT_KEY + "=NAME or set "
                    + DEFAULT_ENV_CONTEXT_KEY + " in cdk.json; known envs: " + String.join(", ", knownEnvs(node)));
        }
        return of(node, envName, environment);
    }

    /** The settings of env {@code envName}; fails listing the known envs when it has none. */
    public static EnvSettings of(Node node, String envName, Map<String, String> environment) {
        Map<String, Object> envs = envs(node);
        Object raw = envs.get(envName);
        if (raw == null) {
            throw new IllegalArgumentException("unknown env '" + envName + "': known envs are "
                    + String.join(", ", new TreeSet<>(envs.keySet())) + " (cdk.json context " + ENVS_CONTEXT_KEY
                    + "); pass one of them with -c " + ENV_CONTEXT_KEY + "=NAME, or add '" + envName + "' there");
        }
        return parse(envName, raw, CliTarget.of(node, environment));
    }

    /** The env names defined in {@value #ENVS_CONTEXT_KEY}, sorted. */
    public static List<String> knownEnvs(Node node) {
        return List.copyOf(new TreeSet<>(envs(node).keySet()));
    }

    /** As {@link #parse(String, Object, CliTarget)} with nothing from the command line: cdk.json alone decides. */
    public static EnvSettings parse(String envName, Object raw) {
        return parse(envName, raw, CliTarget.NONE);
    }

    /**
     * Parses one env's settings object, naming the env and the setting in every error. Account and region are
     * {@code cli}'s {@code -c} values when given, else the settings' own, else {@code cli}'s defaults from the CDK CLI.
     */
    public static EnvSettings parse(String envName, Object raw, CliTarget cli) {
        Naming.forEnv(envName);
        Map<String, Object> settings = object(raw, envName, "the settings");
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(KNOWN_KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("env '" + envName + "' has unknown settings " + unknown
                    + ": the known ones are " + new TreeSet<>(KNOWN_KEYS));
        }
        String account = cli.account(envName,
                optionalString(settings, envName, "account", "the 12-digit AWS account id"));
        String region = cli.region(envName,
                optionalString(settings, envName, "region", "an AWS region such as eu-west-1"));
        Object retain = settings.get("retain");
        if (!(retain instanceof Boolean)) {
            throw invalid(envName, "retain", "true (production: keep data on destroy) or false (delete everything)",
                    retain);
        }
        String alarmEmail = string(settings, envName, "alarmEmail", "the address that receives alarms");
        Optional<String> slackSecretName =
                optionalString(settings, envName, "slackSecretName", "a Secrets Manager secret name");
        return new EnvSettings(envName, account, region, (Boolean) retain, alarmEmail, slackSecretName,
                throttle(envName, settings.get("throttle")));
    }

    /** The shared construct's props for this env; callers may still set the Lambda code. */
    public ChannelsEnvironmentProps.Builder environmentProps() {
        ChannelsEnvironmentProps.Builder props = ChannelsEnvironmentProps.builder()
                .envName(name)
                .retain(retain)
                .alarmEmail(alarmEmail)
                .throttle(throttle.rateLimit(), throttle.burstLimit());
        slackSecretName.ifPresent(props::slackSecretName);
        return props;
    }

    private static Throttle throttle(String envName, Object raw) {
        Map<String, Object> throttle = object(raw, envName, "throttle (rateLimit and burstLimit)");
        Object rateLimit = throttle.get("rateLimit");
        if (!(rateLimit instanceof Number rate)) {
            throw invalid(envName, "throttle.rateLimit", "a number of requests per second > 0", rateLimit);
        }
        Object burstLimit = throttle.get("burstLimit");
        if (!(burstLimit instanceof Number burst) || burst.doubleValue() != Math.rint(burst.doubleValue())) {
            throw invalid(envName, "throttle.burstLimit", "a whole number of requests >= 1", burstLimit);
        }
        return new Throttle(rate.doubleValue(), burst.intValue());
    }

    private static Map<String, Object> envs(Node node) {
        return object(node.tryGetContext(ENVS_CONTEXT_KEY), null, ENVS_CONTEXT_KEY);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object raw, String envName, String what) {
        if (!(raw instanceof Map<?, ?> map)) {
            String where = envName == null ? "cdk.json context" : "env '" + envName + "'";
            throw new IllegalArgumentException(where + " needs " + what + " as a JSON object, got " + describe(raw));
        }
        return (Map<String, Object>) map;
    }

    private static String string(Map<String, Object> settings, String envName, String key, String expected) {
        Object value = settings.get(key);
        if (!(value instanceof String text) || text.isBlank()) {
            throw invalid(envName, key, expected, value);
        }
        return text;
    }

    /** The setting when it is there; when it is there it must be a non-blank string. */
    private static Optional<String> optionalString(Map<String, Object> settings, String envName, String key,
            String expected) {
        return settings.containsKey(key) ? Optional.of(string(settings, envName, key, expected)) : Optional.empty();
    }

    private static IllegalArgumentException invalid(String envName, String key, String expected, Object actual) {
        return new IllegalArgumentException("env '" + envName + "' setting '" + key + "' must be " + expected
                + ", got " + describe(actual) + " (cdk.json context " + ENVS_CONTEXT_KEY + ")");
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}
