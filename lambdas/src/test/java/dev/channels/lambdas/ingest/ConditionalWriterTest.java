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

    private static Map<String, AttributeValue> stored(String version, String kind) {
        return Map.of("id", fromS("JO-1"), "_channels_version", fromN(version), "_channels_versionKind", fromS(kind));
    }

    @Test
    void anEqualStoredVersionIsADuplicateAndANewerOneMakesThisStale() {
        Map<String, AttributeValue> item = Map.of("id", fromS("JO-1"));

        assertThat(writerRefusingWith(stored("5.0", "number")).write("JO-1", item, Version.number("5"), false))
                .isEqualTo(ConditionalWriter.Outcome.DUPLICATE);
        assertThat(writerRefusingWith(stored("6", "number")).write("JO-1", item, Version.number("5"), false))
                .isEqualTo(ConditionalWriter.Outcome.STALE);
        assertThat(gets).isEmpty();
    }

    @Test
    void asksForTheStoredItemWithTheRefusalAndConditionsOnVersionAndKind() {
        writerRefusingWith(stored("1", "number")).write("JO-1", Map.of("id", fromS("JO-1")), Version.number("5"), false);
        writerRefusingWith(stored("9", "number")).write("JO-1", Map.of("id", fromS("JO-1")), Version.number("5"), true);

        PutItemRequest normal = puts.get(0);
        assertThat(normal.returnValuesOnConditionCheckFailure()).isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        assertThat(normal.conditionExpression())
                .isEqualTo("attribute_not_exists(#v) OR attribute_not_exists(#k) OR #k <> :k OR #v < :v");
        assertThat(normal.expressionAttributeNames()).containsEntry("#v", "_channels_version").containsEntry("#k", "_channels_versionKind");
        assertThat(normal.expressionAttributeValues()).containsEntry(":v", fromN("5")).containsEntry(":k", fromS("number"));
        assertThat(puts.get(1).conditionExpression()).endsWith("#v <= :v");
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
