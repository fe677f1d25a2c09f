package dev.channels.tools.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A local cloud's {@code cdk.out/local-endpoints.json}, as the tools read it: its top-level strings (service
 * endpoints such as {@code sqs}, {@code region}) by name, and the strings of its objects as {@code OBJECT.NAME}
 * ({@code apis.job-order}, {@code queues.dev-job-order-notices}, {@code slack.webhookUrl}).
 */
public record LocalEndpointsFile(Map<String, String> values) {
    public LocalEndpointsFile {
        values = Map.copyOf(values);
    }

    public static LocalEndpointsFile read(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        try (JsonParser parser = Json.FACTORY.createParser(Files.readString(file))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    values.put(name, parser.getText());
                } else if (value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String member = parser.currentName();
                        if (parser.nextToken() == JsonToken.VALUE_STRING) {
                            values.put(name + "." + member, parser.getText());
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new LocalEndpointsFile(values);
    }

    /** The value, or {@code null} when the file has none. */
    public String get(String name) {
        return values.get(name);
    }
}
