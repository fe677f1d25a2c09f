package dev.channels.lambdas.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.channels.contract.MetadataAttributes;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.testing.DynaliteServer;
import dev.channels.lambdas.testing.InMemoryDeadLetters;
import dev.channels.lambdas.testing.InMemoryPayloadStore;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.support.lambda.FakeLambdaContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/** The ingest handler against a real DynamoDB-compatible server (dynalite), fed real SQS event JSON. */
class IngestHandlerTest {
    @RegisterExtension
    static final DynaliteServer DYNAMO = new DynaliteServer();

    /** SentTimestamp of every fixture message (1764063000000 ms). */
    private static final String FIXTURE_SENT_AT = "2025-11-25T09:30:00Z";
    /** Read only when a message has no SentTimestamp. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final FakeLambdaContext context = new FakeLambdaContext();
    private final InMemoryPayloadStore payloads = new InMemoryPayloadStore();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private String table;
    private IngestHandler handler;

    @BeforeEach
    void newTable() {
        table = DYNAMO.createTable("id");
        handler = new IngestHandler(new IngestDependencies(config("JobOrder", table, "id"), DYNAMO.client(), payloads, deadLetters, CLOCK));
    }

    /** A channel with no version property (SentTimestamp orders writes) and no raw archive. */
    static IngestConfig config(String channel, String table, String idProperty) {
        return new IngestConfig(channel, "test", table, idProperty, Optional.empty(), List.of(), "test-archive", false, "test-inbox-dlq", IngestConfig.DEFAULT_WRITERS);
    }

    @ParameterizedTest
    @Event(value = "sqs/all-json-types.json", type = SQSEvent.class)
    void storesEveryJsonTypeWithExactNumbersAndUnicode(SQSEvent event) {
        SQSBatchResponse response = handler.handleRequest(event, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("id", fromS("JO-1"));
        expected.put("title", fromS("Größe \uD83D\uDE80 日本語 \"quoted\""));
        expected.put("escaped", fromS("café \uD83D\uDE00"));
        // DynamoDB keeps the exact value and answers in its canonical form (1e-7 -> 0.0000001, -3.50 -> -3.5).
        expected.put("amount", fromN("12345678901234567890.123456789"));
        expected.put("tiny", fromN("0.0000001"));
        expected.put("count", fromN("42"));
        expected.put("negative", fromN("-3.5"));
        expected.put("active", fromBool(true));
        expected.put("archived", fromBool(false));
        expected.put("note", fromNul(true));
        expected.put("blank", fromS(""));
        expected.put("tags", fromL(List.of(fromS("a"), fromN("1"), fromNul(true),
                fromL(List.of(fromBool(true), fromM(Map.of("x", fromN("2"))))))));
        expected.put("address", fromM(Map.of(
                "city", fromS("Zürich"),
                "geo", fromM(Map.of("lat", fromN("47.3769"), "lng", fromN("8.5417"))),
                "lines", fromL(List.of()))));
        expected.put("extras", fromM(Map.of()));
        expected.put(MetadataAttributes.RECEIVED_AT, fromS(FIXTURE_SENT_AT));
        expected.put(MetadataAttributes.MESSAGE_ID, fromS("5b1c8e6a-0001-4f7e-9d2a-all-types"));
        // The version that orders writes (here SentTimestamp, in ms) is stored with the item.
        expected.put(MetadataAttributes.VERSION, fromN("1764063000000"));
        expected.put(MetadataAttributes.VERSION_KIND, fromS("sqs-sent-timestamp"));
        expected.put(MetadataAttributes.BODY_DIGEST, fromS(BodyDigest.of(event.getRecords().get(0).getBody())));
        Map<String, AttributeValue> stored = item("JO-1");
        assertThat(stored).isEqualTo(expected);
        assertThat(new BigDecimal(stored.get("tiny").n())).isEqualByComparingTo("1e-7");
    }

    /** A body that can never be stored goes to the DLQ on its first receive, as it came, and is not retried. */
    @Test
    void parksExactlyTheBadMessagesWithTheirBodiesAndWritesTheOthers() {
        SQSEvent event = EventLoader.loadSQSEvent("sqs/batch-with-bad-messages.json");

        SQSBatchResponse response = handler.handleRequest(event, context);

        assertThat(failedIds(response)).isEmpty();
        Map<String, String> bodies = new HashMap<>();
        event.getRecords().forEach(message -> bodies.put(message.getMessageId(), message.getBody()));
        assertThat(deadLetters.parked()).extracting(InMemoryDeadLetters.Parked::messageId).containsExactlyInAnyOrder(
                "a1b2c3d4-0002-malformed",
                "a1b2c3d4-0003-not-an-object",
                "a1b2c3d4-0004-missing-id",
                "a1b2c3d4-0005-blank-id",
                "a1b2c3d4-0006-reserved-prefix");
        assertThat(deadLetters.parked()).allSatisfy(parked -> {
            assertThat(parked.body()).isEqualTo(bodies.get(parked.messageId()));
            assertThat(parked.sentAt()).isEqualTo(Instant.parse(FIXTURE_SENT_AT));
        });
        assertThat(LogLines.lastMetrics(context.logLines())).containsEntry("parked", 5L).containsEntry("failed", 0L);
        assertThat(item("JO-1")).containsEntry("status", fromS("open"));
        // An integer id is stored as its digits: the table's key is a string.
        assertThat(item("12345")).containsEntry("status", fromS("closed")).containsEntry("id", fromS("12345"));
        assertThat(DYNAMO.client().scan(request -> request.tableName(table)).count()).isEqualTo(2);
    }

    @Test
    void logsWhyEachMessageFailedWithoutItsBody() {
        SQSEvent event = EventLoader.loadSQSEvent("sqs/batch-with-bad-messages.json");

        handler.handleRequest(event, context);

        // One JSON log line per parked message, with the reason it can never be stored.
        assertThat(LogLines.withOutcome(context.logLines(), "parked"))
                .extracting(line -> line.get("level").asText() + " " + line.get("messageId").asText() + ": " + line.get("reason").asText())
                .containsExactlyInAnyOrder(
                "WARN a1b2c3d4-0002-malformed: body is not valid JSON (line 1, column 26)",
                "WARN a1b2c3d4-0003-not-an-object: body is a JSON array, not an object",
                "WARN a1b2c3d4-0004-missing-id: id property 'id' is missing",
                "WARN a1b2c3d4-0005-blank-id: id property 'id' must be a non-blank string or an integer",
                "WARN a1b2c3d4-0006-reserved-prefix: property '_channels_messageId' uses the prefix"
                        + " '_channels_' reserved for the pipeline's own attributes");
        assertThat(String.join("\n", context.logLines())).doesNotContain("\\\"status\\\"", "\"status\"", "forged");
        assertThat(deadLetters.parked()).extracting(InMemoryDeadLetters.Parked::reason)
                .contains("body is a JSON array, not an object", "id property 'id' is missing");
    }

    @Test
    void passesAnUnknownPropertyThroughUntouched() {
        SQSEvent event = EventLoader.loadSQSEvent("sqs/unknown-property.json");

        SQSBatchResponse response = handler.handleRequest(event, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(item("JO-9")).containsEntry("brandNewProperty",
                fromM(Map.of("addedOn", fromS("2026-11-25"), "score", fromN("7"))));
    }

    @Test
    void parksOnlyTheMessagesWhoseNumbersDynamoDbRefuses() {
        SQSEvent event = EventLoader.loadSQSEvent("sqs/numbers-dynamodb-refuses.json");

        SQSBatchResponse response = handler.handleRequest(event, context);

        assertThat(failedIds(response)).isEmpty();
        assertThat(deadLetters.parked()).extracting(InMemoryDeadLetters.Parked::messageId)
                .containsExactlyInAnyOrder("d00d0000-0002-overflow", "d00d0000-0003-39-digits");
        assertThat(new BigDecimal(item("JO-20").get("amount").n()))
                .isEqualByComparingTo("9.9999999999999999999999999999999999999E+125");
        assertThat(new BigDecimal(item("JO-23").get("amount").n())).isEqualByComparingTo("1e-130");
        assertThat(LogLines.withOutcome(context.logLines(), "parked")).anySatisfy(line -> {
            assertThat(line.get("level").asText()).isEqualTo("WARN");
            assertThat(line.get("messageId").asText()).isEqualTo("d00d0000-0002-overflow");
            assertThat(line.get("id").asText()).isEqualTo("JO-21");
            assertThat(line.get("reason").asText()).isEqualTo("property 'amount' holds a number outside DynamoDB's "
                    + "range (1E-130 to 9.9999999999999999999999999999999999999E+125, positive or negative)");
        });
        assertThat(LogLines.withOutcome(context.logLines(), "parked")).anySatisfy(line -> {
            assertThat(line.get("messageId").asText()).isEqualTo("d00d0000-0003-39-digits");
            assertThat(line.get("reason").asText())
                    .isEqualTo("property 'amount' holds a number with more than 38 significant digits, DynamoDB's limit");
        });
    }

    @Test
    void aMissingTableFailsTheMessageInsteadOfThrowing() {
        IngestHandler intoMissingTable = new IngestHandler(new IngestDependencies(config("JobOrder", "no-such-table", "id"), DYNAMO.client(), payloads, deadLetters, CLOCK));
        SQSEvent event = EventLoader.loadSQSEvent("sqs/unknown-property.json");

        SQSBatchResponse response = intoMissingTable.handleRequest(event, context);

        assertThat(failedIds(response)).containsExactly("c0ffee00-0001-new-property");
    }

    @Test
    void anUnexpectedErrorWithOneMessageFailsThatMessageOnly() {
        DynamoDbClient buggyForJo1 = new DynamoDbClient() {
            @Override
            public PutItemResponse putItem(PutItemRequest request) {
                if (request.item().get("id").s().equals("JO-1")) {
                    throw new IllegalStateException("bug for JO-1");
                }
                return DYNAMO.client().putItem(request);
            }

            @Override
            public String serviceName() {
                return SERVICE_NAME;
            }

            @Override
            public void close() {
            }
        };
        IngestHandler buggy = new IngestHandler(new IngestDependencies(config("JobOrder", table, "id"), buggyForJo1, payloads, deadLetters, CLOCK));

        SQSBatchResponse response = buggy.handleRequest(EventLoader.loadSQSEvent("sqs/batch-with-bad-messages.json"), context);

        assertThat(failedIds(response)).containsExactly("a1b2c3d4-0001-good-first");
        assertThat(deadLetters.parked()).hasSize(5);
        assertThat(item("12345")).containsEntry("status", fromS("closed"));
        assertThat(LogLines.withOutcome(context.logLines(), "failed")).anySatisfy(line -> {
            assertThat(line.get("level").asText()).isEqualTo("ERROR");
            assertThat(line.get("messageId").asText()).isEqualTo("a1b2c3d4-0001-good-first");
            assertThat(line.get("reason").asText()).isEqualTo("unexpected error: java.lang.IllegalStateException: bug for JO-1");
        });
    }

    @Test
    void usesTheClockWhenSqsGaveNoSentTimestamp() {
        SQSEvent event = EventLoader.loadSQSEvent("sqs/unknown-property.json");
        event.getRecords().get(0).setAttributes(Map.of());

        handler.handleRequest(event, context);

        assertThat(item("JO-9")).containsEntry(MetadataAttributes.RECEIVED_AT, fromS("2030-01-01T00:00:00Z"));
    }

    @Test
    void readsItsIdPropertyFromConfig() {
        String skuTable = DYNAMO.createTable("sku");
        IngestHandler bySku = new IngestHandler(new IngestDependencies(config("Product", skuTable, "sku"), DYNAMO.client(), payloads, deadLetters, CLOCK));
        SQSEvent event = EventLoader.loadSQSEvent("sqs/unknown-property.json");
        event.getRecords().get(0).setBody("{\"sku\":\"P-1\",\"id\":\"not the key\"}");

        SQSBatchResponse response = bySku.handleRequest(event, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        Map<String, AttributeValue> stored = DYNAMO.client()
                .getItem(request -> request.tableName(skuTable).key(Map.of("sku", fromS("P-1")))).item();
        assertThat(stored).containsEntry("id", fromS("not the key"));
    }

    /** Everything ingest requires; the rest is optional. */
    private static final Map<String, String> COMPLETE_ENV = Map.of("CHANNEL_NAME", "JobOrder", "TABLE_NAME", "dev-job-order",
            "AWS_REGION", "eu-west-1", "ENV_NAME", "dev", "ARCHIVE_BUCKET", "dev-job-order-archive",
            "INBOX_DLQ_URL", "https://sqs.eu-west-1.amazonaws.com/111111111111/dev-job-order-inbox-dlq");

    @Test
    void missingEnvironmentVariablesFailInitNamingThem() {
        Map<String, String> complete = COMPLETE_ENV;
        for (String name : complete.keySet()) {
            Map<String, String> env = new HashMap<>(complete);
            env.remove(name);
            assertThatThrownBy(() -> new IngestHandler(IngestDependencies.fromEnvironment(new EnvVars(env))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Missing environment variable " + name + ":");
        }
    }

    @Test
    void initFromACompleteEnvironmentDefaultsTheIdProperty() {
        Map<String, String> env = COMPLETE_ENV;

        assertThat(IngestConfig.from(new EnvVars(env))).isEqualTo(new IngestConfig("JobOrder", "dev", "dev-job-order", "id", Optional.empty(), List.of(), "dev-job-order-archive", false,
                "https://sqs.eu-west-1.amazonaws.com/111111111111/dev-job-order-inbox-dlq", 5));
    }

    @Test
    void initReadsHowManyWritesRunAtOnceFromOneToTwenty() {
        Map<String, String> env = new HashMap<>(COMPLETE_ENV);
        env.put("INGEST_WRITERS", "1");
        assertThat(IngestConfig.from(new EnvVars(env)).writers()).isEqualTo(1);
        env.put("INGEST_WRITERS", " 20 ");
        assertThat(IngestConfig.from(new EnvVars(env)).writers()).isEqualTo(20);
        for (String refused : List.of("0", "21", "five", "2.5")) {
            env.put("INGEST_WRITERS", refused);
            assertThatThrownBy(() -> IngestConfig.from(new EnvVars(env)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Environment variable INGEST_WRITERS must be a whole number from 1 to 20, not '" + refused + "'");
        }
    }

    /** The handler Lambda builds from the environment works: an empty batch needs no AWS call. */
    @Test
    void aHandlerBuiltFromTheEnvironmentReportsAsItsChannelAndEnv() {
        IngestHandler fromEnvironment = new IngestHandler(IngestDependencies.fromEnvironment(new EnvVars(COMPLETE_ENV)));
        SQSEvent empty = new SQSEvent();
        empty.setRecords(List.of());

        SQSBatchResponse response = fromEnvironment.handleRequest(empty, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(LogLines.withOutcome(context.logLines(), "batch")).singleElement().satisfies(line -> {
            assertThat(line.get("handler").asText()).isEqualTo("ingest");
            assertThat(line.get("channel").asText()).isEqualTo("JobOrder");
        });
        assertThat(LogLines.emf(context.logLines())).singleElement().satisfies(metrics -> {
            assertThat(metrics.get("Env").asText()).isEqualTo("dev");
            assertThat(metrics.get("Channel").asText()).isEqualTo("JobOrder");
        });
        assertThat(LogLines.lastMetrics(context.logLines())).containsEntry("received", 0L).containsEntry("failed", 0L);
    }

    @Test
    void initReadsTheVersionPropertyAndTheRawArchiveFlag() {
        Map<String, String> env = new HashMap<>(COMPLETE_ENV);
        env.put("VERSION_PROPERTY", "updatedAt");
        env.put("RAW_ARCHIVE", "TRUE");

        IngestConfig config = IngestConfig.from(new EnvVars(env));

        assertThat(config.versionProperty()).contains("updatedAt");
        assertThat(config.rawArchive()).isTrue();
        env.put("RAW_ARCHIVE", "yes");
        assertThatThrownBy(() -> IngestConfig.from(new EnvVars(env)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Environment variable RAW_ARCHIVE must be true or false, not 'yes'");
    }

    private Map<String, AttributeValue> item(String id) {
        return DYNAMO.client().getItem(request -> request.tableName(table).key(Map.of("id", fromS(id)))).item();
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }
}
