package dev.channels.lambdas.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.channels.contract.MetadataAttributes;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a message body (one JSON object) into DynamoDB attributes, property by property, without
 * knowing the object's schema: objects become M, arrays L, strings S, numbers N with the exact text the
 * producer sent (never through double), booleans BOOL and null NUL. A number DynamoDB cannot hold is
 * left for DynamoDB to refuse, which fails that message alone.
 *
 * <p>The id property must hold a non-blank string or an integer; it is stored as S (an integer as its
 * digits) because it is the table's string partition key.
 */
final class ItemParser {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private final String idProperty;

    ItemParser(String idProperty) {
        this.idProperty = idProperty;
    }

    ParsedItem parse(String body) throws InvalidMessageException {
        if (body == null || body.isBlank()) {
            throw new InvalidMessageException("body is empty");
        }
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidMessageException("body is a JSON " + describe(first) + ", not an object");
            }
            Map<String, AttributeValue> attributes = readObject(parser);
            if (parser.nextToken() != null) {
                throw new InvalidMessageException("body has more content after the JSON object");
            }
            return withCheckedId(attributes);
        } catch (StreamConstraintsException e) {
            throw new InvalidMessageException("body exceeds the JSON parser's limits " + location(e));
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("body is not valid JSON " + location(e));
        } catch (IOException e) {
            // Parsing a String does no I/O; anything else here is a bug, not a bad message.
            throw new UncheckedIOException(e);
        }
    }

    private ParsedItem withCheckedId(Map<String, AttributeValue> attributes) throws InvalidMessageException {
        for (String name : attributes.keySet()) {
            if (MetadataAttributes.isMetadata(name)) {
                throw new InvalidMessageException("property '" + name + "' uses the prefix '"
                        + MetadataAttributes.PREFIX + "' reserved for the pipeline's own attributes");
            }
        }
        AttributeValue idValue = attributes.get(idProperty);
        if (idValue == null) {
            throw new InvalidMessageException("id property '" + idProperty + "' is missing");
        }
        String id;
        if (idValue.s() != null && !idValue.s().isBlank()) {
            id = idValue.s();
        } else if (idValue.n() != null && INTEGER.matcher(idValue.n()).matches()) {
            id = idValue.n();
        } else {
            throw new InvalidMessageException(
                    "id property '" + idProperty + "' must be a non-blank string or an integer");
        }
        Map<String, AttributeValue> withStringId = new LinkedHashMap<>(attributes);
        withStringId.put(idProperty, AttributeValue.fromS(id));
        return new ParsedItem(id, withStringId);
    }

    /** Reads members up to the END_OBJECT that closes the object whose START_OBJECT is current. */
    private static Map<String, AttributeValue> readObject(JsonParser parser) throws IOException {
        Map<String, AttributeValue> members = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            members.put(name, readValue(parser));
        }
        return members;
    }

    private static List<AttributeValue> readArray(JsonParser parser) throws IOException {
        List<AttributeValue> elements = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            elements.add(readValue(parser));
        }
        return elements;
    }

    private static AttributeValue readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> AttributeValue.fromM(readObject(parser));
            case START_ARRAY -> AttributeValue.fromL(readArray(parser));
            case VALUE_STRING -> AttributeValue.fromS(parser.getText());
            // The producer's own text: DynamoDB checks it (38 digits, 1E-130 .. 9.99E+125) and stores it exactly.
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> AttributeValue.fromN(parser.getText());
            case VALUE_TRUE -> AttributeValue.fromBool(true);
            case VALUE_FALSE -> AttributeValue.fromBool(false);
            case VALUE_NULL -> AttributeValue.fromNul(true);
            default -> throw new IllegalStateException("JSON parser produced " + token + " where a value belongs");
        };
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static String location(JsonProcessingException e) {
        if (e.getLocation() == null) {
            return "";
        }
        return "(line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
