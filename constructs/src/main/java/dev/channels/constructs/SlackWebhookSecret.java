package dev.channels.constructs;

import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The env's Slack incoming-webhook secret, created with a generated placeholder: the webhook URL never
 * appears in the template, and the operator sets it once with {@code aws secretsmanager put-secret-value}.
 */
final class SlackWebhookSecret {

    private SlackWebhookSecret() {
    }

    static Secret create(Construct scope, Naming naming, ChannelsEnvironmentProps props, Key key) {
        String name = props.slackSecretName().map(naming::secretName).orElseGet(naming::slackSecretName);
        Secret secret = Secret.Builder.create(scope, "SlackWebhook")
                .secretName(name)
                .description("Slack incoming-webhook URL for env " + naming.env() + ". Set it with: aws "
                        + "secretsmanager put-secret-value --secret-id " + name + " --secret-string <webhook URL>")
                .encryptionKey(key)
                .removalPolicy(Defaults.removalPolicy(props.retain()))
                .build();
        NagChecks.acknowledge(secret, "AwsSolutions-SMG4", "The value is a Slack incoming-webhook URL issued by Slack; "
                + "no rotation Lambda can re-issue it. It is rotated by creating a new webhook in Slack and running "
                + "put-secret-value.");
        return secret;
    }
}
