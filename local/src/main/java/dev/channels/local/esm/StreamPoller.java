package dev.channels.local.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.dynamodb.StreamLog;
import dev.channels.local.dynamodb.StreamRecord;
import dev.channels.local.json.Json;
import dev.channels.local.lambda.FunctionInvoker;
import dev.channels.local.lambda.FunctionRef;
import dev.channels.local.lambda.InvocationResult;
import dev.channels.local.service.MetricsSink;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Lambda's poller for one DynamoDB stream mapping (one shard, {@code ParallelizationFactor} 1: records in order).
 * It reads up to {@code BatchSize} records after its checkpoint, drops those {@code FilterCriteria} rejects (they
 * are checkpointed, never delivered), invokes the function, and on success moves the checkpoint past the batch.
 * On a function error it retries: with {@code BisectBatchOnFunctionError} it first splits the batch in two
 * (splits do not count as retries), until {@code MaximumRetryAttempts} or {@code MaximumRecordAgeInSeconds} is
 * reached; then the batch's description goes to the {@code OnFailure} destination and processing continues.
 * A {@code ReportBatchItemFailures} response makes it retry from the lowest reported sequence number.
 *
 * <p>With a {@link CheckpointFile} the checkpoint survives a restart: the position {@code StartingPosition}
 * gives is stored at the first start (as Lambda fixes it when the mapping is created) and the checkpoint after
 * every batch, and a later start resumes from the stored one.
 */
final class StreamPoller implements Runnable {
    static final String SHARD_ID = "shardId-00000001000000000000-00000001";

    private final MappingConfig mapping;
    private final StreamLog log;
    private final FunctionInvoker invoker;
    private final Consumer<String> onFailure;
    private final Optional<CheckpointFile> checkpointFile;
    private final Clock clock;
    private final PrintStream console;
    private final Supplier<Optional<String>> readDenied;
    private Optional<String> lastDenial = Optional.empty();
    private final AtomicLong checkpoint;
    private final AtomicLong invocations = new AtomicLong();
    private volatile boolean stopped;
    private final MetricsSink metrics;
    /** How often a mapping whose role may not read its stream tries again. */
    private static final long DENIED_RETRY_MILLIS = 5000;

    /**
     * @param onFailure      sends an on-failure record (JSON text) to the destination; absent: discarded records are dropped
     * @param checkpointFile where the checkpoint is kept between runs; absent: it starts from {@code StartingPosition} each time
     */
    StreamPoller(MappingConfig mapping, StreamLog log, FunctionInvoker invoker, Optional<Consumer<String>> onFailure,
            Optional<CheckpointFile> checkpointFile, Clock clock, PrintStream console) {
        this(mapping, log, invoker, onFailure, checkpointFile, clock, console, MetricsSink.NONE, Optional::empty);
    }

    /**
     * @param metrics    where {@code IteratorAge} goes (Lambda publishes it for stream mappings)
     * @param readDenied why the function's role may not read the stream now (IAM's answer, e.g. no
     *                   {@code kms:Decrypt} on the table's key); empty when it may. While denied, nothing is read:
     *                   the records stay in the stream, as on AWS, until the role may read them or they expire
     */
    StreamPoller(MappingConfig mapping, StreamLog log, FunctionInvoker invoker, Optional<Consumer<String>> onFailure,
            Optional<CheckpointFile> checkpointFile, Clock clock, PrintStream console, MetricsSink metrics,
            Supplier<Optional<String>> readDenied) {
        this.metrics = metrics;
        this.readDenied = readDenied;
        this.mapping = mapping;
        this.log = log;
        this.invoker = invoker;
        this.onFailure = onFailure.orElse(text -> { });
        this.checkpointFile = checkpointFile;
        this.clock = clock;
        this.console = console;
        OptionalLong stored = checkpointFile.map(CheckpointFile::read).orElse(OptionalLong.empty());
        this.checkpoint = new AtomicLong(stored.isPresent() ? resumePosition(stored.getAsLong()) : startingPosition());
        if (stored.isEmpty()) {
            persistCheckpoint();
        }
    }

    /**
     * Where to resume after a stored checkpoint. One older than the oldest kept record needs nothing: reading
     * after it gives the oldest kept record, as Lambda resumes at the trim horizon. One past the newest record
     * kept (the stream's journal was deleted) must not hide the records to come, so it falls back to the newest.
     */
    private long resumePosition(long stored) {
        return Math.min(stored, log.latestSequence(mapping.eventSourceArn()));
    }

    private long startingPosition() {
        String arn = mapping.eventSourceArn();
        return switch (mapping.startingPosition()) {
            case "LATEST" -> log.latestSequence(arn);
            case "AT_TIMESTAMP" -> {
                Instant at = Instant.ofEpochMilli((long) (mapping.startingTimestamp().orElse(0.0) * 1000));
                long position = StreamLog.TRIM_HORIZON;
                for (StreamRecord record : log.read(arn, StreamLog.TRIM_HORIZON, Integer.MAX_VALUE)) {
                    if (record.createdAt().isBefore(at)) {
                        position = record.sequenceNumber();
                    }
                }
                yield position;
            }
            default -> StreamLog.TRIM_HORIZON;
        };
    }

    void stop() {
        stopped = true;
    }

    /** The sequence number up to which records are done (delivered, filtered out or discarded). */
    long checkpoint() {
        return checkpoint.get();
    }

    long invocations() {
        return invocations.get();
    }

    @Override
    public void run() {
        String arn = mapping.eventSourceArn();
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            try {
                if (!log.awaitRecordsAfter(arn, checkpoint.get(), Duration.ofMillis(500))) {
                    continue;
                }
                Optional<String> denied = readDenied.get();
                if (denied.isPresent()) {
                    if (!denied.equals(lastDenial)) { // a state, as Lambda's LastProcessingResult: said once per change
                        console.println("esm " + mapping.logicalId() + ": PROBLEM: cannot read the stream, records kept: " + denied.get());
                    }
                    lastDenial = denied;
                    sleep(DENIED_RETRY_MILLIS);
                    continue;
                }
                lastDenial = Optional.empty();
                if (!mapping.batchingWindow().isZero()) {
                    waitForBatch(arn);
                }
                List<StreamRecord> chunk = log.read(arn, checkpoint.get(), mapping.batchSize());
                if (chunk.isEmpty()) {
                    continue;
                }
                List<StreamRecord> batch = chunk.stream().filter(record -> mapping.filter().matches(record.toLambdaRecord())).toList();
                if (!batch.isEmpty()) {
                    deliver(batch, 0);
                }
                if (!stopped) {
                    checkpoint.set(chunk.get(chunk.size() - 1).sequenceNumber());
                    persistCheckpoint();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                console.println("esm " + mapping.logicalId() + ": " + e);
                sleep(1000);
            }
        }
    }

    /** A failed write is reported and retried with the next batch; the worst case is a batch delivered again after a restart. */
    private void persistCheckpoint() {
        checkpointFile.ifPresent(file -> {
            try {
                file.write(checkpoint.get());
            } catch (IOException | RuntimeException e) {
                console.println("esm " + mapping.logicalId() + ": cannot keep the checkpoint in " + file.path() + ": " + e);
            }
        });
    }

    private void waitForBatch(String arn) throws InterruptedException {
        long end = System.nanoTime() + mapping.batchingWindow().toNanos();
        while (!stopped && System.nanoTime() < end && log.read(arn, checkpoint.get(), mapping.batchSize()).size() < mapping.batchSize()) {
            Thread.sleep(50);
        }
    }

    /**
     * Delivers {@code batch} (in order) until it succeeds or is discarded. {@code retries} is how many failed
     * attempts this batch (or the batch it was split from) already had.
     */
    private void deliver(List<StreamRecord> batch, int retries) throws InterruptedException {
        int attempts = retries;
        List<StreamRecord> pending = batch;
        int invokeCount = 0;
        while (!stopped) {
            pending = dropExpired(pending, attempts, invokeCount);
            if (pending.isEmpty()) {
                return;
            }
            invocations.incrementAndGet();
            invokeCount++;
            // the age of the batch's last record when it is handed to the function, as Lambda measures IteratorAge
            metrics.put("AWS/Lambda", "IteratorAge", Map.of("FunctionName", FunctionRef.parse(mapping.functionName()).name()),
                    Math.max(0, clock.millis() - pending.get(pending.size() - 1).createdAt().toEpochMilli()), "Milliseconds");
            InvocationResult result;
            try {
                result = invoker.invoke(mapping.functionName(), event(pending));
            } catch (RuntimeException e) {
                // cannot invoke at all (like a throttle): retried until the records expire, not counted
                console.println("esm " + mapping.logicalId() + ": cannot invoke " + mapping.functionName() + ": " + e.getMessage());
                Thread.sleep(1000);
                continue;
            }
            Optional<Integer> failedFrom = result.isError() ? Optional.of(0) : firstReportedFailure(pending, result);
            if (failedFrom.isEmpty()) {
                return;
            }
            if (result.isError() && mapping.bisectOnError() && pending.size() > 1) {
                int half = pending.size() / 2;
                deliver(pending.subList(0, half), attempts);
                deliver(pending.subList(half, pending.size()), attempts);
                return;
            }
            pending = pending.subList(failedFrom.get(), pending.size());
            attempts++;
            if (mapping.maximumRetryAttempts() >= 0 && attempts > mapping.maximumRetryAttempts()) {
                discard(pending, "RetryAttemptsExhausted", invokeCount, result);
                return;
            }
            Thread.sleep(Math.min(2000, 100L << Math.min(attempts, 5))); // back off between retries
        }
    }

    /** Records past {@code MaximumRecordAgeInSeconds} are not sent again: they go to the on-failure destination. */
    private List<StreamRecord> dropExpired(List<StreamRecord> batch, int attempts, int invokeCount) {
        if (mapping.maximumRecordAge().isEmpty()) {
            return batch;
        }
        Instant oldest = clock.instant().minus(mapping.maximumRecordAge().get());
        int firstFresh = 0;
        while (firstFresh < batch.size() && batch.get(firstFresh).createdAt().isBefore(oldest)) {
            firstFresh++;
        }
        if (firstFresh > 0) {
            discard(batch.subList(0, firstFresh), "RecordAgeExceeded", invokeCount, null);
        }
        return batch.subList(firstFresh, batch.size());
    }

    /**
     * The index of the first record to retry per the partial batch response, or empty for success. Lambda
     * treats a response it cannot read, or an item identifier that is null, empty or not in the batch, as a
     * failure of the whole batch.
     */
    private Optional<Integer> firstReportedFailure(List<StreamRecord> batch, InvocationResult result) {
        if (!mapping.reportBatchItemFailures() || result.payload().isEmpty() || result.payload().get().length == 0) {
            return Optional.empty();
        }
        JsonNode response;
        try {
            response = Json.MAPPER.readTree(result.payload().get());
        } catch (IOException notJson) {
            return Optional.of(0);
        }
        if (response == null || response.isNull()) {
            return Optional.empty();
        }
        JsonNode failures = response.path("batchItemFailures");
        if (failures.isMissingNode() || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return Optional.empty();
        }
        if (!failures.isArray()) {
            return Optional.of(0);
        }
        int lowest = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText("");
            int index = -1;
            for (int i = 0; i < batch.size() && index < 0; i++) {
                if (batch.get(i).sequenceNumberText().equals(id) || Long.toString(batch.get(i).sequenceNumber()).equals(id)) {
                    index = i;
                }
            }
            if (index < 0) {
                return Optional.of(0);
            }
            lowest = Math.min(lowest, index);
        }
        return Optional.of(lowest);
    }

    private byte[] event(List<StreamRecord> batch) {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        batch.forEach(record -> records.add(record.toLambdaRecord()));
        return Json.bytes(event);
    }

    /** Sends the description of discarded records to the on-failure destination, in the shape Lambda uses. */
    private void discard(List<StreamRecord> records, String condition, int invokeCount, InvocationResult last) {
        StreamRecord first = records.get(0);
        StreamRecord lastRecord = records.get(records.size() - 1);
        console.printf("esm %s: %d record(s) %s..%s discarded (%s)%s%n", mapping.logicalId(), records.size(),
                first.sequenceNumberText(), lastRecord.sequenceNumberText(), condition,
                mapping.onFailureArn().map(arn -> ", described in " + arn).orElse(""));
        onFailure.accept(Json.MAPPER.valueToTree(onFailureRecord(records, condition, invokeCount, last)).toString());
    }

    ObjectNode onFailureRecord(List<StreamRecord> records, String condition, int invokeCount, InvocationResult last) {
        StreamRecord first = records.get(0);
        StreamRecord lastRecord = records.get(records.size() - 1);
        ObjectNode message = Json.object();
        ObjectNode requestContext = message.putObject("requestContext");
        requestContext.put("requestId", last != null ? last.requestId() : UUID.randomUUID().toString());
        requestContext.put("functionArn", mapping.functionArn());
        requestContext.put("condition", condition);
        requestContext.put("approximateInvokeCount", invokeCount);
        ObjectNode responseContext = message.putObject("responseContext");
        responseContext.put("statusCode", 200);
        String qualifier = mapping.functionArn().split(":").length > 7 ? mapping.functionArn().split(":")[7] : "$LATEST";
        responseContext.put("executedVersion", qualifier.equals("$LATEST") ? "$LATEST" : "1"); // every alias points at version 1 locally
        if (last != null && last.isError()) {
            responseContext.put("functionError", "Unhandled");
        }
        message.put("version", "1.0");
        message.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        ObjectNode info = message.putObject("DDBStreamBatchInfo");
        info.put("shardId", SHARD_ID);
        info.put("startSequenceNumber", first.sequenceNumberText());
        info.put("endSequenceNumber", lastRecord.sequenceNumberText());
        info.put("approximateArrivalOfFirstRecord", DateTimeFormatter.ISO_INSTANT.format(first.createdAt().truncatedTo(ChronoUnit.SECONDS)));
        info.put("approximateArrivalOfLastRecord", DateTimeFormatter.ISO_INSTANT.format(lastRecord.createdAt().truncatedTo(ChronoUnit.SECONDS)));
        info.put("batchSize", records.size());
        info.put("streamArn", mapping.eventSourceArn());
        return message;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
