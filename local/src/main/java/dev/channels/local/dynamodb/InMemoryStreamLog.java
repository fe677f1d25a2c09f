package dev.channels.local.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stream log kept in memory, one ordered deque per stream. Sequence numbers start from the clock's
 * microseconds at the first record of the run, so they keep increasing across restarts of a persisted local
 * cloud, as DynamoDB's do; they are unique and increasing within a stream.
 */
public final class InMemoryStreamLog implements StreamLog {
    private final Clock clock;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    public InMemoryStreamLog(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public InMemoryStreamLog() {
        this(Clock.systemUTC());
    }

    /** Makes a stream known (so pollers can find it before its first write). */
    public void register(String streamArn) {
        streams.computeIfAbsent(streamArn, arn -> new Stream());
    }

    /**
     * Appends a record built for the next sequence number of its stream. The caller holds the item's write
     * lock, so records of one item are appended in the order of its writes.
     */
    public StreamRecord append(String streamArn, java.util.function.LongFunction<StreamRecord> recordForSequence) {
        Stream stream = streams.computeIfAbsent(streamArn, arn -> new Stream());
        stream.lock.lock();
        try {
            long sequence = stream.lastSequence < 0 ? micros(clock.instant()) : stream.lastSequence + 1;
            StreamRecord record = recordForSequence.apply(sequence);
            stream.records.addLast(record);
            stream.lastSequence = sequence;
            trim(stream, clock.instant().minus(RETENTION));
            stream.appended.signalAll();
            return record;
        } finally {
            stream.lock.unlock();
        }
    }

    @Override
    public Set<String> streamArns() {
        return Set.copyOf(streams.keySet());
    }

    @Override
    public List<StreamRecord> read(String streamArn, long afterSequence, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        Stream stream = streams.get(streamArn);
        if (stream == null) {
            throw new IllegalArgumentException("No stream " + streamArn + "; streams: " + streams.keySet());
        }
        stream.lock.lock();
        try {
            List<StreamRecord> out = new ArrayList<>(Math.min(limit, stream.records.size()));
            for (StreamRecord record : stream.records) {
                if (record.sequenceNumber() > afterSequence) {
                    out.add(record);
                    if (out.size() == limit) {
                        break;
                    }
                }
            }
            return out;
        } finally {
            stream.lock.unlock();
        }
    }

    @Override
    public long latestSequence(String streamArn) {
        Stream stream = streams.get(streamArn);
        if (stream == null) {
            return TRIM_HORIZON;
        }
        stream.lock.lock();
        try {
            return stream.records.isEmpty() ? TRIM_HORIZON : stream.records.getLast().sequenceNumber();
        } finally {
            stream.lock.unlock();
        }
    }

    @Override
    public boolean awaitRecordsAfter(String streamArn, long afterSequence, Duration timeout) throws InterruptedException {
        Stream stream = streams.computeIfAbsent(streamArn, arn -> new Stream());
        long remaining = timeout.toNanos();
        stream.lock.lock();
        try {
            while (stream.records.isEmpty() || stream.records.getLast().sequenceNumber() <= afterSequence) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = stream.appended.awaitNanos(remaining);
            }
            return true;
        } finally {
            stream.lock.unlock();
        }
    }

    @Override
    public int trim() {
        Instant cutoff = clock.instant().minus(RETENTION);
        int dropped = 0;
        for (Stream stream : streams.values()) {
            stream.lock.lock();
            try {
                dropped += trim(stream, cutoff);
            } finally {
                stream.lock.unlock();
            }
        }
        return dropped;
    }

    private static int trim(Stream stream, Instant cutoff) {
        int dropped = 0;
        while (!stream.records.isEmpty() && stream.records.getFirst().createdAt().isBefore(cutoff)) {
            stream.records.removeFirst();
            dropped++;
        }
        return dropped;
    }

    private static long micros(Instant instant) {
        return TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + TimeUnit.NANOSECONDS.toMicros(instant.getNano());
    }

    private static final class Stream {
        final ReentrantLock lock = new ReentrantLock();
        final Condition appended = lock.newCondition();
        final Deque<StreamRecord> records = new ArrayDeque<>();
        /** -1 until the first append of this run. */
        long lastSequence = -1;
    }
}
