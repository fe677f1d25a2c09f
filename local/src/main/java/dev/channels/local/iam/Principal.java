package dev.channels.local.iam;

import java.util.Objects;

/**
 * Who is asking.
 *
 * @param kind    what sort of identity it is
 * @param arn     for a role: the role's ARN ({@code arn:aws:iam::<account>:role/<name>}); for the operator: the
 *                account root ({@code arn:aws:iam::<account>:root}); for a service: its service principal, e.g.
 *                {@code cloudwatch.amazonaws.com}
 * @param account the account the identity belongs to
 */
public record Principal(Kind kind, String arn, String account) {
    public enum Kind {
        /** A role from the template, e.g. a function's execution role (its session is the function's credentials). */
        ROLE,
        /** The person at the terminal: the local account's root, allowed unless a resource policy denies. */
        ACCOUNT_ROOT,
        /** An AWS service acting on its own, e.g. CloudWatch publishing to a topic. */
        SERVICE
    }

    public Principal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(account, "account");
    }
}
