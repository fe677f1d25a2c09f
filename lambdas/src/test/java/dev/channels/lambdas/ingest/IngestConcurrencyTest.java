package dev.channels.lambdas.ingest;

import static dev.channels.lambdas.testing.SqsMessages.event;
import static dev.channels.lambdas.testing.SqsMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.channels.contract.MetadataAttributes;
import dev.channels.lambdas.testing.InMemoryDeadLetters;
import dev.channels.lambdas.testing.InMemoryPayloadStore;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.support.lambda.FakeLambdaContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * A batch's writes run concurrently for different ids and one after the other, in the batch's order, for one id.
 * Proved without timing: the fake table holds the first writes until as many are in flight as the batch has ids
 * (sequential writes would never get there, and time out), and it records every write of one id that started
 * while another of that id was still in flight.
 */
class IngestConcurrencyTest {
    /** Generous: a correct handler passes in milliseconds; only a broken one waits this long. */
    private static final long TIMEOUT_SECONDS = 20;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final long T0 = 1764063000000L;

    private final InMemoryPayloadStore payloads = new InMemoryPayloadStore();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private final FakeLambdaContext context = new FakeLambdaContext();

    @Test
    void differentIdsAreWrittenAtTheSameTimeAndOneIdInTheBatchsOrder() throws Exception {
        // Three ids: the first three writes wait until all three are in flight, so they must be one per id.
        FakeTable table = new FakeTable(3);
        SQSBatchResponse response = primed(handler(table, 5)).handleRequest(event(
                body("m-a1", "A", 1), body("m-a2", "A", 2), body("m-b1", "B", 1), body("m-a3", "A", 3),
                body("m-c1", "C", 1)), context);

        assertThat(failedIds(response)).isEmpty();
        assertThat(table.allHeldWritesMet()).isTrue();
        assertThat(table.puts().subList(0, 3)).extracting(FakeTable.Put::id).containsExactlyInAnyOrder("A", "B", "C");
        assertThat(table.putsOf("A")).extracting(FakeTable.Put::messageId).containsExactly("m-a1", "m-a2", "m-a3");
        assertThat(table.overlapsOfOneId()).isEmpty();
        assertThat(table.maxInFlight()).isEqualTo(3);
        assertThat(LogLines.lastMetrics(context.logLines())).containsEntry("received", 5L).containsEntry("written", 5L);
    }

    @Test
    void noMoreWritesInFlightThanWriters() throws Exception {
        FakeTable table = new FakeTable(2);
        List<SQSMessage> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(body("m-" + i, "JO-" + i, 1));
        }

        SQSBatchResponse response = primed(handler(table, 2)).handleRequest(event(batch), context);

        assertThat(failedIds(response)).isEmpty();
        assertThat(table.puts()).hasSize(10);
        assertThat(table.maxInFlight()).isEqualTo(2);
    }

    /**
     * Without priming, the write path is first run on the invocation's thread (five threads loading it at once
     * cost more than they save); from the second batch on, the writers write.
     */
    @Test
    void theFirstBatchOfAnUnprimedJvmIsWrittenOnTheInvocationsThreadTheNextConcurrently() {
        FakeTable table = new FakeTable(0);
        IngestHandler handler = handler(table, 5);

        handler.handleRequest(event(body("m-a1", "A", 1), body("m-b1", "B", 1), body("m-c1", "C", 1)), context);
        handler.handleRequest(event(body("m-a2", "A", 2), body("m-b2", "B", 2), body("m-c2", "C", 2)), context);

        assertThat(table.puts().subList(0, 3)).extracting(FakeTable.Put::messageId).containsExactly("m-a1", "m-b1", "m-c1");
        assertThat(table.puts().subList(0, 3)).extracting(FakeTable.Put::thread).containsOnly(Thread.currentThread().getName());
        assertThat(table.puts().subList(3, 6)).extracting(FakeTable.Put::thread).allMatch(name -> name.startsWith("ingest-writer-"));
    }

    @Test
    void oneWriterWritesTheBatchOneMessageAfterTheOtherInItsOrder() throws Exception {
        FakeTable table = new FakeTable(0);

        SQSBatchResponse response = primed(handler(table, 1)).handleRequest(event(
                body("m-a1", "A", 1), body("m-b1", "B", 1), body("m-a2", "A", 2), body("m-c1", "C", 1)), context);

        assertThat(failedIds(response)).isEmpty();
        assertThat(table.maxInFlight()).isEqualTo(1);
        // One id's messages together, the ids in the order they first appear.
        assertThat(table.puts()).extracting(FakeTable.Put::messageId).containsExactly("m-a1", "m-a2", "m-b1", "m-c1");
        assertThat(table.puts()).allSatisfy(put -> assertThat(put.thread()).isEqualTo(Thread.currentThread().getName()));
    }

    /**
     * A failed write fails its message, and the later messages of its id in the batch, unwritten: they must not
     * overtake it. Earlier messages of that id, other ids and a message parked in between are not affected.
     */
    @Test
    void aFailedMessageHoldsBackTheLaterMessagesOfItsIdAndNothingElse() throws Exception {
        FakeTable table = new FakeTable(0);
        table.failWrite("m-b2");

        SQSBatchResponse response = primed(handler(table, 5)).handleRequest(event(
                body("m-b1", "B", 1),
                body("m-a1", "A", 1),
                body("m-b2", "B", 2),
                body("m-c1", "C", 1),
                body("m-b3", "B", 3),
                message("m-c2-unstorable", "{\"id\":\"C\",\"version\":2,\"n\":1e200}", T0),
                body("m-c3", "C", 3),
                body("m-b4", "B", 4)), context);

        assertThat(failedIds(response)).containsExactlyInAnyOrder("m-b2", "m-b3", "m-b4");
        assertThat(table.putsOf("B")).extracting(FakeTable.Put::messageId).containsExactly("m-b1", "m-b2");
        assertThat(table.putsOf("C")).extracting(FakeTable.Put::messageId).containsExactly("m-c1", "m-c3");
        assertThat(deadLetters.parked()).extracting(InMemoryDeadLetters.Parked::messageId).containsExactly("m-c2-unstorable");
        assertThat(LogLines.lastMetrics(context.logLines())).containsEntry("received", 8L).containsEntry("written", 4L)
                .containsEntry("parked", 1L).containsEntry("failed", 3L);
        assertThat(LogLines.withOutcome(context.logLines(), "failed"))
                .extracting(line -> line.get("messageId").asText() + ": " + line.get("reason").asText())
                .containsExactlyInAnyOrder(
                        "m-b2: Service unavailable (Service: DynamoDb, Status Code: 503, Request ID: null)",
                        "m-b3: not written: message m-b2 of the same id failed before it in this batch; both are retried",
                        "m-b4: not written: message m-b2 of the same id failed before it in this batch; both are retried");
    }

    /** Outcomes are counted on the invocation's thread once every write is done: exact, however the writes interleave. */
    @Test
    void everyOutcomeIsCountedOnceAndEveryLogLineIsWholeUnderConcurrency() throws Exception {
        FakeTable table = new FakeTable(5);
        List<SQSMessage> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "JO-" + i;
            if (i % 4 == 1) {
                table.refuseAsDuplicate(id);
            } else if (i % 4 == 2) {
                table.refuseAsStale(id);
            }
            batch.add(body("m-" + i, id, 1));
        }
        batch.add(message("m-not-json", "{not json", T0));
        table.failWrite("m-3");

        SQSBatchResponse response = primed(handler(table, 5)).handleRequest(event(batch), context);

        assertThat(failedIds(response)).containsExactly("m-3");
        assertThat(LogLines.lastMetrics(context.logLines())).isEqualTo(Map.of("received", 41L, "written", 19L,
                "duplicate", 10L, "stale", 10L, "parked", 1L, "failed", 1L));
        // Every line is one JSON object (LogLines.parse fails on anything else): one per message, the batch, the EMF.
        assertThat(LogLines.parse(context.logLines())).hasSize(41 + 2);
        assertThat(table.overlapsOfOneId()).isEmpty();
    }

    private IngestHandler handler(DynamoDbClient table, int writers) {
        IngestConfig config = new IngestConfig("JobOrder", "test", "dev-job-order", "id", Optional.of("version"), List.of(),
                "test-archive", false, "test-inbox-dlq", writers);
        return new IngestHandler(new IngestDependencies(config, table, payloads, deadLetters, CLOCK));
    }

    /** As SnapStart leaves it: the priming steps ran (they throw if one fails), the writers are warm. */
    private static IngestHandler primed(IngestHandler handler) throws Exception {
        handler.priming().steps();
        return handler;
    }

    private static SQSMessage body(String messageId, String id, int version) {
        return message(messageId, "{\"id\":\"" + id + "\",\"version\":" + version + ",\"status\":\"open\"}", T0);
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    /**
     * A table that takes every put (or refuses or fails it, as told), holds the first {@code held} puts until all of
     * them are in flight, and records the order, the thread and the concurrency of the puts.
     */
    private static final class FakeTable implements DynamoDbClient {
        record Put(String id, String messageId, String thread) {
        }

        private final int heldPuts;
        private final CountDownLatch held;
        private final AtomicBoolean heldPutGaveUp = new AtomicBoolean();
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();
        private final Map<String, AtomicInteger> inFlightById = new ConcurrentHashMap<>();
        private final List<String> overlaps = new CopyOnWriteArrayList<>();
        private final List<Put> puts = new CopyOnWriteArrayList<>();
        private final Set<String> failing = ConcurrentHashMap.newKeySet();
        private final Set<String> duplicates = ConcurrentHashMap.newKeySet();
        private final Set<String> stale = ConcurrentHashMap.newKeySet();

        FakeTable(int heldPuts) {
            this.heldPuts = heldPuts;
            this.held = new CountDownLatch(heldPuts);
        }

        void failWrite(String messageId) {
            failing.add(messageId);
        }

        void refuseAsDuplicate(String id) {
            duplicates.add(id);
        }

        void refuseAsStale(String id) {
            stale.add(id);
        }

        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            String id = request.item().get("id").s();
            if (id.equals(ConditionalWriter.PRIMING_ID)) {
                throw ConditionalCheckFailedException.builder().build();
            }
            String messageId = request.item().get(MetadataAttributes.MESSAGE_ID).s();
            AtomicInteger ofThisId = inFlightById.computeIfAbsent(id, key -> new AtomicInteger());
            if (ofThisId.incrementAndGet() > 1) {
                overlaps.add(messageId);
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            puts.add(new Put(id, messageId, Thread.currentThread().getName()));
            try {
                if (started.incrementAndGet() <= heldPuts) {
                    held.countDown();
                    if (!await(held)) {
                        heldPutGaveUp.set(true);
                    }
                }
                return answer(request, id, messageId);
            } finally {
                inFlight.decrementAndGet();
                ofThisId.decrementAndGet();
            }
        }

        private PutItemResponse answer(PutItemRequest request, String id, String messageId) {
            if (failing.contains(messageId)) {
                throw (DynamoDbException) DynamoDbException.builder().statusCode(503).message("Service unavailable")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailable")
                                .errorMessage("Service unavailable").serviceName("DynamoDb").build())
                        .build();
            }
            if (duplicates.contains(id)) {
                throw ConditionalCheckFailedException.builder().item(request.item()).build();
            }
            if (stale.contains(id)) {
                Map<String, AttributeValue> newer = new HashMap<>(request.item());
                newer.put(MetadataAttributes.VERSION, AttributeValue.fromN("99"));
                throw ConditionalCheckFailedException.builder().item(newer).build();
            }
            return PutItemResponse.builder().build();
        }

        private static boolean await(CountDownLatch latch) {
            try {
                return latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Priming's read after its refused put: nothing stored. */
        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            return GetItemResponse.builder().build();
        }

        List<Put> puts() {
            return List.copyOf(puts);
        }

        List<Put> putsOf(String id) {
            return puts.stream().filter(put -> put.id().equals(id)).toList();
        }

        /** The message ids of puts that started while another put of the same id was in flight. */
        List<String> overlapsOfOneId() {
            return List.copyOf(overlaps);
        }

        int maxInFlight() {
            return maxInFlight.get();
        }

        /** False when a held put gave up waiting for the others: they never were in flight together. */
        boolean allHeldWritesMet() {
            return !heldPutGaveUp.get();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
