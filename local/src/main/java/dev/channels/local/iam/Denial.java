package dev.channels.local.iam;

import java.util.Objects;

/** A permission a caller does not have, and IAM's decision on it. */
public record Denial(Caller caller, Permission permission, AccessDecision decision) {
    public Denial {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(decision, "decision");
    }

    /**
     * IAM's message, as AWS services pass it on: {@code User: <caller> is not authorized to perform: <action> on
     * resource: <arn> because no identity-based policy allows the <action> action} (or {@code with an explicit deny
     * in an identity-based / a resource-based policy}).
     */
    public String message() {
        return "User: " + caller.callerArn() + " is not authorized to perform: " + permission.action() + " on resource: "
                + permission.resourceArn() + " " + because();
    }

    private String because() {
        if (decision.outcome() == AccessDecision.Outcome.EXPLICITLY_DENIED) {
            return decision.reason().toLowerCase(java.util.Locale.ROOT).contains("resource")
                    ? "with an explicit deny in a resource-based policy" : "with an explicit deny in an identity-based policy";
        }
        // Which kind of policy was missing, as the evaluator's reason names it (a KMS key's own policy is resource-based).
        boolean resourceBased = decision.reason().startsWith("no resource-based policy");
        return "because no " + (resourceBased ? "resource" : "identity") + "-based policy allows the " + permission.action() + " action";
    }
}
