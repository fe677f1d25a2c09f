package dev.channels.lambdas.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import dev.channels.lambdas.testing.DynaliteServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeTest {
    @RegisterExtension
    static final DynaliteServer DYNAMO = new DynaliteServer();

    @Test
    void countsNamesAndStringsInUtf8Bytes() {
        assertThat(ItemSize.of(Map.of("name", fromS("abc")))).isEqualTo(4 + 3);
        assertThat(ItemSize.of(Map.of("\u00e9", fromS("\u00e9\uD83D\uDE80")))).isEqualTo(2 + 2 + 4);
    }

    @Test
    void boundsNumbersByTheirDigitsAndCapsThemAt21Bytes() {
        assertThat(ItemSize.of(Map.of("n", fromN("7")))).isEqualTo(1 + 3);
        assertThat(ItemSize.of(Map.of("n", fromN("-12345.5e10")))).isEqualTo(1 + 5);
        assertThat(ItemSize.of(Map.of("n", fromN("12345678901234567890123456789012345678")))).isEqualTo(1 + 21);
    }

    @Test
    void addsOverheadForListsMapsAndTheirElements() {
        assertThat(ItemSize.of(Map.of("b", fromBool(true), "z", fromNul(true)))).isEqualTo(2 + 2);
        assertThat(ItemSize.of(Map.of("l", fromL(List.of(fromS("ab"), fromBool(false)))))).isEqualTo(1 + 3 + (1 + 2) + (1 + 1));
        assertThat(ItemSize.of(Map.of("m", fromM(Map.of("k", fromS("v")))))).isEqualTo(1 + 3 + 1 + (1 + 1));
    }

    /** The estimate never counts less than DynamoDB does: an item it puts just under 400 KB is accepted. */
    @Test
    void anItemEstimatedJustUnderTheLimitIsAcceptedByDynamoDb() {
        String table = DYNAMO.createTable("id");
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", fromS("big"));
        List<AttributeValue> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            rows.add(fromM(Map.of("n", fromN("1234567890.123456789"), "s", fromS("zurich"), "b", fromBool(true))));
        }
        item.put("rows", fromL(rows));
        long room = ItemSize.DYNAMODB_LIMIT - ItemSize.of(item) - 1 - 100;
        // ASCII: dynalite counts a string's UTF-16 length, which equals its UTF-8 size only for ASCII.
        item.put("t", fromS("x".repeat((int) room)));
        assertThat(ItemSize.of(item)).isBetween(ItemSize.DYNAMODB_LIMIT - 200L, (long) ItemSize.DYNAMODB_LIMIT);

        DYNAMO.client().putItem(request -> request.tableName(table).item(item));

        assertThat(DYNAMO.client().getItem(request -> request.tableName(table).key(Map.of("id", fromS("big")))).hasItem()).isTrue();
    }
}
