package dev.channels.local.iam;

import java.util.Objects;

/**
 * Who made a call: the principal IAM evaluates, and the ARN AWS names in its answers ({@code User: <arn> is not
 * authorized ...}): a role's session, {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}, or the account
 * root.
 */
public record Caller(Principal principal, String callerArn) {
    public Caller {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(callerArn, "callerArn");
    }

    /** The account root ({@code arn:aws:iam::<account>:root}): the person at the terminal. */
    public static Caller accountRoot(String account) {
        String arn = "arn:aws:iam::" + account + ":root";
        return new Caller(new Principal(Principal.Kind.ACCOUNT_ROOT, arn, account), arn);
    }

    /** A session of a role ({@code arn:aws:iam::<account>:role/<path/>name}), e.g. a function's. */
    public static Caller roleSession(String roleArn, String sessionName) {
        String account = roleArn.split(":")[4];
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        return new Caller(new Principal(Principal.Kind.ROLE, roleArn, account),
                "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName);
    }
}
