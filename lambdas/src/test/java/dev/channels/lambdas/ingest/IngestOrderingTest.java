package dev.channels.lambdas.ingest;

import static dev.channels.lambdas.testing.SqsMessages.event;
import static dev.channels.lambdas.testing.SqsMessages.message;
import static dev.channels.lambdas.testing.SqsMessages.replayed;
import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.channels.contract.MetadataAttributes;
import dev.channels.lambdas.testing.DynaliteServer;
import dev.channels.lambdas.testing.InMemoryDeadLetters;
import dev.channels.lambdas.testing.InMemoryPayloadStore;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.support.lambda.FakeLambdaContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * At-least-once and out-of-order delivery against dynalite: whatever order and however often messages
 * arrive, an item only ever moves to a newer version; duplicates and stale messages are counted, not
 * failed.
 */
class IngestOrderingTest {
    @RegisterExtension
    static final DynaliteServer DYNAMO = new DynaliteServer();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final long T0 = 1764063000000L;

    private final InMemoryPayloadStore payloads = new InMemoryPayloadStore();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private FakeLambdaContext context = new FakeLambdaContext();
    private String table;

    private IngestHandler handler(Optional<String> versionProperty) {
        table = DYNAMO.createTable("id");
        return new IngestHandler(new IngestDependencies(new IngestConfig("JobOrder", "test", table, "id", versionProperty, List.of(), "test-archive", false, "test-inbox-dlq", IngestConfig.DEFAULT_WRITERS), DYNAMO.client(), payloads, deadLetters, CLOCK));
    }

    @Test
    void numericVersionsNeverRegressWhateverTheOrderAndRepeats() {
        IngestHandler handler = handler(Optional.of("version"));
        SQSEvent shuffled = event(
                message("m-3", "{\"id\":\"JO-1\",\"version\":3,\"status\":\"filled\"}", T0 + 1),
                message("m-1", "{\"id\":\"JO-1\",\"version\":1,\"status\":\"draft\"}", T0 + 2),
                message("m-3", "{\"id\":\"JO-1\",\"version\":3,\"status\":\"filled\"}", T0 + 1),
                message("m-2", "{\"id\":\"JO-1\",\"version\":2.0,\"status\":\"open\"}", T0 + 3),
                message("m-3-resent", "{\"id\":\"JO-1\",\"version\":3,\"status\":\"filled\"}", T0 + 4));

        SQSBatchResponse response = handler.handleRequest(shuffled, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        Map<String, AttributeValue> stored = item("JO-1");
        assertThat(stored).containsEntry("status", fromS("filled"))
                .containsEntry(MetadataAttributes.VERSION, fromN("3"))
                .containsEntry(MetadataAttributes.VERSION_KIND, fromS("number"))
                .containsEntry(MetadataAttributes.MESSAGE_ID, fromS("m-3"));
        assertThat(LogLines.lastMetrics(context.logLines()))
                .containsEntry("received", 5L).containsEntry("written", 1L)
                .containsEntry("duplicate", 2L).containsEntry("stale", 2L).containsEntry("failed", 0L);
        assertThat(LogLines.withOutcome(context.logLines(), "stale")).extracting(line -> line.get("messageId").asText())
                .containsExactly("m-1", "m-2");
    }

    /** 3 and 3.00 are one version; the body decides, the same way whichever arrives first. */
    @Test
    void aDifferentBodyAtTheSameVersionIsNeverTakenForADuplicate() {
        String filled = "{\"id\":\"JO-1\",\"version\":3,\"status\":\"filled\"}";
        String resent = "{\"id\":\"JO-1\",\"version\":3.00,\"status\":\"resent\"}";
        String winner = BodyDigest.of(filled).compareTo(BodyDigest.of(resent)) > 0 ? "filled" : "resent";
        for (List<String> order : List.of(List.of(filled, resent), List.of(resent, filled))) {
            IngestHandler handler = handler(Optional.of("version"));
            context = new FakeLambdaContext();

            handler.handleRequest(event(message("m-a", order.get(0), T0), message("m-b", order.get(1), T0 + 1)), context);

            assertThat(item("JO-1")).containsEntry("status", fromS(winner));
            assertThat(LogLines.lastMetrics(context.logLines())).containsEntry("duplicate", 0L)
                    .containsEntry("written", order.get(0).contains(winner) ? 1L : 2L);
        }
    }

    @Test
    void isoTimestampsCompareAsInstantsAcrossOffsetsAndFractions() {
        IngestHandler handler = handler(Optional.of("updatedAt"));

        handler.handleRequest(event(message("m-a", body("2025-11-25T10:00:00.5+01:00", "a"), T0)), context);
        handler.handleRequest(event(message("m-b", body("2025-11-25T10:00:00.5+01:00", "a"), T0)), context);
        handler.handleRequest(event(message("m-c", body("2025-11-25T09:00:00.4999Z", "older"), T0)), context);
        handler.handleRequest(event(message("m-d", body("2025-11-25T04:00:00.6-05:00", "newer"), T0)), context);
        handler.handleRequest(event(message("m-e", body("2025-11-25T09:00:00Z", "older again"), T0)), context);

        assertThat(item("JO-1")).containsEntry("title", fromS("newer"))
                .containsEntry("updatedAt", fromS("2025-11-25T04:00:00.6-05:00"))
                .containsEntry(MetadataAttributes.VERSION, fromN("1764061200.6"))
                .containsEntry(MetadataAttributes.VERSION_KIND, fromS("timestamp"));
        assertThat(LogLines.parse(context.logLines())).filteredOn(line -> line.has("messageId"))
                .extracting(line -> line.get("messageId").asText() + " " + line.get("outcome").asText())
                .containsExactly("m-a written", "m-b duplicate", "m-c stale", "m-d written", "m-e stale");
    }

    /**
     * Without a version property, SentTimestamp orders writes. Its resolution is one millisecond: two
     * different bodies for one id sent in the same millisecond are ordered by their SHA-256, so the item
     * ends the same whatever order they arrive in, and neither is taken for a duplicate of the other.
     */
    @Test
    void withoutAVersionPropertySentTimestampOrdersWritesAndTiesBreakOnTheBodyDigest() {
        String closed = "{\"id\":\"JO-1\",\"status\":\"closed\"}";
        String tie = "{\"id\":\"JO-1\",\"status\":\"tie\"}";
        String winner = BodyDigest.of(closed).compareTo(BodyDigest.of(tie)) > 0 ? "closed" : "tie";
        for (boolean closedFirst : new boolean[] {true, false}) {
            IngestHandler handler = handler(Optional.empty());
            context = new FakeLambdaContext();
            SQSEvent.SQSMessage later = message("m-later", closed, T0 + 2000);
            SQSEvent.SQSMessage sameMillisecond = message("m-same-ms", tie, T0 + 2000);

            SQSBatchResponse response = handler.handleRequest(event(
                    closedFirst ? later : sameMillisecond,
                    message("m-earlier", "{\"id\":\"JO-1\",\"status\":\"open\"}", T0 + 1000),
                    closedFirst ? sameMillisecond : later,
                    message("m-later", closed, T0 + 2000)), context);

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(item("JO-1")).as("closed first: %s", closedFirst).containsEntry("status", fromS(winner))
                    .containsEntry(MetadataAttributes.VERSION, fromN(Long.toString(T0 + 2000)))
                    .containsEntry(MetadataAttributes.VERSION_KIND, fromS("sqs-sent-timestamp"));
            // The repeated m-later is a duplicate only when its body is the one stored.
            assertThat(LogLines.lastMetrics(context.logLines())).containsEntry("duplicate",
                    winner.equals("closed") ? 1L : 0L);
        }
    }

    @Test
    void aMessageWithoutAUsableVersionIsParkedAloneWithAReason() {
        IngestHandler handler = handler(Optional.of("version"));

        SQSBatchResponse response = handler.handleRequest(event(
                message("m-missing", "{\"id\":\"JO-1\"}", T0),
                message("m-text", "{\"id\":\"JO-2\",\"version\":\"seven\"}", T0),
                message("m-local", "{\"id\":\"JO-3\",\"version\":\"2025-11-25T09:00:00\"}", T0),
                message("m-ok", "{\"id\":\"JO-4\",\"version\":7}", T0)), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        // Messages without a usable version have no place among their id's messages: each is parked on its own.
        assertThat(deadLetters.parked()).extracting(InMemoryDeadLetters.Parked::messageId)
                .containsExactlyInAnyOrder("m-missing", "m-text", "m-local");
        assertThat(LogLines.withOutcome(context.logLines(), "parked"))
                .extracting(line -> line.get("messageId").asText() + ": " + line.get("reason").asText())
                .containsExactlyInAnyOrder("m-missing: version property 'version' is missing",
                        "m-text: version property 'version' must be a number or an ISO-8601 timestamp with an offset, e.g. 2025-11-25T09:30:00Z",
                        "m-local: version property 'version' must be a number or an ISO-8601 timestamp with an offset, e.g. 2025-11-25T09:30:00Z");
        assertThat(String.join("\n", context.logLines())).doesNotContain("seven");
        assertThat(item("JO-4")).containsEntry(MetadataAttributes.VERSION, fromN("7"));
    }

    /** Turning a version property on for a channel with items ordered by SentTimestamp must not strand them. */
    @Test
    void aWriteWhoseVersionKindDiffersFromTheStoredOneWins() {
        table = DYNAMO.createTable("id");
        IngestHandler bySentTime = new IngestHandler(new IngestDependencies(new IngestConfig("JobOrder", "test", table, "id", Optional.empty(), List.of(), "test-archive", false, "test-inbox-dlq", IngestConfig.DEFAULT_WRITERS), DYNAMO.client(), payloads, deadLetters, CLOCK));
        IngestHandler byVersion = new IngestHandler(new IngestDependencies(new IngestConfig("JobOrder", "test", table, "id", Optional.of("version"), List.of(), "test-archive", false, "test-inbox-dlq", IngestConfig.DEFAULT_WRITERS), DYNAMO.client(), payloads, deadLetters, CLOCK));
        bySentTime.handleRequest(event(message("m-1", "{\"id\":\"JO-1\",\"version\":1,\"status\":\"old\"}", T0)), context);

        byVersion.handleRequest(event(message("m-2", "{\"id\":\"JO-1\",\"version\":1,\"status\":\"new\"}", T0 - 1)), context);

        assertThat(item("JO-1")).containsEntry("status", fromS("new"))
                .containsEntry(MetadataAttributes.VERSION_KIND, fromS("number"));
    }

    /**
     * A replayed body keeps its original SentTimestamp as its version: it re-applies an equal version
     * (what a replay after a bug is for) but never overwrites a newer one.
     */
    @Test
    void aReplayReappliesItsOwnVersionButNeverOverwritesANewerOne() {
        IngestHandler handler = handler(Optional.empty());
        handler.handleRequest(event(message("m-1", "{\"id\":\"JO-1\",\"status\":\"open\"}", T0)), context);
        handler.handleRequest(event(message("m-2", "{\"id\":\"JO-2\",\"status\":\"open\"}", T0)), context);
        handler.handleRequest(event(message("m-3", "{\"id\":\"JO-2\",\"status\":\"closed\"}", T0 + 5000)), context);
        context = new FakeLambdaContext();

        handler.handleRequest(event(
                replayed(message("r-1", "{\"id\":\"JO-1\",\"status\":\"open\"}", T0 + 86_400_000), "m-1", T0),
                replayed(message("r-2", "{\"id\":\"JO-2\",\"status\":\"open\"}", T0 + 86_400_000), "m-2", T0)), context);

        assertThat(item("JO-1")).containsEntry(MetadataAttributes.REPLAY_OF, fromS("m-1"))
                .containsEntry(MetadataAttributes.VERSION, fromN(Long.toString(T0)))
                .containsEntry(MetadataAttributes.MESSAGE_ID, fromS("r-1"));
        assertThat(item("JO-2")).containsEntry("status", fromS("closed"))
                .doesNotContainKey(MetadataAttributes.REPLAY_OF);
        assertThat(LogLines.lastMetrics(context.logLines())).containsEntry("written", 1L).containsEntry("stale", 1L);
        assertThat(LogLines.withOutcome(context.logLines(), "written").get(0).get("replayOf").asText()).isEqualTo("m-1");
    }

    @Test
    void replayAttributesMustComeTogether() {
        IngestHandler handler = handler(Optional.empty());
        var message = replayed(message("r-1", "{\"id\":\"JO-1\"}", T0), "m-1", T0);
        message.getMessageAttributes().remove("ChannelsReplaySentTimestamp");

        SQSBatchResponse response = handler.handleRequest(event(message), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(deadLetters.parked()).hasSize(1);
        assertThat(LogLines.withOutcome(context.logLines(), "parked").get(0).get("reason").asText())
                .startsWith("replay attributes ChannelsReplayOf and ChannelsReplaySentTimestamp must come together");
    }

    private static String body(String updatedAt, String title) {
        return "{\"id\":\"JO-1\",\"updatedAt\":\"" + updatedAt + "\",\"title\":\"" + title + "\"}";
    }

    private Map<String, AttributeValue> item(String id) {
        return DYNAMO.client().getItem(request -> request.tableName(table).key(Map.of("id", fromS(id)))).item();
    }
}
