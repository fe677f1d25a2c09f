package dev.channels.tools.capacity;

import java.util.List;
import java.util.OptionalInt;

/**
 * What a synthesized template says about one channel and about what its env shares, as far as capacity and
 * cost depend on it. Read by {@link TemplateReader}.
 *
 * @param env the env name (the functions' {@code ENV_NAME})
 * @param route the channel's API path, e.g. {@code /job-order}
 * @param alarms the alarms of the channel
 */
public record ChannelSettings(String channel, String env, String route, Api api, Inbox inbox, Function ingestFunction,
        SqsSource ingestSource, Table table, Function notifyFunction, StreamSource notifySource, Table ledger, Archive archive,
        Secret slackSecret, int alarms, Shared shared) {

    public ChannelSettings {
        List.of(channel, env, route, api, inbox, ingestFunction, ingestSource, table, notifyFunction, notifySource, ledger, archive,
                slackSecret, shared).forEach(java.util.Objects::requireNonNull);
    }

    /**
     * The stage that serves the route.
     *
     * @param throttleFrom where the rate came from: the method settings entry, or the account quota
     * @param accessLogRetentionDays the access log group's retention, empty when the stage writes no access log
     */
    public record Api(String stage, double rateLimit, double burstLimit, String throttleFrom, boolean tracing,
            boolean accessLogs, int accessLogRetentionDays) {
    }

    /** @param dataKeyReuseSeconds the queue's KMS data key reuse period, {@code Limits.SQS_DATA_KEY_REUSE} when unset */
    public record Inbox(String name, int maxMessageBytes, boolean kms, int dataKeyReuseSeconds) {
    }

    /** @param logRetentionDays the log group's retention; 0 when it never expires */
    public record Function(String name, int memoryMb, String architecture, boolean tracing, int logRetentionDays) {
        public boolean arm() {
            return "arm64".equals(architecture);
        }
    }

    /** @param maxConcurrency the event source's maximum concurrency, empty when it sets none */
    public record SqsSource(int batchSize, OptionalInt maxConcurrency) {
    }

    public record StreamSource(int batchSize, int parallelizationFactor) {
    }

    public record Table(String name, boolean kms, List<Index> indexes) {
        public Table {
            indexes = List.copyOf(indexes);
        }
    }

    /** A global secondary index; {@code projection} is {@code ALL}, {@code INCLUDE} or {@code KEYS_ONLY}. */
    public record Index(String name, String projection) {
    }

    /** @param rawArchive whether ingest writes every body under {@code raw/} ({@code RAW_ARCHIVE}) */
    public record Archive(String name, boolean rawArchive, boolean bucketKey) {
    }

    /** The Slack webhook secret notify reads; {@code kms} when a customer managed key encrypts it. */
    public record Secret(String name, boolean kms) {
    }

    /** What every channel of the env shares: fixed costs, not the channel's. */
    public record Shared(int alarms, int dashboards, int kmsKeys, int secrets) {
    }
}
