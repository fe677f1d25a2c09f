package dev.channels.constructs;

import java.util.List;
import java.util.Map;

import dev.channels.constructs.Naming.Kind;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The env's KMS key, which encrypts every queue, table, bucket, topic and secret of the env, and the one way
 * a role may use it: only through the service that holds the data ({@code kms:ViaService}).
 */
final class EnvironmentKey {
    private final Key key;

    EnvironmentKey(Construct scope, Naming naming, boolean retain) {
        this.key = Key.Builder.create(scope, "Key")
                .alias("alias/" + naming.shared(Kind.KMS_ALIAS, "key"))
                .description("Encrypts the queues, tables, buckets, topic and secret of env " + naming.env())
                .enableKeyRotation(true)
                .pendingWindow(retain ? null : Defaults.KEY_PENDING_WINDOW_NON_RETAINED)
                .removalPolicy(Defaults.removalPolicy(retain))
                .build();
        // CloudWatch publishes alarm notifications to the encrypted topic; SNS needs the key to do so. Only
        // for alarms of this account: without the condition, CloudWatch acting for any account could use it.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsToPublishToEncryptedTopic")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(scope).getAccount())))
                .build());
    }

    Key key() {
        return key;
    }

    /** Lets {@code grantee} use the key for {@code actions}, only through {@code service}. */
    void grantVia(IGrantable grantee, String service, String... actions) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(actions))
                .resources(List.of(key.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of(
                        "kms:ViaService", service + "." + Stack.of(key).getRegion() + ".amazonaws.com")))
                .build());
    }
}
