package dev.channels.tools.capacity;

import java.util.Locale;

/**
 * Everything the calculator takes that the template cannot say, each value with where it came from: a flag, a
 * measurement ({@link Measured}) scaled to the template's settings, or a stated default (the constants here).
 *
 * @param objectsPerMonth the volume priced
 * @param objectBytes the size of one object's JSON body
 * @param itemBytes the size of its DynamoDB item, as DynamoDB counts it, before any claim check
 * @param ingestMsPerBatch wall time of an ingest invocation with a full batch (the event source's batch size)
 * @param notifyMsPerBatch wall time of a notify invocation with a full batch
 * @param ingestBatchFill the average number of messages per ingest invocation at this volume
 * @param notifyBatchFill the average number of changes per notify invocation at this volume
 * @param streamShards the number of open shards of the table's stream
 * @param platformLogBytes bytes Lambda itself writes per invocation (START, END, REPORT lines)
 * @param apiLogBytes bytes of one API access log line
 * @param coldStartsPerMonth new execution environments a month, per function
 */
public record Assumptions(long objectsPerMonth, Assumption objectBytes, Assumption itemBytes,
        Assumption ingestMsPerBatch, Assumption notifyMsPerBatch, Assumption ingestBatchFill,
        Assumption notifyBatchFill, Assumption streamShards, Assumption platformLogBytes, Assumption apiLogBytes,
        Assumption coldStartsPerMonth) {

    /** A value and where it came from. */
    public record Assumption(double value, String from) {
        static Assumption flag(double value, String flag) {
            return new Assumption(value, flag);
        }
    }

    public static final int DEFAULT_OBJECT_BYTES = 1024;
    /** The average number of messages per ingest invocation unless given: one, a steady trickle (see the doc). */
    public static final double DEFAULT_INGEST_BATCH_FILL = 1;
    public static final int DEFAULT_STREAM_SHARDS = 1;
    /**
     * START (about 67 bytes), END (52) and REPORT with its XRAY line (about 241), as Lambda writes them in the TEXT
     * log format; counted on the line formats, not measured on AWS.
     */
    public static final int DEFAULT_PLATFORM_LOG_BYTES = 360;
    /**
     * The stage's access log format (219 bytes without its values) with the values of a signed POST: request id
     * (36), time (26), caller ARN (about 62), source IP (13), method, path, statuses, trace id (40): about 420.
     */
    public static final int DEFAULT_API_LOG_BYTES = 420;
    /**
     * New execution environments of each function a month (each one reads the Slack secret once and asks KMS for
     * each table key it uses once): a guess, a few an hour.
     */
    public static final long DEFAULT_COLD_STARTS = 1_000;

    /** The options' values where given, else the defaults, scaled to what the template says. */
    static Assumptions resolve(CapacityOptions options, ChannelSettings settings) {
        int objectBytes = options.objectBytes().orElse(DEFAULT_OBJECT_BYTES);
        Assumption object = options.objectBytes().isPresent() ? Assumption.flag(objectBytes, "--object-bytes")
                : new Assumption(objectBytes, "default");
        Assumption item = options.itemBytes().isPresent() ? Assumption.flag(options.itemBytes().getAsInt(), "--item-bytes")
                : new Assumption(objectBytes + CapacityModel.METADATA_BYTES, "object + " + CapacityModel.METADATA_BYTES
                        + " bytes of metadata attributes (their names and largest values)");

        int ingestBatch = settings.ingestSource().batchSize();
        Assumption ingestMs = options.ingestMsPerBatch().isPresent()
                ? Assumption.flag(options.ingestMsPerBatch().getAsDouble(), "--ingest-ms-per-batch")
                : new Assumption(Measured.INGEST_WARM_BATCH.value() * ingestBatch / Measured.INGEST_WARM_BATCH_SIZE,
                        scaled(Measured.INGEST_WARM_BATCH, Measured.INGEST_WARM_BATCH_SIZE, ingestBatch, "messages"));
        int notifyBatch = settings.notifySource().batchSize();
        Assumption notifyMs = options.notifyMsPerBatch().isPresent()
                ? Assumption.flag(options.notifyMsPerBatch().getAsDouble(), "--notify-ms-per-batch")
                : new Assumption(Measured.NOTIFY_WARM_BATCH.value() * notifyBatch / Measured.NOTIFY_WARM_BATCH_SIZE,
                        scaled(Measured.NOTIFY_WARM_BATCH, Measured.NOTIFY_WARM_BATCH_SIZE, notifyBatch, "changes"));

        Assumption ingestFill = options.ingestBatchFill().isPresent()
                ? Assumption.flag(options.ingestBatchFill().getAsDouble(), "--ingest-batch-fill")
                : new Assumption(DEFAULT_INGEST_BATCH_FILL, "default: one message per invocation, a steady trickle");
        Assumption shards = options.streamShards().isPresent()
                ? Assumption.flag(options.streamShards().getAsInt(), "--stream-shards")
                : new Assumption(DEFAULT_STREAM_SHARDS, "default");
        Assumption notifyFill;
        if (options.notifyBatchFill().isPresent()) {
            notifyFill = Assumption.flag(options.notifyBatchFill().getAsDouble(), "--notify-batch-fill");
        } else {
            double perPoll = options.objectsPerMonth() / CapacityModel.SECONDS_PER_MONTH
                    / (shards.value() * Limits.STREAM_POLLS.value());
            notifyFill = new Assumption(Math.max(1, Math.min(notifyBatch, perPoll)), String.format(Locale.ROOT,
                    "the average rate over %.0f shard(s) polled %.0f times a second (%.2f changes a poll), at least 1, "
                            + "at most the batch", shards.value(), Limits.STREAM_POLLS.value(), perPoll));
        }
        return new Assumptions(options.objectsPerMonth(), object, item, ingestMs, notifyMs, ingestFill, notifyFill, shards,
                options.platformLogBytes().isPresent() ? Assumption.flag(options.platformLogBytes().getAsInt(), "--platform-log-bytes")
                        : new Assumption(DEFAULT_PLATFORM_LOG_BYTES, "default: START, END, REPORT and XRAY lines, counted"),
                options.apiLogBytes().isPresent() ? Assumption.flag(options.apiLogBytes().getAsInt(), "--api-log-bytes")
                        : new Assumption(DEFAULT_API_LOG_BYTES, "default: the stage's access log format with typical values"),
                options.coldStartsPerMonth().isPresent()
                        ? Assumption.flag(options.coldStartsPerMonth().getAsLong(), "--cold-starts-per-month")
                        : new Assumption(DEFAULT_COLD_STARTS, "default: a guess, a few an hour"));
    }

    /** "132.6 ms for 10 messages (source), scaled to 20". */
    private static String scaled(Figure measured, int measuredBatch, int batch, String what) {
        String base = String.format(Locale.ROOT, "%s: %.1f ms for %d %s", measured.source(), measured.value(),
                measuredBatch, what);
        return batch == measuredBatch ? base : base + String.format(Locale.ROOT, ", scaled linearly to %d", batch);
    }
}
