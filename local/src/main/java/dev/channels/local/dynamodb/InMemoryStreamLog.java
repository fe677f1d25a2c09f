package dev.channels.local.dynamodb;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The stream log, read from memory (one ordered deque per stream) and, when {@link #journaled journaled},
 * also written to disk as it grows so a local cloud started again over the same data directory has its
 * streams back (see {@link StreamJournal}). Sequence numbers start from the clock's microseconds at the first
 * record of the run, and above every record loaded, so they keep increasing across restarts, as DynamoDB's
 * do; they are unique and increasing within a stream.
 */
public final class InMemoryStreamLog implements StreamLog, AutoCloseable {
    private final Clock clock;
    private final Optional<StreamJournal> journal;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    /** A log in memory only: it is gone when the local cloud stops. */
    public InMemoryStreamLog(Clock clock) {
        this(clock, Optional.empty());
    }

    private InMemoryStreamLog(Clock clock, Optional<StreamJournal> journal) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.journal = journal;
    }

    public InMemoryStreamLog() {
        this(Clock.systemUTC());
    }

    /**
     * A log kept in {@code directory} too: starts with the records an earlier run left there that are not
     * older than {@link #RETENTION}, and appends every new record to it.
     *
     * @param warnings told of what is skipped on load (a torn last line) and of records not written to disk
     */
    public static InMemoryStreamLog journaled(Path directory, Clock clock, Consumer<String> warnings) {
        StreamJournal journal = new StreamJournal(directory, warnings);
        InMemoryStreamLog log = new InMemoryStreamLog(clock, Optional.of(journal));
        journal.load(clock.instant().minus(RETENTION)).forEach((arn, records) -> {
            Stream stream = log.streams.computeIfAbsent(arn, any -> new Stream());
            records.stream().sorted(Comparator.comparingLong(StreamRecord::sequenceNumber)).forEach(stream.records::addLast);
            stream.lastSequence = stream.records.getLast().sequenceNumber();
        });
        return log;
    }

    /** Makes a stream known (so pollers can find it before its first write). */
    public void register(String streamArn) {
        streams.computeIfAbsent(streamArn, arn -> new Stream());
    }

    /**
     * Appends a record built for the next sequence number of its stream. The caller holds the item's write
     * lock, so records of one item are appended in the order of its writes.
     */
    public StreamRecord append(String streamArn, LongFunction<StreamRecord> recordForSequence) {
        Stream stream = streams.computeIfAbsent(streamArn, arn -> new Stream());
        stream.lock.lock();
        try {
            long sequence = stream.appendedThisRun
                    ? stream.lastSequence + 1
                    : Math.max(micros(clock.instant()), stream.lastSequence + 1); // above what was loaded, even if the clock is behind
            StreamRecord record = recordForSequence.apply(sequence);
            stream.records.addLast(record);
            stream.lastSequence = sequence;
            stream.appendedThisRun = true;
            journal.ifPresent(file -> file.append(record)); // under the stream's lock: the file is in sequence order
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

    /** Closes the journal, if any; the records stay readable in memory. */
    @Override
    public void close() {
        journal.ifPresent(StreamJournal::close);
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
        /** The newest sequence number appended or loaded; -1 when there is none. */
        long lastSequence = -1;
        /** After the first append of this run, sequence numbers go up by one; before it, they start from the clock. */
        boolean appendedThisRun;
    }
}
