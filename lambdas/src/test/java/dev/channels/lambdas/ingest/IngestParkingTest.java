package dev.channels.lambdas.ingest;

import static dev.channels.lambdas.testing.SqsMessages.event;
import static dev.channels.lambdas.testing.SqsMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.channels.contract.IndexKey;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What can never be stored is parked in the inbox DLQ on the first receive, with the body as it came
 * and a reason; what a retry can fix keeps failing for retry. Against dynalite, with a table that has
 * the JobOrder index (status, updatedAt) as the construct declares it.
 */
class IngestParkingTest {
    @RegisterExtension
    static final DynaliteServer DYNAMO = new DynaliteServer();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final long T0 = 1764063000000L;
    private static final List<IndexKey> JOB_ORDER_INDEX =
            IndexKey.parseAll(List.of("status=S/partition", "updatedAt=S/sort"));

    private final InMemoryPayloadStore payloads = new InMemoryPayloadStore();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private final FakeLambdaContext context = new FakeLambdaContext();
    private String table;

    @BeforeEach
    void tableWithAnIndex() {
        table = "parking-" + System.nanoTime();
        DYNAMO.client().createTable(request -> request
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("status").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("updatedAt").attributeType(ScalarAttributeType.S).build())
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .globalSecondaryIndexes(index -> index
                        .indexName("by-status-updatedAt")
                        .keySchema(k -> k.attributeName("status").keyType(KeyType.HASH),
                                k -> k.attributeName("updatedAt").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
    }

    private IngestHandler handler(List<IndexKey> indexKeys) {
        return new IngestHandler(new IngestDependencies(new IngestConfig("JobOrder", "test", table, "id", Optional.empty(), indexKeys,
                "test-archive", false, "test-inbox-dlq", IngestConfig.DEFAULT_WRITERS), DYNAMO.client(), payloads, deadLetters, CLOCK));
    }

    @Test
    void emptyOrMistypedOrOverlongIndexKeysAreParkedWithTheReason() {
        SQSEvent batch = event(
                message("m-empty-status", "{\"id\":\"JO-1\",\"status\":\"\"}", T0),
                message("m-number-status", "{\"id\":\"JO-2\",\"status\":7}", T0),
                message("m-long-sort-key", "{\"id\":\"JO-3\",\"status\":\"open\",\"updatedAt\":\"" + "x".repeat(1025) + "\"}", T0),
                message("m-no-status", "{\"id\":\"JO-4\",\"title\":\"not in the index, stored\"}", T0),
                message("m-fine", "{\"id\":\"JO-5\",\"status\":\"open\",\"updatedAt\":\"2026-12-06T10:00:00Z\"}", T0));

        SQSBatchResponse response = handler(JOB_ORDER_INDEX).handleRequest(batch, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        // Different ids are written at the same time: parked in any order.
        assertThat(deadLetters.parked()).extracting(parked -> parked.messageId() + ": " + parked.reason()).containsExactlyInAnyOrder(
                "m-empty-status: property 'status' (an index partition key) is empty; DynamoDB refuses an empty key value",
                "m-number-status: property 'status' (an index partition key) must be a string",
                "m-long-sort-key: property 'updatedAt' (an index sort key) is 1025 bytes; DynamoDB takes at most 1024");
        assertThat(deadLetters.parked()).filteredOn(parked -> parked.messageId().equals("m-empty-status"))
                .singleElement().extracting(InMemoryDeadLetters.Parked::body).isEqualTo("{\"id\":\"JO-1\",\"status\":\"\"}");
        assertThat(item("JO-4")).containsEntry("title", fromS("not in the index, stored"));
        assertThat(item("JO-5")).containsEntry("status", fromS("open"));
        assertThat(item("JO-1")).isEmpty();
        assertThat(LogLines.lastMetrics(context.logLines())).containsEntry("parked", 3L).containsEntry("written", 2L)
                .containsEntry("failed", 0L);
    }

    /** Without INDEX_KEYS the handler does not know the index; DynamoDB's own refusal parks the message all the same. */
    @Test
    void aValidationExceptionFromDynamoDbParksTheMessage() {
        SQSBatchResponse response = handler(List.of())
                .handleRequest(event(message("m-number-status", "{\"id\":\"JO-2\",\"status\":7}", T0)), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(deadLetters.parked()).singleElement().satisfies(parked -> {
            assertThat(parked.messageId()).isEqualTo("m-number-status");
            assertThat(parked.reason()).startsWith("DynamoDB refused the item: ");
        });
    }

    @Test
    void nestingDeeperThan32LevelsIsParkedAnd32LevelsAreStored() {
        SQSBatchResponse response = handler(List.of()).handleRequest(event(
                message("m-32", "{\"id\":\"JO-32\",\"deep\":" + nested(31) + "}", T0),
                message("m-33", "{\"id\":\"JO-33\",\"deep\":" + nested(32) + "}", T0)), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(item("JO-32")).containsKey("deep");
        assertThat(deadLetters.parked()).extracting(InMemoryDeadLetters.Parked::reason)
                .containsExactly("property 'deep' nests maps and lists deeper than DynamoDB's 32 levels");
    }

    /** The DLQ cannot be reached: the message fails for retry (and the redrive policy still has it). */
    @Test
    void aFailedParkFailsTheMessageForRetry() {
        deadLetters.failParks(new IllegalStateException("DLQ unreachable"));

        SQSBatchResponse response = handler(JOB_ORDER_INDEX).handleRequest(event(
                message("m-empty-status", "{\"id\":\"JO-1\",\"status\":\"\"}", T0),
                message("m-fine", "{\"id\":\"JO-5\",\"status\":\"open\"}", T0)), context);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-empty-status");
        assertThat(LogLines.withOutcome(context.logLines(), "failed")).singleElement()
                .satisfies(line -> assertThat(line.get("reason").asText()).isEqualTo("property 'status' (an index "
                        + "partition key) is empty; DynamoDB refuses an empty key value; and parking it in the inbox "
                        + "DLQ failed: DLQ unreachable"));
        assertThat(item("JO-5")).containsEntry("status", fromS("open"));
    }

    @Test
    void aMalformedIndexKeySettingFailsInitNamingTheEntry() {
        assertThatThrownBy(() -> IndexKey.parseAll(List.of("status=S/partition", "updatedAt:S")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("INDEX_KEYS entry 'updatedAt:S' must be name=TYPE/ROLE, e.g. status=S/partition");
        assertThat(JOB_ORDER_INDEX).extracting(IndexKey::format).containsExactly("status=S/partition", "updatedAt=S/sort");
    }

    /** {@code wraps} maps around a string, the outermost being the attribute's value: {"a":{"a":..."leaf"}}. */
    private static String nested(int wraps) {
        return "{\"a\":".repeat(wraps) + "\"leaf\"" + "}".repeat(wraps);
    }

    private Map<String, AttributeValue> item(String id) {
        return DYNAMO.client().getItem(request -> request.tableName(table).key(Map.of("id", fromS(id)))).item();
    }
}
