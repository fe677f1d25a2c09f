package dev.channels.local.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.dynamodb.InMemoryStreamLog;
import dev.channels.local.dynamodb.StreamRecord;
import dev.channels.local.json.Json;
import dev.channels.local.lambda.FunctionInvoker;
import dev.channels.local.lambda.InvocationResult;
import dev.channels.support.poll.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream poller's rules with an in-process invoker (no function JVMs): partial batch responses, record age,
 * LATEST, and resuming from a kept checkpoint.
 */
class StreamPollerTest {
    private static final String ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2000-01-01T00:00:00.000";
    private InMemoryStreamLog log = new InMemoryStreamLog(Clock.systemUTC());
    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private Thread thread;
    private StreamPoller poller;

    @AfterEach
    void stop() throws InterruptedException {
        if (poller != null) {
            poller.stop();
            thread.join(5000);
        }
        log.close();
    }

    /** Stops the poller as the local cloud's close does (stop, interrupt) and waits until its thread has ended. */
    private void stopPoller() throws InterruptedException {
        poller.stop();
        thread.interrupt();
        thread.join(10_000);
        assertThat(thread.isAlive()).as("the poller thread ended").isFalse();
        poller = null;
    }

    private StreamRecord append(String id, Instant createdAt) {
        return log.append(ARN, sequence -> new StreamRecord("e-" + sequence, "INSERT", sequence, createdAt,
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.object().set("id", Json.object().put("S", id)),
                Optional.empty(), Optional.of(Json.object()), 10, "NEW_AND_OLD_IMAGES", ARN, "eu-west-1"));
    }

    private static MappingConfig mapping(String startingPosition, Optional<Duration> maxAge) {
        return new MappingConfig("S", "uuid", "fn:live", "arn:aws:lambda:eu-west-1:123456789012:function:fn:live", ARN, true, 10,
                Duration.ZERO, true, EventFilter.none(), 1, startingPosition, Optional.empty(), false, 2, maxAge, Optional.of("dlq"));
    }

    /** Starts a poller whose function answers with {@code answer(ids of the batch)}. */
    private void start(MappingConfig mapping, Function<List<String>, String> answer) {
        start(mapping, answer, Optional.empty());
    }

    private void start(MappingConfig mapping, Function<List<String>, String> answer, Optional<CheckpointFile> checkpointFile) {
        FunctionInvoker invoker = (name, event) -> {
            List<String> ids = new ArrayList<>();
            Json.parse(event).path("Records").forEach(r -> ids.add(r.path("dynamodb").path("SequenceNumber").asText()));
            calls.add(ids);
            return new InvocationResult("r-" + calls.size(), Optional.of(answer.apply(ids).getBytes(StandardCharsets.UTF_8)),
                    Optional.empty(), Optional.empty(), Duration.ZERO, false);
        };
        poller = new StreamPoller(mapping, log, invoker, Optional.of(failures::add), checkpointFile, Clock.systemUTC(), System.out);
        thread = new Thread(poller, "stream-poller-test");
        thread.setDaemon(true);
        thread.start();
    }

    @Test
    void reportBatchItemFailuresRetriesFromTheLowestReportedSequenceNumber() {
        log.register(ARN);
        StreamRecord r1 = append("1", Instant.now());
        StreamRecord r2 = append("2", Instant.now());
        StreamRecord r3 = append("3", Instant.now());
        start(mapping("TRIM_HORIZON", Optional.empty()), ids -> calls.size() == 1
                ? "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + r3.sequenceNumberText() + "\"},{\"itemIdentifier\":\""
                        + r2.sequenceNumberText() + "\"}]}"
                : "{\"batchItemFailures\":[]}");
        Poll.until("the checkpoint to pass r3", Duration.ofSeconds(20), () -> poller.checkpoint() >= r3.sequenceNumber());
        assertThat(calls).containsExactly(
                List.of(r1.sequenceNumberText(), r2.sequenceNumberText(), r3.sequenceNumberText()),
                List.of(r2.sequenceNumberText(), r3.sequenceNumberText()));
        assertThat(failures).isEmpty();
    }

    @Test
    void anUnknownItemIdentifierFailsTheWholeBatchUntilRetriesAreExhausted() {
        log.register(ARN);
        StreamRecord r1 = append("1", Instant.now());
        start(mapping("TRIM_HORIZON", Optional.empty()), ids -> "{\"batchItemFailures\":[{\"itemIdentifier\":\"nope\"}]}");
        Poll.until("the batch to be discarded", Duration.ofSeconds(20), () -> !failures.isEmpty());
        assertThat(calls).hasSize(3); // the first try and MaximumRetryAttempts 2
        JsonNode record = Json.parse(failures.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(record.path("responseContext").has("functionError")).isFalse(); // the function itself succeeded
        assertThat(record.path("DDBStreamBatchInfo").path("startSequenceNumber").asText()).isEqualTo(r1.sequenceNumberText());
        Poll.until("the checkpoint to pass r1", Duration.ofSeconds(20), () -> poller.checkpoint() >= r1.sequenceNumber());
    }

    @Test
    void recordsOlderThanMaximumRecordAgeAreNotSentButDescribedAsRecordAgeExceeded() {
        log.register(ARN);
        StreamRecord old = append("old", Instant.now().minus(Duration.ofHours(2)));
        StreamRecord fresh = append("fresh", Instant.now());
        start(mapping("TRIM_HORIZON", Optional.of(Duration.ofHours(1))), ids -> "null");
        Poll.until("the checkpoint to pass the fresh record", Duration.ofSeconds(20),
                () -> poller.checkpoint() >= fresh.sequenceNumber());
        assertThat(calls).containsExactly(List.of(fresh.sequenceNumberText()));
        assertThat(failures).hasSize(1);
        JsonNode record = Json.parse(failures.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RecordAgeExceeded");
        assertThat(record.path("requestContext").path("approximateInvokeCount").asInt()).isZero();
        assertThat(record.path("DDBStreamBatchInfo").path("startSequenceNumber").asText()).isEqualTo(old.sequenceNumberText());
        assertThat(record.path("DDBStreamBatchInfo").path("batchSize").asInt()).isEqualTo(1);
    }

    @Test
    void latestStartsAfterTheNewestRecordAtStart() {
        log.register(ARN);
        StreamRecord before = append("before", Instant.now());
        start(mapping("LATEST", Optional.empty()), ids -> "");
        StreamRecord after = append("after", Instant.now());
        Poll.until("the checkpoint to pass the new record", Duration.ofSeconds(20),
                () -> poller.checkpoint() >= after.sequenceNumber());
        assertThat(calls).containsExactly(List.of(after.sequenceNumberText()));
        assertThat(before.sequenceNumber()).isLessThan(after.sequenceNumber());
    }

    @Test
    void aRestartedPollerResumesAfterItsCheckpointWithoutRedeliveringOrSkipping(@TempDir Path data) throws InterruptedException {
        log = journaledLog(data);
        log.register(ARN);
        StreamRecord r1 = append("1", Instant.now());
        StreamRecord r2 = append("2", Instant.now());
        MappingConfig mapping = mapping("TRIM_HORIZON", Optional.empty());
        start(mapping, ids -> "", Optional.of(checkpointFile(data, mapping)));
        Poll.until("the checkpoint to pass r2", Duration.ofSeconds(20), () -> poller.checkpoint() >= r2.sequenceNumber());
        stopPoller();
        StreamRecord r3 = append("3", Instant.now()); // captured after the poller stopped, before the local cloud did
        log.close();
        calls.clear();

        log = journaledLog(data); // the whole local cloud started again over the same data directory
        start(mapping, ids -> "", Optional.of(checkpointFile(data, mapping)));
        Poll.until("the checkpoint to pass r3", Duration.ofSeconds(20), () -> poller.checkpoint() >= r3.sequenceNumber());

        assertThat(calls).containsExactly(List.of(r3.sequenceNumberText()));
        assertThat(r1.sequenceNumber()).isLessThan(r2.sequenceNumber());
    }

    @Test
    void withoutAStoredCheckpointStartingPositionAppliesAndIsKeptForTheNextStart(@TempDir Path data) throws InterruptedException {
        log.register(ARN);
        StreamRecord before = append("before", Instant.now());
        MappingConfig mapping = mapping("LATEST", Optional.empty());
        CheckpointFile file = checkpointFile(data, mapping);
        assertThat(file.read()).isEmpty();

        start(mapping, ids -> "", Optional.of(file));
        assertThat(file.read()).as("LATEST resolved once, as when Lambda creates the mapping").hasValue(before.sequenceNumber());
        stopPoller();
        StreamRecord whileStopped = append("while stopped", Instant.now());

        start(mapping, ids -> "", Optional.of(checkpointFile(data, mapping)));
        Poll.until("the checkpoint to pass the record written while stopped", Duration.ofSeconds(20),
                () -> poller.checkpoint() >= whileStopped.sequenceNumber());
        assertThat(calls).as("LATEST is not applied again: nothing is skipped")
                .containsExactly(List.of(whileStopped.sequenceNumberText()));
        stopPoller(); // the file is written right after the checkpoint moves: once the thread ended, it has been
        assertThat(file.read()).hasValue(whileStopped.sequenceNumber());
    }

    @Test
    void aStoredCheckpointOlderThanTheOldestKeptRecordResumesAtTheOldestKept(@TempDir Path data) throws IOException {
        log.register(ARN);
        StreamRecord oldestKept = append("1", Instant.now());
        StreamRecord next = append("2", Instant.now());
        MappingConfig mapping = mapping("LATEST", Optional.empty());
        checkpointFile(data, mapping).write(oldestKept.sequenceNumber() - 1000); // its records were trimmed meanwhile

        start(mapping, ids -> "", Optional.of(checkpointFile(data, mapping)));
        Poll.until("the checkpoint to pass the newest record", Duration.ofSeconds(20),
                () -> poller.checkpoint() >= next.sequenceNumber());
        assertThat(calls).containsExactly(List.of(oldestKept.sequenceNumberText(), next.sequenceNumberText()));
    }

    @Test
    void aStoredCheckpointPastTheNewestRecordDoesNotHideTheRecordsToCome(@TempDir Path data) throws IOException {
        log.register(ARN);
        MappingConfig mapping = mapping("TRIM_HORIZON", Optional.empty());
        checkpointFile(data, mapping).write(Long.MAX_VALUE - 1); // the stream's journal was deleted, the checkpoint was not

        start(mapping, ids -> "", Optional.of(checkpointFile(data, mapping)));
        StreamRecord fresh = append("fresh", Instant.now());
        Poll.until("the checkpoint to pass the fresh record", Duration.ofSeconds(20),
                () -> poller.checkpoint() == fresh.sequenceNumber());
        assertThat(calls).containsExactly(List.of(fresh.sequenceNumberText()));
    }

    @Test
    void aCheckpointOfAnotherSourceOrStartingPositionIsNotUsed(@TempDir Path data) throws IOException {
        MappingConfig mapping = mapping("TRIM_HORIZON", Optional.empty());
        checkpointFile(data, mapping).write(42);

        assertThat(checkpointFile(data, mapping).read()).hasValue(42);
        assertThat(checkpointFile(data, mapping("LATEST", Optional.empty())).read()).isEmpty();
        MappingConfig otherTable = new MappingConfig("S", "uuid", "fn:live", mapping.functionArn(), ARN.replace("table/t/", "table/u/"),
                true, 10, Duration.ZERO, true, EventFilter.none(), 1, "TRIM_HORIZON", Optional.empty(), false, 2, Optional.empty(),
                Optional.empty());
        assertThat(checkpointFile(data, otherTable).read()).isEmpty();
    }

    @Test
    void anUnreadableCheckpointStopsTheStartRatherThanGuess(@TempDir Path data) throws IOException {
        MappingConfig mapping = mapping("TRIM_HORIZON", Optional.empty());
        Path file = checkpointFile(data, mapping).path();
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");

        assertThatThrownBy(() -> checkpointFile(data, mapping).read()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString());
    }

    private static InMemoryStreamLog journaledLog(Path data) {
        return InMemoryStreamLog.journaled(data.resolve("streams"), Clock.systemUTC(), warning -> {
            throw new AssertionError(warning);
        });
    }

    private static CheckpointFile checkpointFile(Path data, MappingConfig mapping) {
        return new CheckpointFile(data.resolve(EventSourceMappingService.CHECKPOINT_DIRECTORY), mapping);
    }
}

