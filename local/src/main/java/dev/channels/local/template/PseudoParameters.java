package dev.channels.local.template;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The values of the {@code AWS::*} pseudo parameters for one local stack.
 *
 * @param accountId the stack's account when the app pinned one, else {@link #DEFAULT_ACCOUNT}
 * @param region    the stack's region when the app pinned one, else {@link #DEFAULT_REGION}
 * @param stackName the CloudFormation stack name
 */
public record PseudoParameters(String accountId, String region, String stackName) {
    public static final String DEFAULT_ACCOUNT = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";

    public PseudoParameters {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(stackName, "stackName");
    }

    public static PseudoParameters of(Optional<String> account, Optional<String> region, String stackName) {
        return new PseudoParameters(account.orElse(DEFAULT_ACCOUNT), region.orElse(DEFAULT_REGION), stackName);
    }

    public String partition() {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    public String urlSuffix() {
        return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    /** Stable across runs, so a persisted local cloud keeps its ARNs. */
    public String stackId() {
        UUID id = UUID.nameUUIDFromBytes((accountId + "/" + region + "/" + stackName).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "arn:" + partition() + ":cloudformation:" + region + ":" + accountId + ":stack/" + stackName + "/" + id;
    }
}
