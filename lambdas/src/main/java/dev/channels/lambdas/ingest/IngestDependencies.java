package dev.channels.lambdas.ingest;

import dev.channels.lambdas.AwsClients;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.payload.PayloadStore;
import dev.channels.lambdas.payload.S3PayloadStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What an ingest handler works with: its channel's settings, the clients of the table, the archive bucket and
 * the inbox DLQ, and its clock. On Lambda {@link #fromEnvironment} builds them once per execution environment;
 * tests pass their own.
 */
public record IngestDependencies(IngestConfig config, DynamoDbClient dynamo, PayloadStore payloads, DeadLetters deadLetters,
        Clock clock) {

    /** The S3 and SQS clients are built at their first use: most channels never need them. */
    public static IngestDependencies fromEnvironment(EnvVars env) {
        IngestConfig config = IngestConfig.from(env);
        return new IngestDependencies(config, AwsClients.dynamoDb(env),
                new S3PayloadStore(config.archiveBucket(), () -> AwsClients.s3(env)),
                new SqsDeadLetters(config.inboxDlqUrl(), () -> AwsClients.sqs(env)), Clock.systemUTC());
    }
}
