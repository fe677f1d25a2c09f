package dev.channels.app;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import software.constructs.Node;

/**
 * Account and region given outside cdk.json, so a user can deploy to a real account without editing a tracked
 * file. {@code -c account=...} and {@code -c region=...} win over cdk.json; when neither they nor cdk.json name
 * one, the CDK CLI's {@code CDK_DEFAULT_ACCOUNT} / {@code CDK_DEFAULT_REGION} (from the user's credentials and
 * configured region) decide.
 *
 * @param contextAccount the {@value #ACCOUNT_CONTEXT_KEY} context value, if any (any JSON type; checked on use)
 * @param contextRegion  the {@value #REGION_CONTEXT_KEY} context value, if any
 * @param defaultAccount {@value #DEFAULT_ACCOUNT_VARIABLE}, if set
 * @param defaultRegion  {@value #DEFAULT_REGION_VARIABLE}, if set
 */
public record CliTarget(Optional<Object> contextAccount, Optional<Object> contextRegion,
                        Optional<String> defaultAccount, Optional<String> defaultRegion) {

    /** Context key of the account that overrides every env's: {@code cdk synth -c account=123456789012}. */
    public static final String ACCOUNT_CONTEXT_KEY = "account";
    /** Context key of the region that overrides every env's: {@code cdk synth -c region=eu-west-1}. */
    public static final String REGION_CONTEXT_KEY = "region";
    /** Set by the CDK CLI for the app: the account of the user's credentials. */
    public static final String DEFAULT_ACCOUNT_VARIABLE = "CDK_DEFAULT_ACCOUNT";
    /** Set by the CDK CLI for the app: the user's configured region. */
    public static final String DEFAULT_REGION_VARIABLE = "CDK_DEFAULT_REGION";

    /** Nothing from the command line: cdk.json alone decides. */
    public static final CliTarget NONE = new CliTarget(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    private static final Source ACCOUNT = new Source(ACCOUNT_CONTEXT_KEY, DEFAULT_ACCOUNT_VARIABLE, EnvSettings.ACCOUNT,
            "a 12-digit AWS account id", "123456789012", "run with AWS credentials");
    private static final Source REGION = new Source(REGION_CONTEXT_KEY, DEFAULT_REGION_VARIABLE, EnvSettings.REGION,
            "an AWS region", "eu-west-1", "configure an AWS region");

    /** What the app's context and the process's {@code environment} (e.g. {@code System.getenv()}) give. */
    public static CliTarget of(Node node, Map<String, String> environment) {
        return new CliTarget(Optional.ofNullable(node.tryGetContext(ACCOUNT_CONTEXT_KEY)),
                Optional.ofNullable(node.tryGetContext(REGION_CONTEXT_KEY)),
                Optional.ofNullable(environment.get(DEFAULT_ACCOUNT_VARIABLE)).filter(value -> !value.isBlank()),
                Optional.ofNullable(environment.get(DEFAULT_REGION_VARIABLE)).filter(value -> !value.isBlank()));
    }

    /** The account of env {@code envName}: {@code -c account}, else {@code fromCdkJson}, else the CLI's. */
    String account(String envName, Optional<String> fromCdkJson) {
        return ACCOUNT.choose(envName, contextAccount, fromCdkJson, defaultAccount);
    }

    /** The region of env {@code envName}: {@code -c region}, else {@code fromCdkJson}, else the CLI's. */
    String region(String envName, Optional<String> fromCdkJson) {
        return REGION.choose(envName, contextRegion, fromCdkJson, defaultRegion);
    }

    /** Where account or region can come from, how it is checked and what the messages suggest. */
    private record Source(String key, String variable, Pattern pattern, String expected, String example,
                          String cliHint) {

        String choose(String envName, Optional<Object> fromContext, Optional<String> fromCdkJson,
                Optional<String> fromCli) {
            if (fromContext.isPresent()) {
                // -c passes strings; a value put in the context any other way must be a string too.
                Object value = fromContext.get();
                if (!(value instanceof String text) || !pattern.matcher(text).matches()) {
                    throw new IllegalArgumentException("-c " + key + "=" + value + " is not " + expected
                            + ": pass one such as -c " + key + "=" + example);
                }
                return text;
            }
            if (fromCdkJson.isPresent()) {
                return fromCdkJson.get(); // EnvSettings checks it, naming the cdk.json setting
            }
            if (fromCli.isPresent()) {
                String value = fromCli.get();
                if (!pattern.matcher(value).matches()) {
                    throw new IllegalArgumentException(variable + "=" + value + " (set by the CDK CLI) is not "
                            + expected + ": pass -c " + key + "=" + example + " or set " + key + " of env '"
                            + envName + "' in cdk.json");
                }
                return value;
            }
            throw new IllegalArgumentException("env '" + envName + "' has no " + key + ": pass -c " + key + "="
                    + example + ", set " + key + " in cdk.json (" + EnvSettings.ENVS_CONTEXT_KEY + "), or " + cliHint
                    + " (" + variable + ")");
        }
    }
}
