package dev.channels.constructs;

import java.util.List;
import java.util.Map;

import dev.channels.contract.ArchiveKeys;
import dev.channels.contract.LedgerTable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;

/**
 * What the ingest and notify roles may do, and nothing more: each statement names its resource, the env key
 * only through the service holding the data ({@code kms:ViaService}), and the cdk-nag acknowledgments of the
 * few wildcards AWS leaves no way around.
 */
final class ChannelGrants {
    private final ChannelsEnvironment environment;
    private final ChannelProps props;
    private final ChannelQueues queues;
    private final ChannelStorage storage;

    ChannelGrants(ChannelsEnvironment environment, ChannelProps props, ChannelQueues queues, ChannelStorage storage) {
        this.environment = environment;
        this.props = props;
        this.queues = queues;
        this.storage = storage;
    }

    /** The archive prefixes ingest writes: claim-checked bodies, and every body when the raw archive is on. */
    private List<String> ingestArchivePrefixes() {
        return props.rawArchive()
                ? List.of(ArchiveKeys.PAYLOAD_PREFIX, ArchiveKeys.RAW_PREFIX)
                : List.of(ArchiveKeys.PAYLOAD_PREFIX);
    }

    /** Ingest consumes the inbox, writes the table and the archive, and parks in the inbox DLQ. */
    void forIngest(Function ingest) {
        // What the SQS event source mapping needs, with the key only through SQS (CDK's grantConsumeMessages
        // would add sqs:GetQueueUrl, sqs:ChangeMessageVisibility and a kms:Decrypt without any condition).
        ingest.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"))
                .resources(List.of(queues.inbox().getQueueArn()))
                .build());
        environment.grantKeyVia(ingest, "sqs", "kms:Decrypt");
        // GetItem: the stored version when a refused conditional write comes back without it, and priming.
        ingest.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:PutItem", "dynamodb:GetItem"))
                .resources(List.of(storage.table().getTableArn()))
                .build());
        environment.grantKeyVia(ingest, "dynamodb", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey");
        ingest.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(ingestArchivePrefixes().stream()
                        .map(prefix -> storage.archiveBucket().arnForObjects(prefix + "*"))
                        .toList())
                .build());
        environment.grantKeyVia(ingest, "s3", "kms:GenerateDataKey");
        // Parks a message that can never be stored in the inbox DLQ on its first receive.
        ingest.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queues.inboxDlq().getQueueArn()))
                .build());
        environment.grantKeyVia(ingest, "sqs", "kms:Decrypt", "kms:GenerateDataKey");

        NagChecks.acknowledge(ingest.getRole(), "AwsSolutions-IAM5[Resource::*]", "Only "
                + "xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource-level permissions.");
        NagChecks.acknowledge(ingest.getRole(), storage.archiveObjectsFinding(ArchiveKeys.PAYLOAD_PREFIX),
                "Only s3:PutObject, only under payloads/ of this channel's own archive bucket: ingest writes one "
                        + "object per oversized message, keyed by a hash of the object id and the message id, so the "
                        + "keys cannot be named in advance.");
        if (props.rawArchive()) {
            NagChecks.acknowledge(ingest.getRole(), storage.archiveObjectsFinding(ArchiveKeys.RAW_PREFIX),
                    "Only s3:PutObject, only under raw/ of this channel's own archive bucket: the raw archive writes "
                            + "one object per accepted message, keyed by hour and message id.");
        }
    }

    /** Notify reads the stream, the secret and claim checks, keeps its ledger entries, and parks notices. */
    void forNotify(Function notify) {
        // What the stream event source mapping needs, with the key only through DynamoDB (CDK's grantStreamRead
        // would add kms:Decrypt and kms:DescribeKey without any condition). ListStreams has no resource-level
        // permissions.
        notify.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"))
                .resources(List.of(storage.table().getTableStreamArn()))
                .build());
        notify.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:ListStreams"))
                .resources(List.of("*"))
                .build());
        environment.grantKeyVia(notify, "dynamodb", "kms:Decrypt");
        notify.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(environment.slackSecret().getSecretArn()))
                .build());
        environment.grantKeyVia(notify, "secretsmanager", "kms:Decrypt");
        // The ledger's claim, complete, release and park (conditional updates) and read (a refused claim,
        // priming); the table is the env's, so only this channel's entries.
        notify.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"))
                .resources(List.of(environment.idempotencyTable().getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of(
                        "dynamodb:LeadingKeys", List.of(LedgerTable.keyPrefix(props.name()) + "*"))))
                .build());
        environment.grantKeyVia(notify, "dynamodb", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey");
        // Claim-checked bodies of items too big for DynamoDB.
        notify.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(storage.archiveBucket().arnForObjects(ArchiveKeys.PAYLOAD_PREFIX + "*")))
                .build());
        environment.grantKeyVia(notify, "s3", "kms:Decrypt");
        // Parks the changes it gives up on in the notices queue (SQS encrypts them with the env key).
        notify.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queues.notices().getQueueArn()))
                .build());
        environment.grantKeyVia(notify, "sqs", "kms:Decrypt", "kms:GenerateDataKey");

        NagChecks.acknowledge(notify.getRole(), "AwsSolutions-IAM5[Resource::*]", "Only "
                + "xray:PutTraceSegments, xray:PutTelemetryRecords and dynamodb:ListStreams, none of which have "
                + "resource-level permissions.");
        NagChecks.acknowledge(notify.getRole(), storage.archiveObjectsFinding(ArchiveKeys.PAYLOAD_PREFIX),
                "Only s3:GetObject, only under payloads/ of this channel's own archive bucket: notify reads the "
                        + "body an oversized item points at, whose key is known only from the item.");
    }

    /**
     * The notify DLQ as the stream's on-failure destination, granting exactly what Lambda needs to send
     * to a KMS-encrypted queue (CDK's SqsDlq would also grant kms:ReEncrypt* and kms:GenerateDataKey*).
     */
    IEventSourceDlq notifyFailureDestination() {
        return new IEventSourceDlq() {
            @Override
            public DlqDestinationConfig bind(IEventSourceMapping target, IFunction handler) {
                handler.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("sqs:SendMessage"))
                        .resources(List.of(queues.notifyDlq().getQueueArn()))
                        .build());
                environment.grantKeyVia(handler, "sqs", "kms:Decrypt", "kms:GenerateDataKey");
                return DlqDestinationConfig.builder().destination(queues.notifyDlq().getQueueArn()).build();
            }
        };
    }
}
