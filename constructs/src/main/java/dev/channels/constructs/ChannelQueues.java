package dev.channels.constructs;

import java.util.List;

import dev.channels.constructs.Naming.Kind;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueProps;
import software.constructs.Construct;

/**
 * A channel's queues, all encrypted with the env key and TLS only: the inbox the API sends to and its DLQ,
 * the notify DLQ (the stream's on-failure destination), and the notices queue where notify parks the
 * changes Slack did not take.
 */
final class ChannelQueues {
    private final Queue inboxDlq;
    private final Queue inbox;
    private final Queue notifyDlq;
    private final Queue notices;

    ChannelQueues(Construct scope, ChannelsEnvironment environment, ChannelProps props) {
        String kebab = Naming.kebab(props.name());
        // The DLQ takes the same size as the inbox, so any message the inbox accepted can be dead-lettered.
        this.inboxDlq = new Queue(scope, "InboxDlq", encryptedQueue(environment, kebab, "inbox-dlq")
                .retentionPeriod(Defaults.DLQ_RETENTION)
                .maxMessageSizeBytes(Defaults.INBOX_MAX_MESSAGE_SIZE_BYTES)
                .build());
        this.inbox = new Queue(scope, "Inbox", encryptedQueue(environment, kebab, "inbox")
                .retentionPeriod(Defaults.INBOX_RETENTION)
                .maxMessageSizeBytes(Defaults.INBOX_MAX_MESSAGE_SIZE_BYTES)
                .visibilityTimeout(Defaults.inboxVisibilityTimeout(props.ingestTimeout()))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(inboxDlq)
                        .maxReceiveCount(Defaults.MAX_RECEIVE_COUNT)
                        .build())
                .build());
        this.notifyDlq = new Queue(scope, "NotifyDlq", encryptedQueue(environment, kebab, "notify-dlq")
                .retentionPeriod(Defaults.DLQ_RETENTION)
                .build());
        this.notices = new Queue(scope, "Notices", encryptedQueue(environment, kebab, "notices")
                .retentionPeriod(Defaults.NOTICES_RETENTION)
                .build());
        acknowledgeNagFindings();
    }

    private static QueueProps.Builder encryptedQueue(ChannelsEnvironment environment, String kebab, String role) {
        return Defaults.encryptedQueue(environment.key())
                .queueName(environment.naming().name(Kind.SQS_QUEUE, kebab, role))
                .removalPolicy(environment.removalPolicy());
    }

    private void acknowledgeNagFindings() {
        for (Queue dlq : List.of(inboxDlq, notifyDlq)) {
            NagChecks.acknowledge(dlq, "Serverless-SQSRedrivePolicy", "This queue is itself a dead-letter queue; a "
                    + "DLQ of a DLQ only moves the problem. Its depth raises an alarm.");
        }
        NagChecks.acknowledge(notifyDlq, "AwsSolutions-SQS3", "This queue is the on-failure destination of the "
                + "table stream's event source mapping, which cdk-nag does not recognise as DLQ use.");
        String parkedOnly = "This queue is where notify parks the changes Slack did not take; they are told only "
                + "by an operator's tools redrive-notices, which deletes each notice once told and leaves the rest. "
                + "A dead-letter queue would move notices out of the redrive's reach. Its depth raises an alarm.";
        NagChecks.acknowledge(notices, "AwsSolutions-SQS3", parkedOnly);
        NagChecks.acknowledge(notices, "Serverless-SQSRedrivePolicy", parkedOnly);
    }

    Queue inbox() {
        return inbox;
    }

    Queue inboxDlq() {
        return inboxDlq;
    }

    Queue notifyDlq() {
        return notifyDlq;
    }

    Queue notices() {
        return notices;
    }
}
