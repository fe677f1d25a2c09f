package dev.channels.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.Fixtures;
import dev.channels.support.dynalite.Dynalite;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The stream capture in front of a real dynalite, driven through the AWS SDK as a handler would. */
class StreamCaptureProxyTest {
    private static final String ORDERS = "orders";
    private static final String VERSIONS = "versions";
    private static final String PLAIN = "plain";

    private static Dynalite dynalite;
    private static InMemoryStreamLog log;
    private static StreamCaptureProxy proxy;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() throws Exception {
        dynalite = Dynalite.builder().cli(Fixtures.dynaliteCli()).start();
        log = new InMemoryStreamLog(Clock.systemUTC());
        proxy = StreamCaptureProxy.start(dynalite.endpoint(), log, "eu-west-1", StreamCaptureProxyTest::streamArn, Clock.systemUTC());
        client = Fixtures.dynamoDb(proxy.uri());
        // Created through the proxy with a StreamSpecification: registered by the proxy itself.
        client.createTable(request -> request.tableName(ORDERS).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("id", ScalarAttributeType.S))
                .keySchema(key("id", KeyType.HASH))
                .streamSpecification(spec -> spec.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        // Created plainly and registered, as the DynamoDB service does for template tables.
        client.createTable(request -> request.tableName(VERSIONS).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("id", ScalarAttributeType.S), attribute("version", ScalarAttributeType.N))
                .keySchema(key("id", KeyType.HASH), key("version", KeyType.RANGE)));
        proxy.register(new StreamTable(VERSIONS, List.of("id", "version"), "KEYS_ONLY", streamArn(VERSIONS)));
        client.createTable(request -> request.tableName(PLAIN).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("id", ScalarAttributeType.S)).keySchema(key("id", KeyType.HASH)));
        client.waiter().waitUntilTableExists(request -> request.tableName(PLAIN));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }

    @Test
    void insertModifyAndRemoveCarryTheRightImages() {
        client.putItem(request -> request.tableName(ORDERS).item(Map.of("id", s("o-1"), "status", s("open"))));
        client.updateItem(request -> request.tableName(ORDERS).key(Map.of("id", s("o-1")))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", s("closed"))));
        client.deleteItem(request -> request.tableName(ORDERS).key(Map.of("id", s("o-1"))));

        List<StreamRecord> records = recordsOf(ORDERS, "o-1");

        assertThat(records).extracting(StreamRecord::eventName).containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(records.get(0).oldImage()).isEmpty();
        // JSON object equality ignores member order (the SDK sends Map.of's, whose order varies per JVM).
        assertThat(records.get(0).newImage().orElseThrow())
                .isEqualTo(json("{\"id\":{\"S\":\"o-1\"},\"status\":{\"S\":\"open\"}}"));
        assertThat(records.get(1).oldImage()).isEqualTo(records.get(0).newImage());
        assertThat(records.get(1).newImage().orElseThrow().path("status").path("S").asText()).isEqualTo("closed");
        assertThat(records.get(2).oldImage()).isEqualTo(records.get(1).newImage());
        assertThat(records.get(2).newImage()).isEmpty();
        assertThat(records).allSatisfy(record -> {
            assertThat(record.keys()).isEqualTo(json("{\"id\":{\"S\":\"o-1\"}}"));
            assertThat(record.eventSourceArn()).isEqualTo(streamArn(ORDERS));
            assertThat(record.streamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
            assertThat(record.sizeBytes()).isPositive();
        });
        assertThat(records.get(1).sequenceNumber()).isGreaterThan(records.get(0).sequenceNumber());
        assertThat(records.get(2).sequenceNumber()).isGreaterThan(records.get(1).sequenceNumber());
    }

    @Test
    void putsAndDeletesAnswerTheReturnValuesTheClientAskedForAndRecordExactImages() {
        // The proxy takes the old image from dynalite's ALL_OLD answer: a client that asked for none gets none.
        var first = client.putItem(request -> request.tableName(ORDERS).item(Map.of("id", s("rv-1"), "rate", n("31.50"))));
        assertThat(first.hasAttributes()).isFalse();
        var second = client.putItem(request -> request.tableName(ORDERS).item(Map.of("id", s("rv-1"), "rate", n("32"))));
        assertThat(second.hasAttributes()).isFalse();
        var third = client.putItem(request -> request.tableName(ORDERS).item(Map.of("id", s("rv-1"), "rate", n("33")))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(third.attributes()).isEqualTo(Map.of("id", s("rv-1"), "rate", n("32")));
        var deleted = client.deleteItem(request -> request.tableName(ORDERS).key(Map.of("id", s("rv-1"))));
        assertThat(deleted.hasAttributes()).isFalse();

        List<StreamRecord> records = recordsOf(ORDERS, "rv-1");
        assertThat(records).extracting(StreamRecord::eventName).containsExactly("INSERT", "MODIFY", "MODIFY", "REMOVE");
        // the new image is the item as stored (dynalite normalizes 31.50 to 31.5, as DynamoDB does)
        assertThat(records.get(0).newImage().orElseThrow()).isEqualTo(json("{\"id\":{\"S\":\"rv-1\"},\"rate\":{\"N\":\"31.5\"}}"));
        assertThat(records.get(1).oldImage()).isEqualTo(records.get(0).newImage());
        assertThat(records.get(2).oldImage()).isEqualTo(records.get(1).newImage());
        assertThat(records.get(3).oldImage()).isEqualTo(records.get(2).newImage());
        assertThat(records.get(3).newImage()).isEmpty();
    }

    @Test
    void aFailedConditionalWriteRecordsNothing() {
        client.putItem(request -> request.tableName(ORDERS).item(Map.of("id", s("o-2"), "version", n("2"))));

        assertThatThrownBy(() -> client.putItem(request -> request.tableName(ORDERS)
                .item(Map.of("id", s("o-2"), "version", n("1")))
                .conditionExpression("attribute_not_exists(id) OR version < :v")
                .expressionAttributeValues(Map.of(":v", n("1")))))
                .isInstanceOf(ConditionalCheckFailedException.class);

        assertThat(recordsOf(ORDERS, "o-2")).extracting(StreamRecord::eventName).containsExactly("INSERT");
    }

    @Test
    void aWriteThatChangesNothingRecordsNothing() {
        Map<String, AttributeValue> item = Map.of("id", s("o-3"), "name", s("same"));
        client.putItem(request -> request.tableName(ORDERS).item(item));
        client.putItem(request -> request.tableName(ORDERS).item(item));
        client.deleteItem(request -> request.tableName(ORDERS).key(Map.of("id", s("o-never-written"))));

        assertThat(recordsOf(ORDERS, "o-3")).extracting(StreamRecord::eventName).containsExactly("INSERT");
        assertThat(recordsOf(ORDERS, "o-never-written")).isEmpty();
    }

    @Test
    void batchWritesAreCapturedPerItem() {
        client.putItem(request -> request.tableName(ORDERS).item(Map.of("id", s("b-3"))));
        client.batchWriteItem(request -> request.requestItems(Map.of(ORDERS, List.of(
                WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("id", s("b-1"))).build()).build(),
                WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("id", s("b-2"))).build()).build(),
                WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(Map.of("id", s("b-3"))).build()).build()))));

        assertThat(recordsOf(ORDERS, "b-1")).extracting(StreamRecord::eventName).containsExactly("INSERT");
        assertThat(recordsOf(ORDERS, "b-2")).extracting(StreamRecord::eventName).containsExactly("INSERT");
        assertThat(recordsOf(ORDERS, "b-3")).extracting(StreamRecord::eventName).containsExactly("INSERT", "REMOVE");
    }

    @Test
    void keysOnlyStreamsCarryNoImagesAndTablesWithoutStreamsNothing() {
        client.putItem(request -> request.tableName(VERSIONS).item(Map.of("id", s("v-1"), "version", n("1"), "body", s("x"))));
        client.putItem(request -> request.tableName(PLAIN).item(Map.of("id", s("p-1"))));

        List<StreamRecord> records = log.read(streamArn(VERSIONS), StreamLog.TRIM_HORIZON, 100);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).keys()).isEqualTo(json("{\"id\":{\"S\":\"v-1\"},\"version\":{\"N\":\"1\"}}"));
        assertThat(records.get(0).oldImage()).isEmpty();
        assertThat(records.get(0).newImage()).isEmpty();
        assertThat(log.streamArns()).doesNotContain(streamArn(PLAIN));
    }

    @Test
    void aKeyDynaliteRefusesGetsDynalitesAnswerNotAServerError() {
        assertThatThrownBy(() -> client.putItem(request -> request.tableName(ORDERS).item(Map.of("id", n("7")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("One or more parameter values were invalid: Type mismatch for key id expected: S actual: N");
                });

        assertThat(log.read(streamArn(ORDERS), StreamLog.TRIM_HORIZON, 10_000))
                .noneMatch(record -> record.keys().path("id").has("N"));
    }

    @Test
    void operationsDynaliteLacksAreRefusedByName() {
        assertThatThrownBy(() -> client.transactWriteItems(request -> request.transactItems(TransactWriteItem.builder()
                .put(put -> put.tableName(ORDERS).item(Map.of("id", s("t-1")))).build())))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("TransactWriteItems is not supported by the local DynamoDB (dynalite 4.0.0 implements");

        assertThat(recordsOf(ORDERS, "t-1")).isEmpty();
    }

    @Test
    void describeTableShowsTheStream() {
        var table = client.describeTable(request -> request.tableName(ORDERS)).table();

        assertThat(table.latestStreamArn()).isEqualTo(streamArn(ORDERS));
        assertThat(table.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(client.describeTable(request -> request.tableName(PLAIN)).table().latestStreamArn()).isNull();
    }

    @Test
    void concurrentWritesToOneItemGiveAnUnbrokenChainOfImages() throws Exception {
        int threads = 8;
        int writesPerThread = 10;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writers.add(executor.submit(() -> {
                    for (int i = 0; i < writesPerThread; i++) {
                        client.updateItem(request -> request.tableName(ORDERS).key(Map.of("id", s("c-1")))
                                .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n("1"))));
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        List<StreamRecord> records = recordsOf(ORDERS, "c-1");
        assertThat(records).hasSize(threads * writesPerThread);
        assertThat(records.get(0).eventName()).isEqualTo("INSERT");
        for (int i = 1; i < records.size(); i++) {
            StreamRecord record = records.get(i);
            assertThat(record.eventName()).isEqualTo("MODIFY");
            assertThat(record.oldImage()).as("record %d starts where record %d ended", i, i - 1).isEqualTo(records.get(i - 1).newImage());
            assertThat(hits(record.newImage().orElseThrow())).isEqualTo(i + 1);
        }
    }

    private static List<StreamRecord> recordsOf(String table, String id) {
        return log.read(streamArn(table), StreamLog.TRIM_HORIZON, 10_000).stream()
                .filter(record -> record.keys().path("id").path("S").asText().equals(id))
                .toList();
    }

    private static int hits(ObjectNode image) {
        return Integer.parseInt(image.path("hits").path("N").asText());
    }

    private static String streamArn(String table) {
        return "arn:aws:dynamodb:eu-west-1:123456789012:table/" + table + "/stream/2000-01-01T00:00:00.000";
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
