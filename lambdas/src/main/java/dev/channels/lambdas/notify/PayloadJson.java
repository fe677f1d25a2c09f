package dev.channels.lambdas.notify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a claim-checked body (the producer's JSON object, from S3) as the same canonical JSON text per
 * top-level property that {@link AttributeValueJson} gives for an item held inline: object keys sorted,
 * and numbers in DynamoDB's plain form (DynamoDB answers {@code 1e-7} as {@code 0.0000001} and
 * {@code -3.50} as {@code -3.5}; same value, same digits). So an object that grows past the inline
 * limit, or shrinks back under it, shows only what really changed.
 */
final class PayloadJson {

    private PayloadJson() {
    }

    /** Every top-level property but {@code idProperty}, as canonical JSON text. */
    static Map<String, String> properties(String body, String idProperty) {
        Map<String, String> properties = new HashMap<>();
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("stored payload is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                String value = canonical(parser);
                if (!name.equals(idProperty)) {
                    properties.put(name, value);
                }
            }
        } catch (IOException e) {
            // Ingest stored only bodies it had parsed; a body that does not parse now was changed in S3.
            throw new IllegalStateException("stored payload is not valid JSON");
        }
        return properties;
    }

    private static String canonical(JsonParser parser) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            switch (parser.currentToken()) {
                case START_OBJECT -> {
                    Map<String, String> members = new TreeMap<>();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        parser.nextToken();
                        members.put(name, canonical(parser));
                    }
                    json.writeStartObject();
                    for (Map.Entry<String, String> member : members.entrySet()) {
                        json.writeFieldName(member.getKey());
                        json.writeRawValue(member.getValue());
                    }
                    json.writeEndObject();
                }
                case START_ARRAY -> {
                    List<String> elements = new ArrayList<>();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        elements.add(canonical(parser));
                    }
                    json.writeStartArray();
                    for (String element : elements) {
                        json.writeRawValue(element);
                    }
                    json.writeEndArray();
                }
                case VALUE_STRING -> json.writeString(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                        json.writeNumber(new BigDecimal(parser.getText()).stripTrailingZeros().toPlainString());
                case VALUE_TRUE -> json.writeBoolean(true);
                case VALUE_FALSE -> json.writeBoolean(false);
                case VALUE_NULL -> json.writeNull();
                default -> throw new IllegalStateException(
                        "JSON parser produced " + parser.currentToken() + " where a value belongs");
            }
        }
        return out.toString();
    }
}
