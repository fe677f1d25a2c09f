package dev.channels.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.Fixtures;
import dev.channels.local.json.Json;
import dev.channels.support.dynalite.Dynalite;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB's write rules, through the proxy in front of a real dynalite with the AWS SDK as a handler calls it:
 * each refusal is the SDK's {@code DynamoDbException} with AWS's error code and message, and nothing is stored
 * (no item, no stream record). The table: key {@code id} (S) + {@code sk} (S), a GSI on {@code status} +
 * {@code updated} (S), an LSI on {@code owner} (B), a stream with both images.
 */
class WriteRulesTest {
    private static final String TABLE = "rules";
    private static final String EURO = "\u20ac"; // 3 bytes in UTF-8, 1 UTF-16 unit: where dynalite counts wrong
    private static final String ONE_ERROR = "1 validation error detected: ";
    private static final String TOO_DEEP = "Nesting Levels have exceeded supported limits: "
            + "Attributes in the item have nested levels beyond supported limit";
    private static final String ITEM_TOO_BIG = "Item size has exceeded the maximum allowed size";

    private static Dynalite dynalite;
    private static InMemoryStreamLog log;
    private static StreamCaptureProxy proxy;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() throws Exception {
        dynalite = Dynalite.builder().cli(Fixtures.dynaliteCli()).start();
        log = new InMemoryStreamLog(Clock.systemUTC());
        proxy = StreamCaptureProxy.start(dynalite.endpoint(), log, "eu-west-1", WriteRulesTest::streamArn, Clock.systemUTC());
        client = Fixtures.dynamoDb(proxy.uri());
        client.createTable(request -> request.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("id", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.S),
                        attribute("status", ScalarAttributeType.S), attribute("updated", ScalarAttributeType.S),
                        attribute("owner", ScalarAttributeType.B))
                .keySchema(key("id", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(index -> index.indexName("by-status")
                        .keySchema(key("status", KeyType.HASH), key("updated", KeyType.RANGE))
                        .projection(projection -> projection.projectionType(ProjectionType.ALL)))
                .localSecondaryIndexes(index -> index.indexName("by-owner")
                        .keySchema(key("id", KeyType.HASH), key("owner", KeyType.RANGE))
                        .projection(projection -> projection.projectionType(ProjectionType.KEYS_ONLY)))
                .streamSpecification(spec -> spec.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        client.waiter().waitUntilTableExists(request -> request.tableName(TABLE));
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
    void anEmptyStringOrBinaryAsASecondaryIndexKeyIsRefused() {
        String emptyGsiKey = "One or more parameter values are not valid. A value specified for a secondary index key is "
                + "not supported. The AttributeValue for a key attribute cannot contain an empty string value. "
                + "IndexName: by-status, IndexKey: status";
        Map<String, AttributeValue> item = Map.of("id", s("gsi-1"), "sk", s("a"), "status", s(""));

        assertRefused(() -> client.putItem(request -> request.tableName(TABLE).item(item)), emptyGsiKey);
        assertRefused(() -> client.batchWriteItem(request -> request.requestItems(Map.of(TABLE, List.of(put(item))))), emptyGsiKey);
        assertRefused(() -> client.transactWriteItems(request -> request.transactItems(TransactWriteItem.builder()
                .put(put -> put.tableName(TABLE).item(item)).build())), emptyGsiKey);
        assertRefused(() -> client.putItem(request -> request.tableName(TABLE)
                        .item(Map.of("id", s("gsi-1"), "sk", s("a"), "owner", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0]))))),
                "One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
                        + "The AttributeValue for a key attribute cannot contain an empty binary value. "
                        + "IndexName: by-owner, IndexKey: owner");
        assertNothingStored("gsi-1", "a");

        client.putItem(request -> request.tableName(TABLE).item(Map.of("id", s("gsi-2"), "sk", s("a"), "status", s("open"))));
        assertRefused(() -> client.updateItem(request -> request.tableName(TABLE).key(Map.of("id", s("gsi-2"), "sk", s("a")))
                        .updateExpression("SET note = :note, #s = :status").expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":note", s("n"), ":status", s("")))),
                "One or more parameter values are not valid. The update expression attempted to update a secondary index "
                        + "key to a value that is not supported. The AttributeValue for a key attribute cannot contain an "
                        + "empty string value.");
        assertThat(stored("gsi-2", "a")).isEqualTo(Map.of("id", s("gsi-2"), "sk", s("a"), "status", s("open")));
        assertThat(records("gsi-2")).containsExactly("INSERT");
    }

    @Test
    void anEmptyStringAsATableKeyIsRefusedInItemsAndKeys() {
        String emptyKey = "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
                + "contain an empty string value. Key: ";
        Map<String, AttributeValue> emptySortKey = Map.of("id", s("key-1"), "sk", s(""));

        assertRefused(() -> client.putItem(request -> request.tableName(TABLE).item(Map.of("id", s(""), "sk", s("a")))), emptyKey + "id");
        assertRefused(() -> client.putItem(request -> request.tableName(TABLE).item(emptySortKey)), emptyKey + "sk");
        assertRefused(() -> client.getItem(request -> request.tableName(TABLE).key(emptySortKey)), emptyKey + "sk");
        assertRefused(() -> client.deleteItem(request -> request.tableName(TABLE).key(emptySortKey)), emptyKey + "sk");
        assertRefused(() -> client.updateItem(request -> request.tableName(TABLE).key(emptySortKey)
                .updateExpression("SET note = :n").expressionAttributeValues(Map.of(":n", s("x")))), emptyKey + "sk");
        assertRefused(() -> client.batchWriteItem(request -> request.requestItems(Map.of(TABLE, List.of(
                WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(emptySortKey).build()).build())))), emptyKey + "sk");
        assertThat(records("key-1")).isEmpty();
        assertThat(records("")).isEmpty();
    }

    @Test
    void emptyStringsAndBinariesOutsideKeysAreStored() {
        Map<String, AttributeValue> item = Map.of("id", s("non-key-1"), "sk", s("a"), "note", s(""),
                "blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])),
                "nested", AttributeValue.fromM(Map.of("empty", s(""))));

        client.putItem(request -> request.tableName(TABLE).item(item));

        assertThat(stored("non-key-1", "a")).isEqualTo(item);
        assertThat(records("non-key-1")).containsExactly("INSERT");
    }

    @Test
    void valuesNestedDeeperThan32LevelsAreRefused() {
        Map<String, AttributeValue> tooDeep = Map.of("id", s("deep-1"), "sk", s("a"), "doc", nestedMaps(32));

        assertRefused(() -> client.putItem(request -> request.tableName(TABLE).item(tooDeep)), ONE_ERROR + TOO_DEEP);
        assertRefused(() -> client.putItem(request -> request.tableName(TABLE)
                .item(Map.of("id", s("deep-1"), "sk", s("a"), "doc", nestedLists(32)))), ONE_ERROR + TOO_DEEP);
        assertRefused(() -> client.batchWriteItem(request -> request.requestItems(Map.of(TABLE, List.of(put(tooDeep))))), TOO_DEEP);
        assertRefused(() -> client.updateItem(request -> request.tableName(TABLE).key(Map.of("id", s("deep-1"), "sk", s("a")))
                .updateExpression("SET doc = :doc").expressionAttributeValues(Map.of(":doc", nestedMaps(32)))), ONE_ERROR + TOO_DEEP);
        assertNothingStored("deep-1", "a");

    }

    @Test
    void valuesTooDeepForTheProxysJsonParserAreRefusedToo() throws Exception {
        // The SDK writes at most 1,000 JSON levels; the AWS CLI has no such limit. Past 62 levels DynamoDB drops
        // the "1 validation error" envelope.
        String doc = "{\"M\":{\"n\":".repeat(600) + "{\"S\":\"leaf\"}" + "}}".repeat(600);
        String body = "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"id\":{\"S\":\"deep-3\"},\"sk\":{\"S\":\"a\"},"
                + "\"doc\":" + doc + "}}";

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(proxy.uri())
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "DynamoDB_20120810.PutItem")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = Json.MAPPER.readTree(response.body());
        assertThat(error.path("__type").asText()).isEqualTo("com.amazon.coral.validate#ValidationException");
        assertThat(error.path("message").asText()).isEqualTo(TOO_DEEP);
        assertNothingStored("deep-3", "a");
    }

    @Test
    void exactly32LevelsAreStored() {
        // The attribute is level 1: 31 maps around a string put the string at level 32.
        Map<String, AttributeValue> item = Map.of("id", s("deep-2"), "sk", s("a"), "doc", nestedMaps(31), "list", nestedLists(31));

        client.putItem(request -> request.tableName(TABLE).item(item));

        assertThat(stored("deep-2", "a")).isEqualTo(item);
        assertThat(records("deep-2")).containsExactly("INSERT");
    }

    @Test
    void itemsOver400KbAreRefusedCountingUtf8Bytes() {
        // 18 bytes of names and keys + 409,583 bytes of text = 409,601. dynalite alone counts the euro signs as
        // 136,527 units and would store it.
        Map<String, AttributeValue> tooBig = Map.of("id", s("size-over"), "sk", s("a"), "body", s(EURO.repeat(136_527) + "ab"));

        assertRefused(() -> client.putItem(request -> request.tableName(TABLE).item(tooBig)), ITEM_TOO_BIG);
        assertRefused(() -> client.batchWriteItem(request -> request.requestItems(Map.of(TABLE, List.of(put(tooBig))))), ITEM_TOO_BIG);
        assertNothingStored("size-over", "a");

        // UpdateItem: the size of the updated item is dynalite's check (ASCII, which it counts right).
        Map<String, AttributeValue> small = Map.of("id", s("size-up"), "sk", s("a"));
        client.putItem(request -> request.tableName(TABLE).item(small));
        assertRefused(() -> client.updateItem(request -> request.tableName(TABLE).key(small)
                        .updateExpression("SET body = :body").expressionAttributeValues(Map.of(":body", s("x".repeat(409_600))))),
                "Item size to update has exceeded the maximum allowed size");
        assertThat(stored("size-up", "a")).isEqualTo(small);
        assertThat(records("size-up")).containsExactly("INSERT");
    }

    @Test
    void anItemOfExactly400KbIsStored() {
        // "id" + "size-limit" + "sk" + "a" + "body" = 19 bytes; 136,527 euro signs = 409,581 bytes.
        Map<String, AttributeValue> item = Map.of("id", s("size-limit"), "sk", s("a"), "body", s(EURO.repeat(136_527)));
        ObjectNode json = Json.object();
        json.putObject("id").put("S", "size-limit");
        json.putObject("sk").put("S", "a");
        json.putObject("body").put("S", EURO.repeat(136_527));
        assertThat(ItemSize.of(json)).isEqualTo(409_600);

        client.putItem(request -> request.tableName(TABLE).item(item));

        assertThat(stored("size-limit", "a")).isEqualTo(item);
    }

    @Test
    void numbersBeyond38DigitsOrDynamoDbsRangeAreRefused() {
        assertRefused(() -> putNumber("num-1", "123456789012345678901234567890123456789"),
                "Attempting to store more than 38 significant digits in a Number");
        assertRefused(() -> putNumber("num-1", "1E+126"),
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertRefused(() -> putNumber("num-1", "-1E+126"),
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertRefused(() -> putNumber("num-1", "1E-131"),
                "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        assertRefused(() -> client.updateItem(request -> request.tableName(TABLE).key(Map.of("id", s("num-1"), "sk", s("a")))
                        .updateExpression("SET n = :n").expressionAttributeValues(Map.of(":n", n("1E+126")))),
                "ExpressionAttributeValues contains invalid value: Number overflow. Attempting to store a number with "
                        + "magnitude larger than supported range for key :n");
        assertNothingStored("num-1", "a");
    }

    @Test
    void numbersAtTheLimitsAreStored() {
        for (String number : List.of("12345678901234567890123456789012345678", "-12345678901234567890123456789012345678",
                "9.9999999999999999999999999999999999999E+125", "-9.9999999999999999999999999999999999999E+125",
                "1E-130", "-1E-130", "0")) {
            putNumber("num-" + number, number);

            assertThat(new BigDecimal(stored("num-" + number, "a").get("n").n()))
                    .isEqualByComparingTo(new BigDecimal(number));
        }
    }

    @Test
    void keysOverTheirSizeLimitsAreRefusedCountingUtf8Bytes() {
        String hashTooBig = "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes";
        String sortTooBig = "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size "
                + "limit of 1024 bytes";
        String id = EURO.repeat(683); // 2,049 bytes; dynalite alone counts 683
        String sk = EURO.repeat(341) + "ab"; // 1,025 bytes

        assertRefused(() -> client.putItem(request -> request.tableName(TABLE).item(Map.of("id", s(id), "sk", s("a")))), hashTooBig);
        assertRefused(() -> client.getItem(request -> request.tableName(TABLE).key(Map.of("id", s(id), "sk", s("a")))), hashTooBig);
        assertRefused(() -> client.putItem(request -> request.tableName(TABLE).item(Map.of("id", s("long-sk"), "sk", s(sk)))), sortTooBig);
        assertRefused(() -> client.batchWriteItem(request -> request.requestItems(Map.of(TABLE,
                List.of(put(Map.of("id", s("long-sk"), "sk", s(sk))))))), sortTooBig);
        assertRefused(() -> client.deleteItem(request -> request.tableName(TABLE).key(Map.of("id", s("long-sk"), "sk", s(sk)))), sortTooBig);
        assertThat(records(id)).isEmpty();
        assertThat(records("long-sk")).isEmpty();
    }

    @Test
    void keysAtTheirSizeLimitsAreStored() {
        String id = EURO.repeat(682) + "ab"; // 2,048 bytes
        String sk = EURO.repeat(341) + "a"; // 1,024 bytes
        Map<String, AttributeValue> item = Map.of("id", s(id), "sk", s(sk));

        client.putItem(request -> request.tableName(TABLE).item(item));

        assertThat(stored(id, sk)).isEqualTo(item);
        assertThat(records(id)).containsExactly("INSERT");
    }

    private static void putNumber(String id, String number) {
        client.putItem(request -> request.tableName(TABLE).item(Map.of("id", s(id), "sk", s("a"), "n", n(number))));
    }

    private static void assertRefused(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    private static void assertNothingStored(String id, String sk) {
        assertThat(client.getItem(request -> request.tableName(TABLE).key(Map.of("id", s(id), "sk", s(sk))).consistentRead(true))
                .hasItem()).as("item %s stored", id).isFalse();
        assertThat(records(id)).isEmpty();
    }

    private static Map<String, AttributeValue> stored(String id, String sk) {
        return client.getItem(request -> request.tableName(TABLE).key(Map.of("id", s(id), "sk", s(sk))).consistentRead(true)).item();
    }

    /** The event names of the stream records of one item. */
    private static List<String> records(String id) {
        return log.read(streamArn(TABLE), StreamLog.TRIM_HORIZON, 10_000).stream()
                .filter(record -> record.keys().path("id").path("S").asText().equals(id))
                .map(StreamRecord::eventName)
                .toList();
    }

    /** A string wrapped in {@code maps} maps: the string is at level {@code maps + 1}. */
    private static AttributeValue nestedMaps(int maps) {
        AttributeValue value = s("leaf");
        for (int i = 0; i < maps; i++) {
            value = AttributeValue.fromM(Map.of("n", value));
        }
        return value;
    }

    private static AttributeValue nestedLists(int lists) {
        AttributeValue value = s("leaf");
        for (int i = 0; i < lists; i++) {
            value = AttributeValue.fromL(List.of(value));
        }
        return value;
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
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
}
