package dev.channels.contract;

import java.util.List;

/**
 * The CloudWatch metrics the handlers publish, as names the constructs can alarm on. Every metric is
 * a count per invocation, published in namespace {@value #NAMESPACE} with exactly one dimension set:
 * {@value #ENV}, {@value #CHANNEL}, {@value #HANDLER}. Each invocation publishes every metric of its
 * handler, zeros included, so an alarm on a failure metric sees 0 rather than missing data.
 */
public final class Metrics {
    public static final String NAMESPACE = "Channels";

    /** Dimension: the environment name ({@code ENV_NAME}). */
    public static final String ENV = "Env";
    /** Dimension: the channel name ({@code CHANNEL_NAME}). */
    public static final String CHANNEL = "Channel";
    /** Dimension: which handler published it, {@link #INGEST_HANDLER} or {@link #NOTIFY_HANDLER}. */
    public static final String HANDLER = "Handler";
    public static final String INGEST_HANDLER = "ingest";
    public static final String NOTIFY_HANDLER = "notify";

    /** Ingest: SQS messages in the batch. Notify: stream records in the batch. */
    public static final String RECEIVED = "received";
    /** Ingest: messages whose object became the item's latest version. */
    public static final String WRITTEN = "written";
    /**
     * Ingest: messages whose version equals the stored one (a redelivery or a resend): no-op.
     * Notify: records already posted by an earlier delivery: not posted again.
     */
    public static final String DUPLICATE = "duplicate";
    /** Ingest: messages older than the stored version: no-op. */
    public static final String STALE = "stale";
    /**
     * Ingest: messages that can never be stored (not a JSON object, no id, a value DynamoDB refuses),
     * sent to the inbox DLQ on their first receive with the reason. Notify: changes it gave up on and
     * parked in the channel's notices queue (Slack refused them for good, or failed too often), told
     * later by {@code tools redrive-notices}. Neither is in {@link #FAILED}.
     */
    public static final String PARKED = "parked";
    /**
     * Records reported failed to the event source, which retries them (SQS: then the inbox DLQ;
     * stream: then the notify DLQ). Alarm on it per handler.
     */
    public static final String FAILED = "failed";
    /** Notify: records whose change Slack accepted (one webhook call may carry several). */
    public static final String SLACK_POSTED = "slack_posted";
    /** Notify: webhook calls repeated after a 429, a 5xx or a timeout. */
    public static final String SLACK_RETRIED = "slack_retried";
    /**
     * Notify: records whose message Slack refused for good (400, 403, 404, 410 or another 4xx): the
     * webhook is gone or the message is invalid. Also counted in {@link #FAILED}. Alarm on it.
     */
    public static final String SLACK_REJECTED = "slack_rejected";

    public static final List<String> INGEST_METRICS = List.of(RECEIVED, WRITTEN, DUPLICATE, STALE, PARKED, FAILED);
    public static final List<String> NOTIFY_METRICS =
            List.of(RECEIVED, DUPLICATE, FAILED, SLACK_POSTED, SLACK_RETRIED, SLACK_REJECTED, PARKED);

    private Metrics() {
    }
}
