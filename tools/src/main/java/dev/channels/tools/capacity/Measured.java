package dev.channels.tools.capacity;

import java.util.List;

/**
 * What was measured in this repository and feeds the calculator's defaults, each with the row it comes from.
 * The durations are wall times of warm invocations on a 2-vCPU x86 machine against a local DynamoDB and a local
 * Slack stub, not on Lambda (docs/design/cold-start.md, "Limits of this measurement"): pass durations measured
 * on AWS with {@code --ingest-ms-per-batch} and {@code --notify-ms-per-batch}.
 */
public final class Measured {
    private static final String COLD_START = "docs/design/cold-start.md, latest run (commit 04646a7, JDK 17)";
    private static final String LOG_BYTES = "docs/design/capacity-and-cost.md, Log bytes (local cloud, commit 635222b, "
            + "20 one-object invocations of each dev JobOrder function)";

    public static final Figure INGEST_WARM_BATCH = new Figure("ingest warm invocation, wall p50", 132.6,
            "ms for a batch of 10 new objects", COLD_START + ", ingest warm invocation wall ms p50");
    /** The number of messages in the measured ingest batch. */
    public static final int INGEST_WARM_BATCH_SIZE = 10;

    public static final Figure NOTIFY_WARM_BATCH = new Figure("notify warm invocation, wall p50", 57.8,
            "ms for a batch of 2 changes (one INSERT, one MODIFY; one post to the Slack stub)",
            COLD_START + ", notify warm invocation wall ms p50");
    /** The number of stream records in the measured notify batch. */
    public static final int NOTIFY_WARM_BATCH_SIZE = 2;

    public static final Figure INGEST_LOG_PER_OBJECT = new Figure("ingest log bytes per object", 239,
            "bytes (one JSON line per message)", LOG_BYTES);
    public static final Figure INGEST_LOG_PER_INVOCATION = new Figure("ingest log bytes per invocation", 672,
            "bytes (the batch line, 208, and the EMF line, 464)", LOG_BYTES);
    public static final Figure NOTIFY_LOG_PER_OBJECT = new Figure("notify log bytes per change", 254,
            "bytes (one JSON line per stream record)", LOG_BYTES);
    public static final Figure NOTIFY_LOG_PER_INVOCATION = new Figure("notify log bytes per invocation", 774,
            "bytes (the batch line, 224, and the EMF line, 550)", LOG_BYTES);

    public static final List<Figure> ALL = List.of(INGEST_WARM_BATCH, NOTIFY_WARM_BATCH, INGEST_LOG_PER_OBJECT,
            INGEST_LOG_PER_INVOCATION, NOTIFY_LOG_PER_OBJECT, NOTIFY_LOG_PER_INVOCATION);

    private Measured() {
    }
}
