package dev.channels.local.iam;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One permission a call needs: an action on a resource with the call's condition keys; {@code forEncryption} when
 * it is a KMS permission the call implies (a queue's, table's, bucket's or secret's key), which services report
 * with their own error codes.
 */
public record Permission(String action, String resourceArn, Map<String, List<String>> context, boolean forEncryption) {
    public Permission {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceArn, "resourceArn");
        context = Map.copyOf(context);
    }

    public static Permission of(String action, String resourceArn) {
        return new Permission(action, resourceArn, Map.of(), false);
    }

    public static Permission of(String action, String resourceArn, Map<String, List<String>> context) {
        return new Permission(action, resourceArn, context, false);
    }

    /**
     * A KMS permission a service asks for on its caller's behalf: {@code kms:ViaService} is
     * {@code <service>.<region>.amazonaws.com} and {@code kms:CallerAccount} the caller's account.
     */
    public static Permission viaService(String kmsAction, String keyArn, String service, String region, String callerAccount) {
        return new Permission(kmsAction, keyArn, Map.of("kms:ViaService", List.of(service + "." + region + ".amazonaws.com"),
                "kms:CallerAccount", List.of(callerAccount)), true);
    }
}
