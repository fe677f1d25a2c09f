package dev.channels.constructs;

import java.util.List;

import dev.channels.contract.ChangeKind;
import dev.channels.contract.NotifyDefaults;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.TableProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.BucketProps;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.QueueProps;

/** Every number and setting we chose, on one screen, each with the reason for it. */
public final class Defaults {

    // Functions

    /** Lambda CPU scales with memory; 1 GB gives a JVM enough CPU for a fast init and JSON work. */
    public static final int INGEST_MEMORY_MB = 1024;
    /** A batch of 10 PutItems takes well under a second; 30 s leaves room for SDK retries under throttling. */
    public static final Duration INGEST_TIMEOUT = Duration.seconds(30);
    /** Same reasoning as ingest: the JVM and the HTTP client want CPU, the work itself is small. */
    public static final int NOTIFY_MEMORY_MB = 1024;
    /** Slack accepts about one message per second and may ask to wait (Retry-After); 60 s covers a batch. */
    public static final Duration NOTIFY_TIMEOUT = Duration.seconds(60);
    /** Event sources attach to this alias, which always points at the latest published (SnapStart) version. */
    public static final String ALIAS_NAME = "live";

    // Inbox (SQS -> ingest)

    /** The SQS default: a producer's message survives a long weekend of ingest being down. */
    public static final Duration INBOX_RETENTION = Duration.days(4);
    /** The SQS maximum: time to find the cause and redrive the messages. */
    public static final Duration DLQ_RETENTION = Duration.days(14);
    /**
     * The SQS maximum, 1 MiB (a queue's default may still be 256 KiB): bodies up to it are accepted, and
     * ingest claim-checks the ones too big for a DynamoDB item. A bigger body is refused with 413.
     */
    public static final int INBOX_MAX_MESSAGE_SIZE_BYTES = 1_048_576;
    /** A message that failed 5 receives is poison, not unlucky; it goes to the DLQ with its body intact. */
    public static final int MAX_RECEIVE_COUNT = 5;
    /** 10 is the largest SQS batch that needs no batching window, so a lone message is not delayed. */
    public static final int INGEST_BATCH_SIZE = 10;
    /** Caps the write burst on the table and the share of account concurrency one channel can take. */
    public static final int INGEST_MAX_CONCURRENCY = 10;

    // Stream (DynamoDB -> notify)

    /** Enough changes to combine into a few Slack messages, few enough to post within the timeout. */
    public static final int NOTIFY_BATCH_SIZE = 20;
    /** With bisection, 5 retries narrow a failing batch of 20 down to the one bad record. */
    public static final int NOTIFY_RETRY_ATTEMPTS = 5;
    /** A Slack outage longer than this sends changes to the notify DLQ instead of blocking the shard for 24 h. */
    public static final Duration NOTIFY_MAX_RECORD_AGE = Duration.hours(1);
    /**
     * Notify parks a change in the notices queue after this many failed deliveries of its record (applied
     * by the handler, {@link NotifyDefaults}): below the 1 + {@link #NOTIFY_RETRY_ATTEMPTS} deliveries the mapping
     * makes, so the rest is headroom for deliveries that never reach the ledger (bisected halves, records
     * behind a held one) and the notify DLQ only gets what could not be parked.
     */
    public static final int NOTIFY_PARK_AFTER_ATTEMPTS = NotifyDefaults.PARK_AFTER_ATTEMPTS;
    /** A record this old is parked at its first failure: a quarter of an hour before {@link #NOTIFY_MAX_RECORD_AGE}. */
    public static final Duration NOTIFY_PARK_AT_RECORD_AGE =
            Duration.minutes(NotifyDefaults.PARK_AT_RECORD_AGE.toMinutes());
    /** The SQS maximum, like the DLQs: parked notices wait for Slack to be fixed and the redrive to run. */
    public static final Duration NOTICES_RETENTION = DLQ_RETENTION;
    /** One batch per shard at a time keeps the changes of one object in order. */
    public static final int NOTIFY_PARALLELIZATION_FACTOR = 1;
    /**
     * TRIM_HORIZON: the mapping starts with the oldest record still in the stream, so changes written
     * between table creation and the mapping becoming active are not lost. Replays are harmless because
     * notifications are idempotent; LATEST would silently skip those first changes.
     */
    public static final StartingPosition NOTIFY_STARTING_POSITION = StartingPosition.TRIM_HORIZON;
    /** Stream events that notify unless the channel says otherwise: creations and changes, not deletions. */
    public static final List<ChangeKind> NOTIFY_ON = NotifyDefaults.EVENTS;

    // API

    /** The stage is the version of the producer contract in the URL; the env is in the API itself. */
    public static final String STAGE_NAME = "v1";

    // Logs and storage

    /** Three months of logs: enough to investigate an incident noticed in a monthly review. */
    public static final RetentionDays LOG_RETENTION = RetentionDays.THREE_MONTHS;
    /** Server access logs are for audits and investigations; 90 days matches the function logs. */
    public static final Duration ACCESS_LOG_EXPIRATION = Duration.days(90);
    /** The earliest S3 allows a move to Infrequent Access; archived bodies are rarely read after a month. */
    public static final Duration ARCHIVE_INFREQUENT_ACCESS_AFTER = Duration.days(30);
    /** Overwritten or deleted archive objects stay recoverable for a month, then stop costing money. */
    public static final Duration ARCHIVE_NONCURRENT_EXPIRATION = Duration.days(30);
    /** Parts of an upload that never completed are garbage after a week. */
    public static final Duration ABORT_INCOMPLETE_UPLOAD_AFTER = Duration.days(7);
    /** A destroyed non-production env's key is gone after the shortest window KMS allows. */
    public static final Duration KEY_PENDING_WINDOW_NON_RETAINED = Duration.days(7);

    // Alarms

    /** Alarms look at 5-minute windows: SQS and Lambda metrics are complete at that granularity. */
    public static final Duration ALARM_PERIOD = Duration.minutes(5);
    /** Ingest takes seconds; a message waiting 15 minutes means ingest is down or far behind. */
    public static final Duration INBOX_AGE_ALARM = Duration.minutes(15);
    /** Notifications more than 5 minutes behind the table are late enough for someone to look. */
    public static final Duration ITERATOR_AGE_ALARM = Duration.minutes(5);

    private Defaults() {
    }

    /** The function settings shared by ingest and notify: the newest Java, arm64, SnapStart, tracing. */
    public static FunctionProps.Builder function() {
        return FunctionProps.builder()
                // cdk-nag L1 wants the newest runtime; the jar is built for Java 17 bytecode and runs on it.
                .runtime(Runtime.JAVA_25)
                // Graviton: cheaper per GB-second and at least as fast for this work.
                .architecture(Architecture.ARM_64)
                // Cold starts of a JVM are the main latency cost; SnapStart restores an initialised snapshot.
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                // TEXT: the handlers write their own JSON log lines and EMF documents, which Lambda's
                // JSON format would wrap in a "message" string, hiding the fields and the metrics.
                .loggingFormat(LoggingFormat.TEXT);
    }

    /** A retained (production) env keeps its stateful resources when its stack is deleted; any other loses them. */
    public static RemovalPolicy removalPolicy(boolean retain) {
        return retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    /**
     * The settings every table gets: on-demand, because a channel's traffic comes in bursts nobody plans
     * capacity for; point-in-time recovery, because the table is the only copy of the latest objects; the
     * env key.
     */
    public static TableProps.Builder table(IKey key) {
        return TableProps.builder()
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(key);
    }

    /** The settings every queue gets: encrypted with the env key, TLS only. */
    public static QueueProps.Builder encryptedQueue(IKey key) {
        return QueueProps.builder()
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .enforceSsl(true);
    }

    /** AWS guidance: at least 6 x the function timeout, so a retried batch is not redelivered meanwhile. */
    public static Duration inboxVisibilityTimeout(Duration ingestTimeout) {
        return Duration.seconds(6 * ingestTimeout.toSeconds().intValue());
    }

    /** The bucket settings every bucket gets: no public access, TLS only. */
    public static BucketProps.Builder bucket() {
        return BucketProps.builder()
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true);
    }
}
