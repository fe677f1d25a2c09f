package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeValueJsonTest {

    @Test
    void rendersScalarsAsJsonKeepingEveryDigit() {
        assertThat(json(new AttributeValue().withS("Zürich \uD83D\uDE80 \"q\""))).isEqualTo("\"Zürich \uD83D\uDE80 \\\"q\\\"\"");
        assertThat(json(new AttributeValue().withN("12345678901234567890.123456789"))).isEqualTo("12345678901234567890.123456789");
        assertThat(json(new AttributeValue().withN("-0.0000001"))).isEqualTo("-0.0000001");
        assertThat(json(new AttributeValue().withBOOL(false))).isEqualTo("false");
        assertThat(json(new AttributeValue().withNULL(true))).isEqualTo("null");
    }

    @Test
    void rendersMapsWithSortedKeysAndListsInOrder() {
        Map<String, AttributeValue> members = new LinkedHashMap<>();
        members.put("z", new AttributeValue().withN("1"));
        members.put("a", new AttributeValue().withL(List.of(
                new AttributeValue().withS("x"), new AttributeValue().withM(Map.of()), new AttributeValue().withL(List.of()))));

        assertThat(json(new AttributeValue().withM(members))).isEqualTo("{\"a\":[\"x\",{},[]],\"z\":1}");
    }

    @Test
    void rendersSetsAsSortedArraysAndBinaryAsBase64() {
        assertThat(json(new AttributeValue().withSS("b", "a"))).isEqualTo("[\"a\",\"b\"]");
        assertThat(json(new AttributeValue().withNS("2.5", "10"))).isEqualTo("[10,2.5]");
        ByteBuffer hi = ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(json(new AttributeValue().withB(hi))).isEqualTo("\"aGk=\"");
        assertThat(hi.remaining()).as("rendering leaves the buffer readable").isEqualTo(2);
        assertThat(json(new AttributeValue().withBS(ByteBuffer.wrap(new byte[] {2}), ByteBuffer.wrap(new byte[] {1}))))
                .isEqualTo("[\"AQ==\",\"Ag==\"]");
    }

    private static String json(AttributeValue value) {
        return AttributeValueJson.toJson(value);
    }
}
