package dev.channels.lambdas.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The path real DynamoDB takes and dynalite does not: the refusal carries the stored item
 * (ReturnValuesOnConditionCheckFailure=ALL_OLD), so no read follows. The dynalite tests cover the
 * fallback read.
 */
class ConditionalWriterTest {
    private final List<PutItemRequest> puts = new ArrayList<>();
    private final List<GetItemRequest> gets = new ArrayList<>();

    private ConditionalWriter writerRefusingWith(Map<String, AttributeValue> stored) {
        DynamoDbClient dynamo = new DynamoDbClient() {
            @Override
            public PutItemResponse putItem(PutItemRequest request) {
                puts.add(request);
                throw ConditionalCheckFailedException.builder().message("The conditional request failed").item(stored).build();
            }

            @Override
            public GetItemResponse getItem(GetItemRequest request) {
                gets.add(request);
                throw new AssertionError("no read needed: the refusal carried the item");
            }

            @Override
            public String serviceName() {
                return SERVICE_NAME;
            }

            @Override
            public void close() {
            }
        };
        return new ConditionalWriter(dynamo, "dev-job-order", "id");
    }

    private static Map<String, AttributeValue> stored(String version, String kind, String digest) {
        return Map.of("id", fromS("JO-1"), "_channels_version", fromN(version), "_channels_versionKind", fromS(kind),
                "_channels_bodySha256", fromS(digest));
    }

    private static Map<String, AttributeValue> item(String digest) {
        return Map.of("id", fromS("JO-1"), "_channels_bodySha256", fromS(digest));
    }

    @Test
    void theSameBodyAtAnEqualVersionIsADuplicateAnythingElseRefusedIsStale() {
        assertThat(writerRefusingWith(stored("5.0", "number", "aa")).write("JO-1", item("aa"), Version.number("5"), false))
                .isEqualTo(ConditionalWriter.Outcome.DUPLICATE);
        // Refused at an equal version with another body: the stored body's digest is the greater, it stays.
        assertThat(writerRefusingWith(stored("5", "number", "bb")).write("JO-1", item("aa"), Version.number("5"), false))
                .isEqualTo(ConditionalWriter.Outcome.STALE);
        assertThat(writerRefusingWith(stored("6", "number", "aa")).write("JO-1", item("aa"), Version.number("5"), false))
                .isEqualTo(ConditionalWriter.Outcome.STALE);
        assertThat(gets).isEmpty();
    }

    @Test
    void asksForTheStoredItemWithTheRefusalAndConditionsOnVersionKindAndDigest() {
        writerRefusingWith(stored("1", "number", "aa")).write("JO-1", item("cc"), Version.number("5"), false);
        writerRefusingWith(stored("9", "number", "aa")).write("JO-1", item("cc"), Version.number("5"), true);

        PutItemRequest normal = puts.get(0);
        assertThat(normal.returnValuesOnConditionCheckFailure()).isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        assertThat(normal.conditionExpression()).isEqualTo("attribute_not_exists(#v) OR attribute_not_exists(#k) "
                + "OR #k <> :k OR #v < :v OR (#v = :v AND (attribute_not_exists(#d) OR #d < :d))");
        assertThat(normal.expressionAttributeNames()).containsEntry("#v", "_channels_version")
                .containsEntry("#k", "_channels_versionKind").containsEntry("#d", "_channels_bodySha256");
        assertThat(normal.expressionAttributeValues()).containsEntry(":v", fromN("5")).containsEntry(":k", fromS("number"))
                .containsEntry(":d", fromS("cc"));
        PutItemRequest replay = puts.get(1);
        assertThat(replay.conditionExpression()).endsWith("#v <= :v");
        assertThat(replay.expressionAttributeNames()).doesNotContainKey("#d");
    }

    @Test
    void timestampVersionsAreExactEpochSeconds() {
        assertThat(Version.timestamp(java.time.Instant.parse("2025-11-25T09:30:00Z")).number()).isEqualTo("1764063000");
        assertThat(Version.timestamp(java.time.Instant.parse("2025-11-25T09:30:00.120Z")).number()).isEqualTo("1764063000.12");
        assertThat(Version.timestamp(java.time.Instant.parse("1969-12-31T23:59:59.5Z")).number()).isEqualTo("-0.5");
        assertThat(Version.timestamp(java.time.Instant.parse("2025-11-25T09:30:00.000000001Z")).number())
                .isEqualTo("1764063000.000000001");
    }
}
