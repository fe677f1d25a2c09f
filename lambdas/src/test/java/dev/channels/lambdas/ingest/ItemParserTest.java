package dev.channels.lambdas.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemParserTest {
    private final ItemParser parser = new ItemParser("id");

    @Test
    void keepsTheNumberTextAsWritten() throws InvalidMessageException {
        ParsedItem item = parser.parse("{\"id\":\"a\",\"big\":12345678901234567890.123456789,\"tiny\":1e-7,\"e\":1E+2,\"z\":-0.0}");

        assertThat(item.attributes()).containsEntry("big", AttributeValue.fromN("12345678901234567890.123456789"))
                .containsEntry("tiny", AttributeValue.fromN("1e-7"))
                .containsEntry("e", AttributeValue.fromN("1E+2"))
                .containsEntry("z", AttributeValue.fromN("-0.0"));
    }

    @Test
    void storesAnIntegerIdAsItsDigits() throws InvalidMessageException {
        ParsedItem item = parser.parse("{\"id\":-12345678901234567890123}");

        assertThat(item.id()).isEqualTo("-12345678901234567890123");
        assertThat(item.attributes()).isEqualTo(Map.of("id", AttributeValue.fromS("-12345678901234567890123")));
    }

    @Test
    void keepsAStringIdAsIsIncludingSurroundingSpaces() throws InvalidMessageException {
        assertThat(parser.parse("{\"id\":\" JO 1 \"}").id()).isEqualTo(" JO 1 ");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "''                       | body is empty",
        "'   '                    | body is empty",
        "'\"text\"'               | body is a JSON string, not an object",
        "'42'                     | body is a JSON number, not an object",
        "'null'                   | body is a JSON null, not an object",
        "'true'                   | body is a JSON boolean, not an object",
        "'{\"id\":\"a\"} {}'      | body has more content after the JSON object",
        "'{\"id\":\"a\",\"id\":\"b\"}' | body is not valid JSON (line 1, column 15)",
        "'{\"id\":\"a\"'          | body is not valid JSON (line 1, column 10)",
        "'{\"id\":NaN}'           | body is not valid JSON (line 1, column 10)",
        "'{\"id\":1.5}'           | id property 'id' must be a non-blank string or an integer",
        "'{\"id\":1e3}'           | id property 'id' must be a non-blank string or an integer",
        "'{\"id\":true}'          | id property 'id' must be a non-blank string or an integer",
        "'{\"id\":null}'          | id property 'id' must be a non-blank string or an integer",
        "'{\"id\":{\"v\":\"a\"}}' | id property 'id' must be a non-blank string or an integer",
        "'{\"id\":\"\"}'          | id property 'id' must be a non-blank string or an integer",
        "'{\"ID\":\"a\"}'         | id property 'id' is missing",
        "'{\"nested\":{\"id\":\"a\"}}' | id property 'id' is missing",
    })
    void rejectsWithAReasonThatQuotesNoValue(String body, String reason) {
        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage(reason);
    }

    @Test
    void rejectsANullBody() {
        assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(InvalidMessageException.class).hasMessage("body is empty");
    }
}
