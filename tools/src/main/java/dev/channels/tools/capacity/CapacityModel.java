package dev.channels.tools.capacity;

import static dev.channels.contract.MetadataAttributes.BODY_DIGEST;
import static dev.channels.contract.MetadataAttributes.MESSAGE_ID;
import static dev.channels.contract.MetadataAttributes.PAYLOAD_KEY;
import static dev.channels.contract.MetadataAttributes.RECEIVED_AT;
import static dev.channels.contract.MetadataAttributes.VERSION;
import static dev.channels.contract.MetadataAttributes.VERSION_KIND;

import dev.channels.contract.Metrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The arithmetic: where each stage of one channel saturates, and what a month of objects costs, from the template's
 * settings ({@link ChannelSettings}), the assumptions ({@link Assumptions}), the prices ({@link Prices}) and the
 * documented limits ({@link Limits}). No I/O; {@link CapacityCommand} reads and prints.
 */
public final class CapacityModel {
    /** A month of 30 days (an assumption: AWS bills calendar months). */
    public static final double SECONDS_PER_MONTH = 30 * 24 * 3600.0;
    /** GB as S3 and CloudWatch Logs bill it, taken as 2^30 bytes. */
    public static final double GB = 1024.0 * 1024 * 1024;

    /** Items estimated above this go to S3 (the handlers' {@code ItemSize.INLINE_LIMIT}; a test pins it). */
    static final int CLAIM_CHECK_ABOVE_BYTES = 350 * 1024;
    /** What a claim-checked item keeps of the top-level scalars, at most ({@code ClaimCheck.SCALAR_BUDGET_BYTES}). */
    static final int CLAIM_CHECK_SCALAR_BYTES = 32 * 1024;
    /** The most blocks Slack takes in one message ({@code SlackMessage.MAX_BLOCKS}; a test pins it). */
    static final int SLACK_MAX_BLOCKS = 50;
    /** Blocks of one change: header, what happened, the property lines ({@code SlackMessage.blocks}). */
    static final int SLACK_BLOCKS_PER_CHANGE = 3;
    /** Ledger updates per told change: claim, then mark done (docs/design/handlers.md, section 6). */
    static final int LEDGER_WRITES_PER_CHANGE = 2;
    /** Archive objects notify reads for a claim-checked change: the new image's and the old one's. */
    static final int CLAIM_CHECK_READS_PER_CHANGE = 2;
    /** Producers that send to the inbox (the API's role) and consumers that receive from it (ingest's role). */
    static final int INBOX_PRODUCERS = 1;
    static final int INBOX_CONSUMERS = 1;

    /**
     * The metadata ingest adds to every item (attribute names, as DynamoDB counts them, plus the largest value each
     * takes): receivedAt (an ISO instant with milliseconds, 24 bytes), messageId (a UUID, 36), version (a number, at
     * most 21 bytes), versionKind ({@code sqs-sent-timestamp}, 18), bodySha256 (64 hex digits).
     */
    static final int METADATA_BYTES = RECEIVED_AT.length() + 24 + MESSAGE_ID.length() + 36 + VERSION.length() + 21
            + VERSION_KIND.length() + 18 + BODY_DIGEST.length() + 64;
    /** A claim-checked item at most: the scalars, the metadata and the pointer {@code payloads/<64 hex>/<uuid>.json}. */
    static final int CLAIM_CHECKED_ITEM_BYTES = CLAIM_CHECK_SCALAR_BYTES + METADATA_BYTES + PAYLOAD_KEY.length()
            + "payloads/".length() + 64 + 1 + 36 + ".json".length();

    /** One stage's saturation; {@code inMinimum} false for a figure shown for information only. */
    public record Stage(String name, double objectsPerSecond, String how, boolean inMinimum) {
    }

    /** One line of the bill; {@code fixed} when it does not grow with the volume. */
    public record Cost(String component, String what, double usdPerMonth, boolean fixed) {
    }

    /**
     * The result.
     *
     * @param storedItemBytes the item DynamoDB stores (smaller than the object's when the body is claim-checked)
     * @param channelObjectsPerSecond the least of the stages in the minimum
     * @param costs the channel's own costs
     * @param shared fixed costs of what the env's channels share
     */
    public record Report(ChannelSettings settings, Assumptions assumptions, boolean claimChecked, int storedItemBytes,
            int tableWritesPerObject, int indexWritesPerObject, List<Stage> stages, Stage bottleneck,
            double channelObjectsPerSecond, List<Cost> costs, List<Cost> shared) {

        public double total() {
            return costs.stream().mapToDouble(Cost::usdPerMonth).sum();
        }

        public double sharedTotal() {
            return shared.stream().mapToDouble(Cost::usdPerMonth).sum();
        }

        /** The volume's average rate. */
        public double objectsPerSecond() {
            return assumptions.objectsPerMonth() / SECONDS_PER_MONTH;
        }

        public double perMillionObjects(double usdPerMonth) {
            return usdPerMonth / (assumptions.objectsPerMonth() / 1_000_000.0);
        }
    }

    private CapacityModel() {
    }

    public static Report compute(ChannelSettings settings, Assumptions assumptions) {
        int itemBytes = (int) assumptions.itemBytes().value();
        boolean claimChecked = itemBytes > CLAIM_CHECK_ABOVE_BYTES;
        int stored = claimChecked ? Math.min(itemBytes, CLAIM_CHECKED_ITEM_BYTES) : itemBytes;
        int tableWrites = writeUnits(stored);
        int indexWrites = settings.table().indexes().stream()
                .mapToInt(index -> "KEYS_ONLY".equals(index.projection()) ? 1 : writeUnits(stored)).sum();

        List<Stage> stages = stages(settings, assumptions, tableWrites);
        Stage bottleneck = stages.stream().filter(Stage::inMinimum).min(Comparator.comparingDouble(Stage::objectsPerSecond))
                .orElseThrow();
        return new Report(settings, assumptions, claimChecked, stored, tableWrites, indexWrites, stages, bottleneck,
                bottleneck.objectsPerSecond(), costs(settings, assumptions, claimChecked, tableWrites + indexWrites),
                shared(settings));
    }

    /** DynamoDB write request units for an item of {@code bytes}: one per started KB. */
    static int writeUnits(double bytes) {
        return (int) Math.max(1, Math.ceil(bytes / Limits.DYNAMODB_WRITE_UNIT.value()));
    }

    /** SQS requests billed for one call carrying {@code bytes} of payload: one per started 64 KB chunk. */
    static double sqsRequests(double bytes) {
        return Math.max(1, Math.ceil(bytes / Limits.SQS_BILLED_CHUNK.value()));
    }

    /** Changes per second Slack takes from full batches: one message a second, a batch packed into as few as fit. */
    static double slackChangesPerSecond(int batchSize) {
        int changesPerMessage = SLACK_MAX_BLOCKS / SLACK_BLOCKS_PER_CHANGE;
        int messagesPerBatch = (batchSize + changesPerMessage - 1) / changesPerMessage;
        return Limits.SLACK_WEBHOOK_RATE.value() * batchSize / messagesPerBatch;
    }

    /**
     * Traces X-Ray's default rule records in a month for {@code requests} spread evenly over it: the first each
     * second, then 5 % of the rest.
     */
    static double tracesRecorded(double requests) {
        double reservoir = Limits.XRAY_RESERVOIR.value() * SECONDS_PER_MONTH;
        return requests <= reservoir ? requests : reservoir + Limits.XRAY_RATE.value() * (requests - reservoir);
    }

    private static List<Stage> stages(ChannelSettings s, Assumptions a, int tableWrites) {
        List<Stage> stages = new ArrayList<>();
        ChannelSettings.Api api = s.api();
        stages.add(new Stage("API stage throttle", api.rateLimit(), String.format(Locale.ROOT,
                "stage %s, POST %s: %s/s, burst %s (%s)", api.stage(), s.route(), number(api.rateLimit()),
                number(api.burstLimit()), api.throttleFrom()), true));
        stages.add(new Stage("SQS inbox (standard queue)", Limits.SQS_STANDARD_THROUGHPUT.value(),
                "nearly unlimited API calls per second", true));

        int batch = s.ingestSource().batchSize();
        int concurrency = s.ingestSource().maxConcurrency().orElse((int) Limits.LAMBDA_ACCOUNT_CONCURRENCY.value());
        double ingestSeconds = a.ingestMsPerBatch().value() / 1000;
        stages.add(new Stage("ingest (SQS event source)", concurrency * batch / ingestSeconds, String.format(Locale.ROOT,
                "%d concurrent x %d messages / %s s a batch%s", concurrency, batch, number(ingestSeconds),
                s.ingestSource().maxConcurrency().isPresent() ? "" : " (no maximum concurrency: the account's)"), true));

        stages.add(new Stage("DynamoDB table (new on-demand)", Limits.DYNAMODB_NEW_TABLE_WRITES.value() / tableWrites,
                String.format(Locale.ROOT, "%s WRU/s / %d WRU an object", number(Limits.DYNAMODB_NEW_TABLE_WRITES.value()),
                        tableWrites), true));
        stages.add(new Stage("DynamoDB one partition", Limits.DYNAMODB_PARTITION_WRITES.value() / tableWrites,
                String.format(Locale.ROOT, "%s WRU/s / %d WRU: one hot id or index key value; not in the minimum",
                        number(Limits.DYNAMODB_PARTITION_WRITES.value()), tableWrites), false));

        int notifyBatch = s.notifySource().batchSize();
        int factor = s.notifySource().parallelizationFactor();
        double shards = a.streamShards().value();
        double notifySeconds = a.notifyMsPerBatch().value() / 1000;
        stages.add(new Stage("notify (stream event source)", shards * factor * notifyBatch / notifySeconds,
                String.format(Locale.ROOT, "%s shard(s) x %d parallel x %d changes / %s s a batch", number(shards), factor,
                        notifyBatch, number(notifySeconds)), true));
        int changesPerMessage = SLACK_MAX_BLOCKS / SLACK_BLOCKS_PER_CHANGE;
        stages.add(new Stage("Slack incoming webhook", slackChangesPerSecond(notifyBatch), String.format(Locale.ROOT,
                "%s message/s; a batch of %d in %d message(s) of at most %d changes", number(Limits.SLACK_WEBHOOK_RATE.value()),
                notifyBatch, (notifyBatch + changesPerMessage - 1) / changesPerMessage, changesPerMessage), true));
        return stages;
    }

    private static List<Cost> costs(ChannelSettings s, Assumptions a, boolean claimChecked, int writesPerObject) {
        double objects = a.objectsPerMonth();
        double objectBytes = a.objectBytes().value();
        double ingestFill = a.ingestBatchFill().value();
        double notifyFill = a.notifyBatchFill().value();
        double ingests = objects / ingestFill;
        double notifies = objects / notifyFill;
        double coldStarts = a.coldStartsPerMonth().value();
        List<Cost> costs = new ArrayList<>();

        costs.add(new Cost("API Gateway", count(objects) + " REST requests", Prices.API_GATEWAY_REST_REQUESTS.cost(objects),
                false));

        double sends = objects * sqsRequests(objectBytes);
        double receives = ingests * sqsRequests(ingestFill * objectBytes);
        double deletes = ingests;
        costs.add(new Cost("SQS", count(sends) + " send + " + count(receives) + " receive + " + count(deletes) + " delete requests",
                Prices.SQS_REQUESTS.cost(sends + receives + deletes), false));

        costs.add(new Cost("Lambda ingest requests", count(ingests) + " invocations (" + number(ingestFill) + " a batch)",
                Prices.LAMBDA_REQUESTS.cost(ingests), false));
        double ingestGbSeconds = gbSeconds(ingests, a.ingestMsPerBatch().value() * ingestFill / s.ingestSource().batchSize(),
                s.ingestFunction());
        costs.add(new Cost("Lambda ingest duration", String.format(Locale.ROOT, "%s GB-s (%s ms x %d MB, %s)",
                count(ingestGbSeconds), number(a.ingestMsPerBatch().value() * ingestFill / s.ingestSource().batchSize()),
                s.ingestFunction().memoryMb(), s.ingestFunction().architecture()), duration(s.ingestFunction()).cost(ingestGbSeconds), false));
        costs.add(new Cost("Lambda notify requests", count(notifies) + " invocations (" + number(notifyFill) + " a batch)",
                Prices.LAMBDA_REQUESTS.cost(notifies), false));
        double notifyMs = a.notifyMsPerBatch().value() * notifyFill / s.notifySource().batchSize();
        double notifyGbSeconds = gbSeconds(notifies, notifyMs, s.notifyFunction());
        costs.add(new Cost("Lambda notify duration", String.format(Locale.ROOT, "%s GB-s (%s ms x %d MB, %s)",
                count(notifyGbSeconds), number(notifyMs), s.notifyFunction().memoryMb(), s.notifyFunction().architecture()),
                duration(s.notifyFunction()).cost(notifyGbSeconds), false));

        double tableUnits = objects * writesPerObject;
        costs.add(new Cost("DynamoDB table writes", String.format(Locale.ROOT, "%s WRU (%d an object, %d index(es))",
                count(tableUnits), writesPerObject, s.table().indexes().size()),
                Prices.DYNAMODB_WRITE_REQUEST_UNITS.cost(tableUnits), false));
        double ledgerUnits = objects * LEDGER_WRITES_PER_CHANGE * (1 + s.ledger().indexes().size());
        costs.add(new Cost("DynamoDB ledger writes", count(ledgerUnits) + " WRU (claim and mark, 1 WRU each)",
                Prices.DYNAMODB_WRITE_REQUEST_UNITS.cost(ledgerUnits), false));
        costs.add(new Cost("DynamoDB stream reads", "GetRecords by the Lambda trigger: free",
                Prices.DYNAMODB_STREAM_READS_BY_LAMBDA.cost(notifies), false));

        double puts = (claimChecked ? objects : 0) + (s.archive().rawArchive() ? objects : 0);
        double gets = claimChecked ? objects * CLAIM_CHECK_READS_PER_CHANGE : 0;
        double storedGb = puts * objectBytes / GB;
        costs.add(new Cost("S3 archive", puts == 0
                ? "nothing: bodies up to " + count(CLAIM_CHECK_ABOVE_BYTES) + " bytes stay in the item, raw archive off"
                : String.format(Locale.ROOT, "%s PUT + %s GET, %s GB added a month (one month in Standard)", count(puts),
                        count(gets), number(storedGb)),
                Prices.S3_PUT_REQUESTS.cost(puts) + Prices.S3_GET_REQUESTS.cost(gets) + Prices.S3_STANDARD_STORAGE.cost(storedGb),
                false));

        double inboxKeys = s.inbox().kms() ? SECONDS_PER_MONTH / s.inbox().dataKeyReuseSeconds()
                * (2 * INBOX_PRODUCERS + INBOX_CONSUMERS) : 0;
        double tableKeys = (s.table().kms() ? coldStarts : 0) + (s.ledger().kms() ? coldStarts : 0);
        double secretKeys = s.slackSecret().kms() ? coldStarts : 0;
        double objectKeys = s.archive().bucketKey() ? 0 : puts + gets;
        costs.add(new Cost("KMS requests", String.format(Locale.ROOT, "%s (inbox %s, table keys %s, secret %s, archive %s)",
                count(inboxKeys + tableKeys + secretKeys + objectKeys), count(inboxKeys), count(tableKeys), count(secretKeys),
                count(objectKeys)), Prices.KMS_REQUESTS.cost(inboxKeys + tableKeys + secretKeys + objectKeys), true));

        int metrics = Metrics.INGEST_METRICS.size() + Metrics.NOTIFY_METRICS.size();
        costs.add(new Cost("CloudWatch custom metrics", metrics + " EMF metrics (one dimension set)",
                Prices.CLOUDWATCH_CUSTOM_METRICS.cost(metrics), true));
        costs.add(new Cost("CloudWatch alarms", s.alarms() + " alarms", Prices.CLOUDWATCH_ALARMS.cost(s.alarms()), true));

        double platform = a.platformLogBytes().value();
        double ingestLog = ingests * (platform + Measured.INGEST_LOG_PER_INVOCATION.value())
                + objects * Measured.INGEST_LOG_PER_OBJECT.value();
        double notifyLog = notifies * (platform + Measured.NOTIFY_LOG_PER_INVOCATION.value())
                + objects * Measured.NOTIFY_LOG_PER_OBJECT.value();
        double apiLog = s.api().accessLogs() ? objects * a.apiLogBytes().value() : 0;
        double ingestedGb = (ingestLog + notifyLog + apiLog) / GB;
        costs.add(new Cost("CloudWatch Logs ingestion", String.format(Locale.ROOT, "%s GB (ingest %s, notify %s, API %s)",
                number(ingestedGb), number(ingestLog / GB), number(notifyLog / GB), number(apiLog / GB)),
                Prices.CLOUDWATCH_LOG_INGESTION.cost(ingestedGb), false));
        double storedLogGb = (ingestLog * months(s.ingestFunction().logRetentionDays()) + notifyLog * months(s.notifyFunction().logRetentionDays())
                + apiLog * months(s.api().accessLogRetentionDays())) / GB;
        costs.add(new Cost("CloudWatch Logs storage", String.format(Locale.ROOT,
                "%s GB-months kept (retention %s, %s, %s days; uncompressed, an upper bound)", number(storedLogGb),
                days(s.ingestFunction().logRetentionDays()), days(s.notifyFunction().logRetentionDays()),
                days(s.api().accessLogRetentionDays())), Prices.CLOUDWATCH_LOG_STORAGE.cost(storedLogGb), false));

        double traces = (s.api().tracing() ? tracesRecorded(objects) : 0) + (s.ingestFunction().tracing() ? tracesRecorded(ingests) : 0)
                + (s.notifyFunction().tracing() ? tracesRecorded(notifies) : 0);
        costs.add(new Cost("X-Ray traces", count(traces) + " recorded (API, ingest, notify; default sampling)",
                Prices.XRAY_TRACES_RECORDED.cost(traces), false));
        costs.add(new Cost("Secrets Manager API calls", count(coldStarts) + " reads (one per notify environment)",
                Prices.SECRETS_MANAGER_API_CALLS.cost(coldStarts), true));
        return costs;
    }

    private static List<Cost> shared(ChannelSettings s) {
        ChannelSettings.Shared shared = s.shared();
        return List.of(
                new Cost("KMS keys", shared.kmsKeys() + " customer managed key(s)", Prices.KMS_KEYS.cost(shared.kmsKeys()), true),
                new Cost("CloudWatch dashboards", shared.dashboards() + " dashboard(s), beyond the free 3",
                        Prices.CLOUDWATCH_DASHBOARDS.cost(shared.dashboards()), true),
                new Cost("CloudWatch alarms", shared.alarms() + " alarm(s) of the env", Prices.CLOUDWATCH_ALARMS.cost(shared.alarms()),
                        true),
                new Cost("Secrets Manager secrets", shared.secrets() + " secret(s)",
                        Prices.SECRETS_MANAGER_SECRETS.cost(shared.secrets()), true));
    }

    private static double gbSeconds(double invocations, double msPerInvocation, ChannelSettings.Function function) {
        return invocations * msPerInvocation / 1000 * function.memoryMb() / 1024.0;
    }

    private static Price duration(ChannelSettings.Function function) {
        return function.arm() ? Prices.LAMBDA_ARM_DURATION : Prices.LAMBDA_X86_DURATION;
    }

    /** Months a log group keeps a month's logs: its retention in 30-day months; a group that never expires, 12. */
    private static double months(int retentionDays) {
        return retentionDays == 0 ? 12 : retentionDays / 30.0;
    }

    private static String days(int retentionDays) {
        return retentionDays == 0 ? "never (priced as 360)" : Integer.toString(retentionDays);
    }

    /** A whole count with thousands separators. */
    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** A number with up to four decimals, no trailing zeros. */
    static String number(double value) {
        if (Double.isInfinite(value)) {
            return "no limit";
        }
        String text = String.format(Locale.ROOT, "%,.4f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
