package dev.channels.lambdas.ingest;

import static dev.channels.lambdas.testing.SqsMessages.event;
import static dev.channels.lambdas.testing.SqsMessages.message;
import static dev.channels.lambdas.testing.SqsMessages.replayed;
import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.contract.ArchiveKeys;
import dev.channels.contract.MetadataAttributes;
import dev.channels.lambdas.testing.Bodies;
import dev.channels.lambdas.testing.DynaliteServer;
import dev.channels.lambdas.testing.InMemoryDeadLetters;
import dev.channels.lambdas.testing.InMemoryPayloadStore;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.support.lambda.FakeLambdaContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Bodies near and over DynamoDB's item limit, the raw archive, and a batch with one poison message. */
class IngestPayloadTest {
    @RegisterExtension
    static final DynaliteServer DYNAMO = new DynaliteServer();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    /** 2025-11-25T09:30:00Z. */
    private static final long T0 = 1764063000000L;

    private final InMemoryPayloadStore payloads = new InMemoryPayloadStore();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private final FakeLambdaContext context = new FakeLambdaContext();
    private String table;

    private IngestHandler handler(boolean rawArchive) {
        table = DYNAMO.createTable("id");
        return new IngestHandler(new IngestDependencies(new IngestConfig("JobOrder", "test", table, "id", Optional.of("version"), List.of(), "test-archive", rawArchive, "test-inbox-dlq", IngestConfig.DEFAULT_WRITERS), DYNAMO.client(), payloads, deadLetters, CLOCK));
    }

    @Test
    void a600KbBodyGoesToTheArchiveBucketAndRoundTripsExactly() {
        IngestHandler handler = handler(false);
        String body = Bodies.big("JO-1", 1);
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isBetween(600_000, 700_000);

        SQSBatchResponse response = handler.handleRequest(event(message("m-big", body, T0)), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        String key = ArchiveKeys.payload("JO-1", "m-big");
        assertThat(key).matches("payloads/[0-9a-f]{64}/m-big\\.json");
        assertThat(payloads.objects()).containsOnlyKeys(key);
        assertThat(payloads.get(key)).hasValueSatisfying(stored -> {
            assertThat(stored).isEqualTo(body);
            assertThat(stored.getBytes(StandardCharsets.UTF_8)).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        });
        Map<String, AttributeValue> item = item("JO-1");
        assertThat(item).containsEntry("id", fromS("JO-1")).containsEntry("version", fromN("1"))
                .containsEntry("status", fromS("open")).containsEntry("rate", fromN("31.5"))
                .containsEntry("remote", fromBool(false)).containsEntry("note", fromNul(true))
                .containsEntry("tiny", fromN("0.0000001"))
                .containsEntry(MetadataAttributes.PAYLOAD_KEY, fromS(key))
                .containsEntry(MetadataAttributes.VERSION, fromN("1"))
                .doesNotContainKeys("description", "shifts", "longCode");
        assertThat(ItemSize.of(item)).isLessThan(4_096);
        assertThat(LogLines.withOutcome(context.logLines(), "written").get(0).get("payloadKey").asText()).isEqualTo(key);
    }

    @Test
    void aRedeliveredBigBodyRewritesTheSameObjectAndIsADuplicate() {
        IngestHandler handler = handler(false);
        String body = Bodies.big("JO-1", 1);
        handler.handleRequest(event(message("m-big", body, T0)), context);

        handler.handleRequest(event(message("m-big", body, T0)), context);

        assertThat(payloads.objects()).hasSize(1);
        assertThat(LogLines.lastMetrics(context.logLines())).containsEntry("duplicate", 1L).containsEntry("written", 0L);
    }

    @Test
    void aBodyJustUnderTheInlineLimitStaysInTheItemAndDynamoDbTakesIt() {
        IngestHandler handler = handler(false);
        String prefix = "{\"id\":\"JO-2\",\"version\":1,\"text\":\"";
        String body = prefix + "\u00e9".repeat((ItemSize.INLINE_LIMIT - 400) / 2) + "\"}";

        SQSBatchResponse response = handler.handleRequest(event(message("m-near", body, T0)), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(payloads.objects()).isEmpty();
        assertThat(item("JO-2").get("text").s()).hasSize((ItemSize.INLINE_LIMIT - 400) / 2);
    }

    @Test
    void aFailedUploadFailsThatMessageAloneAndWritesNoPointer() {
        IngestHandler handler = handler(false);
        payloads.failPutsWith(SdkClientException.create("Unable to execute HTTP request: Connection refused"));

        SQSBatchResponse response = handler.handleRequest(event(
                message("m-big", Bodies.big("JO-1", 1), T0),
                message("m-small", "{\"id\":\"JO-2\",\"version\":1}", T0)), context);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-big");
        assertThat(DYNAMO.client().getItem(r -> r.tableName(table).key(Map.of("id", fromS("JO-1")))).hasItem()).isFalse();
        JsonNode failure = LogLines.withOutcome(context.logLines(), "failed").get(0);
        assertThat(failure.get("step").asText()).isEqualTo("claim check");
        assertThat(failure.get("reason").asText()).isEqualTo("Unable to execute HTTP request: Connection refused");
    }

    @Test
    void theRawArchiveKeepsEveryAcceptedBodyUnderItsSentHourAndNoRefusedOne() {
        IngestHandler handler = handler(true);

        handler.handleRequest(event(
                message("m-1", "{\"id\":\"JO-1\",\"version\":2}", T0),
                message("m-2", "{\"id\":\"JO-1\",\"version\":1}", T0 + 3_600_000),
                message("m-bad", "{\"id\":", T0),
                replayed(message("r-1", "{\"id\":\"JO-1\",\"version\":2}", T0 + 7_200_000), "m-1", T0)), context);

        assertThat(payloads.objects()).containsOnly(
                Map.entry("raw/2025/11/25/09/1764063000000-m-1.json", "{\"id\":\"JO-1\",\"version\":2}"),
                Map.entry("raw/2025/11/25/10/1764066600000-m-2.json", "{\"id\":\"JO-1\",\"version\":1}"));
    }

    @Test
    void onePoisonMessageInABatchOfTenIsParkedAlone() {
        IngestHandler handler = handler(false);
        List<SQSMessage> messages = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            String body = i == 6 ? "{\"id\":\"JO-6\",\"version\":1,\"amount\":1e126}" : "{\"id\":\"JO-" + i + "\",\"version\":1}";
            messages.add(message("m-" + i, body, T0));
        }

        SQSBatchResponse response = handler.handleRequest(event(messages), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(deadLetters.parked()).extracting(InMemoryDeadLetters.Parked::messageId).containsExactly("m-6");
        assertThat(DYNAMO.client().scan(r -> r.tableName(table)).count()).isEqualTo(9);
        assertThat(LogLines.lastMetrics(context.logLines()))
                .containsEntry("received", 10L).containsEntry("written", 9L).containsEntry("parked", 1L)
                .containsEntry("failed", 0L);
    }

    /** The steps themselves, which throw when one fails (the hook only logs it): every one of them ran. */
    @Test
    void primingExercisesTheClientsAndWritesNothing() throws Exception {
        IngestHandler handler = handler(true);

        handler.priming().steps();

        assertThat(DYNAMO.client().scan(r -> r.tableName(table)).count()).isZero();
        assertThat(payloads.objects()).isEmpty();
        assertThat(payloads.primes()).isEqualTo(1);
    }

    @Test
    void primingThatFailsDoesNotThrow() {
        IngestHandler intoMissingTable = new IngestHandler(new IngestDependencies(new IngestConfig("JobOrder", "test", "no-such-table", "id", Optional.empty(), List.of(), "test-archive", false, "test-inbox-dlq", IngestConfig.DEFAULT_WRITERS), DYNAMO.client(), payloads, deadLetters, CLOCK));

        intoMissingTable.priming().beforeCheckpoint(null);

        assertThat(payloads.objects()).isEmpty();
    }

    private Map<String, AttributeValue> item(String id) {
        return DYNAMO.client().getItem(request -> request.tableName(table).key(Map.of("id", fromS(id)))).item();
    }
}
