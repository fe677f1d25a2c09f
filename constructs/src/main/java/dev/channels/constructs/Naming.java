package dev.channels.constructs;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import software.amazon.awscdk.Token;

/**
 * Every physical name in an environment, derived from one prefix: {@code <env>-<channel-kebab>-<role>}.
 *
 * <p>Names are checked when they are built, at synth time, so a name that AWS would refuse at deploy
 * time (too long, a token, a character the service does not accept) fails early with a message that
 * says what to shorten. Resources shared by the whole environment use {@value #SHARED} in the channel
 * slot, so {@code dev-channels-alarms} can never collide with a channel's resource; a channel name may
 * therefore neither be nor start with the word {@code Channels}.
 */
public final class Naming {
    /** Longest env name: short, because it prefixes every name, and S3 bucket names stop at 63. */
    public static final int MAX_ENV_LENGTH = 10;
    /** The channel slot of resources shared by all channels of an environment. */
    public static final String SHARED = "channels";

    private static final Pattern ENV_NAME = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern CHANNEL_NAME = Pattern.compile("([A-Z][a-z0-9]+)+");
    private static final Pattern WORD_START = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    /** The AWS limits we name resources against: the longest name each service accepts. */
    public enum Kind {
        STACK("CloudFormation stack", 128),
        SQS_QUEUE("SQS queue", 80),
        LAMBDA_FUNCTION("Lambda function", 64),
        DYNAMODB_TABLE("DynamoDB table", 255),
        S3_BUCKET("S3 bucket", 63),
        LOG_GROUP("CloudWatch log group", 512),
        ALARM("CloudWatch alarm", 255),
        DASHBOARD("CloudWatch dashboard", 255),
        SNS_TOPIC("SNS topic", 256),
        REST_API("API Gateway REST API", 1024),
        KMS_ALIAS("KMS alias", 256),
        SECRET("Secrets Manager secret", 512);

        private final String label;
        private final int maxLength;

        Kind(String label, int maxLength) {
            this.label = label;
            this.maxLength = maxLength;
        }

        public int maxLength() {
            return maxLength;
        }
    }

    private final String env;

    private Naming(String env) {
        this.env = env;
    }

    /** Naming for one environment; fails with what to do when the env name is not usable. */
    public static Naming forEnv(String env) {
        Objects.requireNonNull(env, "env name is required: pass -c env=NAME or set channels:defaultEnv in cdk.json");
        if (Token.isUnresolved(env)) {
            throw new IllegalArgumentException("env name must be a literal string, not a CDK token: "
                    + "it prefixes every physical name and must be known at synth time");
        }
        if (!ENV_NAME.matcher(env).matches() || env.length() > MAX_ENV_LENGTH) {
            throw new IllegalArgumentException("env name '" + env + "' is not usable: use a lower-case letter "
                    + "followed by lower-case letters or digits, at most " + MAX_ENV_LENGTH
                    + " characters (e.g. dev, test, prod, ana)");
        }
        return new Naming(env);
    }

    /**
     * The kebab-case form of a channel name: {@code JobOrder} becomes {@code job-order}. Fails unless the
     * name is a literal PascalCase identifier.
     */
    public static String kebab(String channelName) {
        requireChannelName(channelName);
        return toKebab(channelName);
    }

    private static String toKebab(String pascalCase) {
        return WORD_START.matcher(pascalCase).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    /** Checks a channel name: a literal PascalCase identifier that is not reserved. */
    public static String requireChannelName(String channelName) {
        Objects.requireNonNull(channelName, "channel name is required, e.g. JobOrder");
        if (Token.isUnresolved(channelName)) {
            throw new IllegalArgumentException("channel name must be a literal string, not a CDK token: "
                    + "it is part of every physical name of the channel and must be known at synth time");
        }
        if (!CHANNEL_NAME.matcher(channelName).matches()) {
            throw new IllegalArgumentException("channel name '" + channelName + "' is not PascalCase: start "
                    + "each word with an upper-case letter followed by lower-case letters or digits, and write "
                    + "acronyms as words (JobOrder, HttpLog; not jobOrder, job_order or HTTPLog)");
        }
        String kebab = toKebab(channelName);
        if (kebab.equals(SHARED)) {
            throw new IllegalArgumentException("channel name '" + channelName + "' is reserved for the resources "
                    + "shared by all channels of an environment: choose another name");
        }
        if (kebab.startsWith(SHARED + "-")) {
            throw new IllegalArgumentException("channel name '" + channelName + "' starts with the word Channels, "
                    + "which begins the names of the resources shared by all channels of an environment "
                    + "(<env>-channels-...): choose another name");
        }
        return channelName;
    }

    public String env() {
        return env;
    }

    /** The CloudFormation stack of the environment: {@code <env>-channels}. */
    public String stackName() {
        return check(Kind.STACK, env + "-" + SHARED);
    }

    /** {@code <env>-<channelKebab>-<role>}, checked against the limit of {@code kind}. */
    public String name(Kind kind, String channelKebab, String role) {
        return check(kind, String.join("-", env, channelKebab, role));
    }

    /** The channel's main resource, its table: {@code <env>-<channelKebab>}. */
    public String channel(Kind kind, String channelKebab) {
        return check(kind, String.join("-", env, channelKebab));
    }

    /** A resource shared by the environment: {@code <env>-channels-<role>}. */
    public String shared(Kind kind, String role) {
        return name(kind, SHARED, role);
    }

    /** The name of the environment's one resource of {@code kind}, e.g. its dashboard: {@code <env>-channels}. */
    public String sharedName(Kind kind) {
        return check(kind, env + "-" + SHARED);
    }

    /**
     * S3 bucket names are global across all AWS accounts, so they end with the account and region:
     * {@code <env>-<channelKebab>-<role>-<account>-<region>}.
     */
    public String bucketName(String channelKebab, String role, String account, String region) {
        if (Token.isUnresolved(account) || Token.isUnresolved(region)) {
            throw new IllegalArgumentException("bucket names include the account and region, so the stack needs an "
                    + "explicit env: give the stack of env '" + env + "' an account and a region (the Channels app takes them from "
                    + "-c account=... -c region=..., cdk.json or the CLI's credentials)");
        }
        return check(Kind.S3_BUCKET, String.join("-", env, channelKebab, role, account, region));
    }

    /** Lambda's own log group name for a function, so the console's log links keep working. */
    public String functionLogGroupName(String functionName) {
        return check(Kind.LOG_GROUP, "/aws/lambda/" + functionName);
    }

    /** The default name of the Slack webhook secret: {@code <env>/channels/slack-webhook}. */
    public String slackSecretName() {
        return check(Kind.SECRET, String.join("/", env, SHARED, "slack-webhook"));
    }

    /** A secret name chosen in the env settings; it must start with {@code <env>/} like every other name. */
    public String secretName(String requested) {
        Objects.requireNonNull(requested, "secret name is required");
        if (Token.isUnresolved(requested) || !requested.startsWith(env + "/")) {
            throw new IllegalArgumentException("secret name '" + requested + "' must be a literal string starting with '"
                    + env + "/' so that envs sharing an account never share a secret, e.g. " + slackSecretName());
        }
        return check(Kind.SECRET, requested);
    }

    private String check(Kind kind, String name) {
        if (name.length() > kind.maxLength) {
            throw new IllegalArgumentException(kind.label + " name '" + name + "' is " + name.length()
                    + " characters, over AWS's limit of " + kind.maxLength
                    + ": shorten the channel name or the env name '" + env + "'");
        }
        return name;
    }
}
