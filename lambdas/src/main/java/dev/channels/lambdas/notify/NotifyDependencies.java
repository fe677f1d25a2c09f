package dev.channels.lambdas.notify;

import dev.channels.contract.HandlerEnv;
import dev.channels.lambdas.AwsClients;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.payload.PayloadStore;
import dev.channels.lambdas.payload.S3PayloadStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a notify handler works with: its channel's settings, where it gets the Slack webhook, the clients of the
 * ledger table, the archive bucket and the notices queue, and its clock, waits and jitter. On Lambda
 * {@link #fromEnvironment} builds them once per execution environment; tests pass their own.
 *
 * @param jitter backoff jitter, a number in [0, 1)
 */
record NotifyDependencies(NotifyConfig config, WebhookSource webhooks, DynamoDbClient dynamo, PayloadStore payloads,
        Clock clock, Sleeper sleeper, DoubleSupplier jitter, SlackDelivery.Policy policy, Parking parking) {

    /**
     * Config from the environment, and the webhook URL read from Secrets Manager now (which also loads the
     * Secrets Manager client's classes before the snapshot). A missing SLACK_SECRET_ARN fails init; a secret
     * without a URL does not: the stack creates it with a random placeholder, and this runs when
     * {@code cdk deploy} publishes a version.
     */
    static NotifyDependencies fromEnvironment(EnvVars env) {
        NotifyConfig config = NotifyConfig.from(env);
        String secretArn = env.required(HandlerEnv.SLACK_SECRET_ARN);
        WebhookSource webhooks = WebhookSource.fromSecret(secretArn, WebhookSecret.Allowed.from(env),
                () -> AwsClients.secretsManager(env));
        return new NotifyDependencies(config, webhooks, AwsClients.dynamoDb(env),
                new S3PayloadStore(config.archiveBucket(), () -> AwsClients.s3(env)), Clock.systemUTC(), Sleeper.REAL,
                snapshotSafeJitter(), SlackDelivery.Policy.DEFAULT, Parking.defaults(
                        new SqsNoticeQueue(env.required(HandlerEnv.NOTICES_QUEUE_URL), () -> AwsClients.sqs(env))));
    }

    /**
     * Backoff jitter from a generator created at the first retry, never at init: with SnapStart, a
     * generator seeded before the snapshot would give every restored environment the same sequence,
     * and their retries would hit Slack in step.
     */
    static DoubleSupplier snapshotSafeJitter() {
        return new DoubleSupplier() {
            private SecureRandom random;

            @Override
            public synchronized double getAsDouble() {
                if (random == null) {
                    random = new SecureRandom();
                }
                return random.nextDouble();
            }
        };
    }
}
