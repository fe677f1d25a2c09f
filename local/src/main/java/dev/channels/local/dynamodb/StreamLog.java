package dev.channels.local.dynamodb;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The captured DynamoDB streams, read in-process by the stream poller of the event source mappings. One
 * stream per stream-enabled table, one shard per stream; records are kept {@link #RETENTION} (24 h, as on
 * AWS) and then trimmed, across restarts when the local cloud has a data directory
 * ({@link InMemoryStreamLog#journaled}). Implementations are thread-safe.
 */
public interface StreamLog {
    Duration RETENTION = Duration.ofHours(24);

    /** Stream ARNs known to the log (tables with a {@code StreamSpecification}). */
    Set<String> streamArns();

    /**
     * Up to {@code limit} records of the stream with a sequence number above {@code afterSequence}, oldest
     * first. Use {@link #TRIM_HORIZON} for the oldest record kept and {@link #latestSequence(String)} for LATEST.
     * A reader whose position was trimmed away gets the oldest records kept (as a shard iterator would fail
     * over to TRIM_HORIZON); compare their sequence numbers to see the gap.
     */
    List<StreamRecord> read(String streamArn, long afterSequence, int limit);

    /** The sequence number of the newest record of the stream, or {@link #TRIM_HORIZON} when it has none. */
    long latestSequence(String streamArn);

    /**
     * Waits until the stream has a record above {@code afterSequence} or the timeout passes, so a poller need
     * not spin. True when there is one.
     */
    boolean awaitRecordsAfter(String streamArn, long afterSequence, Duration timeout) throws InterruptedException;

    /** Drops records older than {@link #RETENTION}; also done on every append. Returns how many were dropped. */
    int trim();

    /** Position before every record: read from here to start at the oldest record kept. */
    long TRIM_HORIZON = -1;
}
