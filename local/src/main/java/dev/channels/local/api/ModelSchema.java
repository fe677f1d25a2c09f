package dev.channels.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.channels.local.template.ResolveException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@code AWS::ApiGateway::Model}'s schema (JSON Schema draft 4, networknt validator) and what it finds wrong
 * with a request body, in the words {@code $context.error.validationErrorString} gives.
 */
final class ModelSchema {
    private static final String DRAFT_4 = "http://json-schema.org/draft-04/schema";
    /** The validator reads Jackson 3 trees: bodies are parsed with it, numbers exact, trailing data refused. */
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    /** Draft 4, errors located as {@code $.id}, {@code $} for the root (the validator's legacy paths, as before 2.x). */
    private static final SchemaRegistry DRAFT_4_SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.LEGACY).build()));

    private final Schema schema;

    private ModelSchema(Schema schema) {
        this.schema = schema;
    }

    /**
     * Compiles a model's {@code Schema} (an object, or its JSON text); fails with {@code at} when it is not a draft 4
     * schema or refers to other models.
     */
    static ModelSchema compile(JsonNode schema, String at) {
        if (!schema.isObject()) {
            throw new ResolveException(at, "missing or not a JSON object");
        }
        String version = schema.path("$schema").asText(DRAFT_4);
        if (!version.replaceAll("#$", "").equals(DRAFT_4)) {
            throw new ResolveException(at + ".$schema", version + ": API Gateway models are JSON Schema draft 4");
        }
        checkLocalRefs(schema, at);
        try {
            return new ModelSchema(DRAFT_4_SCHEMAS.getSchema(STRICT_JSON.readTree(schema.toString())));
        } catch (RuntimeException e) {
            throw new ResolveException(at, "not a valid draft 4 schema: " + e.getMessage());
        }
    }

    /**
     * What the validator finds wrong with the body, sorted; empty when it is valid. An empty body is validated
     * as {@code {}}, as API Gateway does; a body that is not JSON is one error saying where it stops being JSON.
     */
    List<String> errors(String body) {
        tools.jackson.databind.JsonNode json;
        try {
            json = STRICT_JSON.readTree(body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            return List.of("Invalid JSON: " + e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        return schema.validate(json).stream().map(Error::toString).sorted().toList();
    }

    /** {@code $ref}s to other models (API Gateway URLs) would be fetched over the network: refused. */
    private static void checkLocalRefs(JsonNode node, String at) {
        if (node.isObject()) {
            node.fields().forEachRemaining(entry -> {
                if (entry.getKey().equals("$ref") && !entry.getValue().asText().startsWith("#")) {
                    throw new ResolveException(at + ".$ref", entry.getValue().asText()
                            + ": references to other models are not supported locally");
                }
                checkLocalRefs(entry.getValue(), at + "." + entry.getKey());
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkLocalRefs(node.get(i), at + "[" + i + "]");
            }
        }
    }
}
