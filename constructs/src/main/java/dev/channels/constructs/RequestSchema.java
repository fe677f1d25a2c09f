package dev.channels.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;

/**
 * The JSON Schema (draft 4, as API Gateway models are) every channel's API enforces, so that a body the
 * pipeline can never store is refused with 400 at the edge instead of being queued, retried and dead-lettered.
 *
 * <p>The default schema: a JSON object; the id property required, a string with a non-blank character and
 * at most {@link #MAX_PARTITION_KEY_CHARACTERS} characters, or an integer (ingest stores it as its digits);
 * each index key property, when present, a non-empty string
 * (or a number, when the index declares the key as NUMBER) within DynamoDB's key size; the version property,
 * when the channel has one, required and a JSON number or an ISO-8601 timestamp with offset. Any other
 * property passes untouched.
 *
 * <p>A channel's own schema is combined with the default one ({@code allOf} of both), never used instead of
 * it: a user schema can add rules but never weaken the ones without which DynamoDB refuses the write.
 */
final class RequestSchema {
    /**
     * DynamoDB allows 2048 bytes (UTF-8) for a partition key. JSON Schema's maxLength counts characters, and
     * one character takes at most 4 bytes in UTF-8 (a validator counting UTF-16 units instead sees at most
     * 3 bytes per unit), so 2048 / 4 = 512 characters always fit, whatever the text.
     */
    static final int MAX_PARTITION_KEY_CHARACTERS = 2048 / 4;
    /** DynamoDB allows 1024 bytes (UTF-8) for a sort key: 1024 / 4 characters always fit (as above). */
    static final int MAX_SORT_KEY_CHARACTERS = 1024 / 4;
    /** At least one character that is not white space: ingest refuses a blank id. */
    static final String NOT_BLANK = "\\S";
    /**
     * What ingest's VersionReader parses as a timestamp (ISO_OFFSET_DATE_TIME): date, 'T', time to the minute
     * with optional seconds and fraction, and an offset ('Z' or +hh:mm); a timestamp without offset is refused.
     */
    static final String TIMESTAMP_WITH_OFFSET =
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}(:\\d{2})?)$";

    private RequestSchema() {
    }

    /** The schema POST /<channel> enforces: the default schema, combined with the channel's own when it has one. */
    static JsonSchema of(ChannelProps props) {
        return props.requestSchema().map(own -> combined(props, own))
                .orElseGet(() -> rules(props).schema(JsonSchemaVersion.DRAFT4).title(props.name()).build());
    }

    /** The default schema's rules, without $schema and title (it may be a part of another schema). */
    private static JsonSchema.Builder rules(ChannelProps props) {
        Map<String, List<JsonSchema>> rules = new LinkedHashMap<>();
        rule(rules, props.idProperty(), id());
        for (GlobalSecondaryIndexProps index : props.indexes()) {
            indexKey(rules, index.getPartitionKey(), MAX_PARTITION_KEY_CHARACTERS);
            if (index.getSortKey() != null) {
                indexKey(rules, index.getSortKey(), MAX_SORT_KEY_CHARACTERS);
            }
        }
        List<String> required = new ArrayList<>(List.of(props.idProperty()));
        props.versionProperty().ifPresent(version -> {
            rule(rules, version, version());
            required.add(version);
        });
        // Sorted: the template (and with it the API deployment) must not depend on the order of declaration.
        Map<String, JsonSchema> properties = new TreeMap<>();
        rules.forEach((property, all) -> properties.put(property, all.size() == 1 ? all.get(0)
                : JsonSchema.builder().allOf(all).build()));
        return JsonSchema.builder()
                .type(JsonSchemaType.OBJECT)
                .required(required)
                .properties(properties);
    }

    /**
     * Both schemas must hold. The channel's definitions move to the root, so its {@code #/definitions/...}
     * references still resolve.
     */
    private static JsonSchema combined(ChannelProps props, JsonSchema own) {
        JsonSchema.Builder builder = JsonSchema.builder()
                .schema(JsonSchemaVersion.DRAFT4)
                .title(props.name())
                .allOf(List.of(rules(props).build(), own));
        if (own.getDefinitions() != null) {
            builder.definitions(own.getDefinitions());
        }
        return builder.build();
    }

    private static void indexKey(Map<String, List<JsonSchema>> rules, Attribute key, int maxCharacters) {
        rule(rules, key.getName(), key(key.getType(), maxCharacters));
    }

    /**
     * What ingest's ItemParser takes as an id: a non-blank string, or an integer. The string rules (length,
     * pattern) do not apply to an integer; its digits fit the key size unless it has hundreds of them.
     */
    private static JsonSchema id() {
        return JsonSchema.builder()
                .type(List.of(JsonSchemaType.STRING, JsonSchemaType.INTEGER))
                .minLength(1)
                .maxLength(MAX_PARTITION_KEY_CHARACTERS)
                .pattern(NOT_BLANK)
                .build();
    }

    /**
     * A key DynamoDB accepts: a number for NUMBER keys; else a non-empty string within the key size (a BINARY
     * key too: JSON has no binary, and ingest writes the string it gets).
     */
    private static JsonSchema key(AttributeType type, int maxCharacters) {
        if (type == AttributeType.NUMBER) {
            return JsonSchema.builder().type(JsonSchemaType.NUMBER).build();
        }
        return JsonSchema.builder().type(JsonSchemaType.STRING).minLength(1).maxLength(maxCharacters).build();
    }

    /** What ingest's VersionReader accepts: a JSON number, or an ISO-8601 timestamp with offset. */
    private static JsonSchema version() {
        return JsonSchema.builder().anyOf(List.of(
                JsonSchema.builder().type(JsonSchemaType.NUMBER).build(),
                JsonSchema.builder().type(JsonSchemaType.STRING).pattern(TIMESTAMP_WITH_OFFSET).build())).build();
    }

    /** Adds a rule for a property, once: a key shared by two indexes is checked once. */
    private static void rule(Map<String, List<JsonSchema>> rules, String property, JsonSchema rule) {
        List<JsonSchema> existing = rules.computeIfAbsent(property, name -> new ArrayList<>());
        if (existing.stream().noneMatch(rule::equals)) {
            existing.add(rule);
        }
    }
}
