package dev.channels.lambdas.notify;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a stream image's attribute value as JSON text, the way the producer sent it: numbers keep
 * their digits (written as DynamoDB's text, never through double), maps become objects and lists
 * arrays. The text is canonical (object keys and set members sorted), so two values are equal exactly
 * when their texts are: that is how notify decides what changed.
 */
final class AttributeValueJson {

    private AttributeValueJson() {
    }

    static String toJson(AttributeValue value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = Json.FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            // Writing to a StringWriter does no I/O.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator out, AttributeValue value) throws IOException {
        if (value.getS() != null) {
            out.writeString(value.getS());
        } else if (value.getN() != null) {
            out.writeNumber(value.getN());
        } else if (value.getBOOL() != null) {
            out.writeBoolean(value.getBOOL());
        } else if (value.getM() != null) {
            writeObject(out, value.getM());
        } else if (value.getL() != null) {
            out.writeStartArray();
            for (AttributeValue element : value.getL()) {
                write(out, element);
            }
            out.writeEndArray();
        } else if (value.getSS() != null) {
            out.writeStartArray();
            for (String member : value.getSS().stream().sorted().toList()) {
                out.writeString(member);
            }
            out.writeEndArray();
        } else if (value.getNS() != null) {
            out.writeStartArray();
            for (String member : value.getNS().stream().sorted().toList()) {
                out.writeNumber(member);
            }
            out.writeEndArray();
        } else if (value.getB() != null) {
            out.writeString(base64(value.getB()));
        } else if (value.getBS() != null) {
            writeBinarySet(out, value.getBS());
        } else {
            // NULL, the only type left.
            out.writeNull();
        }
    }

    private static void writeObject(JsonGenerator out, Map<String, AttributeValue> members) throws IOException {
        out.writeStartObject();
        for (Map.Entry<String, AttributeValue> member : new TreeMap<>(members).entrySet()) {
            out.writeFieldName(member.getKey());
            write(out, member.getValue());
        }
        out.writeEndObject();
    }

    private static void writeBinarySet(JsonGenerator out, List<ByteBuffer> members) throws IOException {
        out.writeStartArray();
        for (String member : members.stream().map(AttributeValueJson::base64).sorted().toList()) {
            out.writeString(member);
        }
        out.writeEndArray();
    }

    private static String base64(ByteBuffer bytes) {
        ByteBuffer view = bytes.duplicate();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return Base64.getEncoder().encodeToString(copy);
    }
}
