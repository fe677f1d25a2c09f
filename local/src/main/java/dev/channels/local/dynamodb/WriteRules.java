package dev.channels.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DynamoDB's documented write rules that dynalite 4.0.0 does not enforce (or counts differently), checked by
 * the proxy before a request is forwarded; a refused request never reaches dynalite. Each refusal carries
 * DynamoDB's own message, to be sent as {@code com.amazon.coral.validate#ValidationException}.
 *
 * <ul>
 *   <li>An empty string or binary as a value of a table key (in a {@code Key}: dynalite's text differs) or of a
 *       GSI/LSI key (dynalite stores it).</li>
 *   <li>Map/list nesting deeper than 32 levels, the attribute itself being level 1 (dynalite has no limit).</li>
 *   <li>Item size over 400 KB with strings and names counted in UTF-8 bytes ({@link ItemSize}; dynalite counts
 *       UTF-16 units, so it accepts items of multi-byte text up to three times too big).</li>
 *   <li>Key sizes (partition 2048 bytes, sort 1024 bytes) in UTF-8 bytes (dynalite counts UTF-16 units).</li>
 * </ul>
 * Numbers (38 digits, range) are left to dynalite, which checks them as DynamoDB does. UpdateItem: only
 * {@code SET name = :value} of a literal value on an index key is checked and the size of the updated item is
 * left to dynalite (it would take evaluating the update expression here).
 */
final class WriteRules {
    static final String VALIDATION_EXCEPTION = "com.amazon.coral.validate#ValidationException";
    /** The operations whose requests are checked. */
    static final Set<String> OPERATIONS = Set.of("PutItem", "UpdateItem", "DeleteItem", "GetItem", "BatchWriteItem",
            "TransactWriteItems");
    static final long MAX_ITEM_SIZE = 409_600;
    static final int MAX_NESTING_LEVELS = 32;
    static final int MAX_PARTITION_KEY_BYTES = 2048;
    static final int MAX_SORT_KEY_BYTES = 1024;
    /** DynamoDB's text; PutItem, UpdateItem and DeleteItem wrap it in "1 validation error detected: ". */
    static final String TOO_DEEP = "Nesting Levels have exceeded supported limits: "
            + "Attributes in the item have nested levels beyond supported limit";
    private static final String ONE_ERROR = "1 validation error detected: ";
    private static final Pattern CLAUSE = Pattern.compile("(?i)(?<![#:.\\w])(SET|REMOVE|ADD|DELETE)(?!\\w)");
    private static final Pattern LITERAL_SET = Pattern.compile("\\s*(#?\\w+)\\s*=\\s*(:\\w+)\\s*");

    private final Function<String, Optional<KeySchema>> schemas;

    /** @param schemas the key schema of a table by name, or empty when there is no such table */
    WriteRules(Function<String, Optional<KeySchema>> schemas) {
        this.schemas = schemas;
    }

    /** DynamoDB's message refusing {@code request}, or empty when these rules let it through to dynalite. */
    Optional<String> refusal(String operation, JsonNode request) {
        try {
            switch (operation) {
                case "PutItem" -> {
                    values(ONE_ERROR, request, "Item", "ExpressionAttributeValues");
                    schema(request).ifPresent(schema -> item(schema, request.path("Item")));
                }
                case "UpdateItem" -> {
                    values(ONE_ERROR, request, "ExpressionAttributeValues");
                    attributeUpdates(ONE_ERROR, request.path("AttributeUpdates"));
                    schema(request).ifPresent(schema -> update(schema, request));
                }
                case "DeleteItem" -> {
                    values(ONE_ERROR, request, "ExpressionAttributeValues");
                    schema(request).ifPresent(schema -> key(schema, request.path("Key")));
                }
                case "GetItem" -> schema(request).ifPresent(schema -> key(schema, request.path("Key")));
                case "BatchWriteItem" -> batch(request.path("RequestItems"));
                case "TransactWriteItems" -> transaction(request.path("TransactItems"));
                default -> {
                }
            }
            return Optional.empty();
        } catch (Refused refused) {
            return Optional.of(refused.getMessage());
        }
    }

    private void batch(JsonNode requestItems) {
        for (Map.Entry<String, JsonNode> table : (Iterable<Map.Entry<String, JsonNode>>) requestItems::fields) {
            Optional<KeySchema> schema = schemas.apply(table.getKey());
            for (JsonNode write : table.getValue()) {
                JsonNode item = write.path("PutRequest").path("Item");
                values("", item);
                schema.ifPresent(known -> {
                    if (write.has("PutRequest")) {
                        item(known, item);
                    } else {
                        key(known, write.path("DeleteRequest").path("Key"));
                    }
                });
            }
        }
    }

    private void transaction(JsonNode transactItems) {
        for (JsonNode action : transactItems) {
            JsonNode put = action.path("Put");
            values("", put, "Item"); // expression values: most regions cancel the transaction instead
            schema(put).ifPresent(schema -> item(schema, put.path("Item")));
            schema(action.path("Update")).ifPresent(schema -> update(schema, action.path("Update")));
            for (String keyed : List.of("Delete", "ConditionCheck")) {
                schema(action.path(keyed)).ifPresent(schema -> key(schema, action.path(keyed).path("Key")));
            }
        }
    }

    private Optional<KeySchema> schema(JsonNode request) {
        JsonNode table = request.path("TableName");
        return table.isTextual() ? schemas.apply(table.asText()) : Optional.empty();
    }

    /** A whole item: its table key, its index keys, its size. */
    private static void item(KeySchema schema, JsonNode item) {
        key(schema, item);
        List<IndexKey> indexKeys = new ArrayList<>(schema.indexKeys());
        indexKeys.sort(Comparator.comparing(IndexKey::indexName)); // DynamoDB names the first index in name order
        for (IndexKey indexKey : indexKeys) {
            emptiness(schema, indexKey.attribute(), item.get(indexKey.attribute())).ifPresent(empty -> {
                throw new Refused("One or more parameter values are not valid. A value specified for a secondary index "
                        + "key is not supported. The AttributeValue for a key attribute cannot contain an empty " + empty
                        + " value. IndexName: " + indexKey.indexName() + ", IndexKey: " + indexKey.attribute());
            });
        }
        if (ItemSize.of(item) > MAX_ITEM_SIZE) {
            throw new Refused("Item size has exceeded the maximum allowed size");
        }
    }

    /** The table key attributes of an item or a {@code Key}; missing or mistyped ones are dynalite's to answer. */
    private static void key(KeySchema schema, JsonNode key) {
        for (String attribute : schema.keyAttributes()) {
            JsonNode value = key.get(attribute);
            emptiness(schema, attribute, value).ifPresent(empty -> {
                throw new Refused("One or more parameter values are not valid. The AttributeValue for a key attribute "
                        + "cannot contain an empty " + empty + " value. Key: " + attribute);
            });
            long bytes = bytes(schema, attribute, value);
            if (attribute.equals(schema.partitionKey()) && bytes > MAX_PARTITION_KEY_BYTES) {
                throw new Refused("One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
                        + "size limit of" + MAX_PARTITION_KEY_BYTES + " bytes"); // sic: DynamoDB's text has no space
            }
            if (!attribute.equals(schema.partitionKey()) && bytes > MAX_SORT_KEY_BYTES) {
                throw new Refused("One or more parameter values were invalid: Aggregated size of all range keys has "
                        + "exceeded the size limit of " + MAX_SORT_KEY_BYTES + " bytes");
            }
        }
    }

    private static void update(KeySchema schema, JsonNode request) {
        key(schema, request.path("Key"));
        Map<String, JsonNode> written = new LinkedHashMap<>();
        literalSets(request.path("UpdateExpression").asText(""), request.path("ExpressionAttributeNames"))
                .forEach((attribute, placeholder) -> written.put(attribute, request.path("ExpressionAttributeValues").get(placeholder)));
        request.path("AttributeUpdates").fields().forEachRemaining(update -> {
            if ("PUT".equals(update.getValue().path("Action").asText("PUT"))) {
                written.put(update.getKey(), update.getValue().get("Value"));
            }
        });
        for (IndexKey indexKey : schema.indexKeys()) {
            emptiness(schema, indexKey.attribute(), written.get(indexKey.attribute())).ifPresent(empty -> {
                throw new Refused("One or more parameter values are not valid. The update expression attempted to update "
                        + "a secondary index key to a value that is not supported. The AttributeValue for a key attribute "
                        + "cannot contain an empty " + empty + " value.");
            });
        }
    }

    /** The {@code SET name = :value} actions on top-level attributes: attribute name to value placeholder. */
    private static Map<String, String> literalSets(String expression, JsonNode names) {
        Map<String, String> sets = new LinkedHashMap<>();
        Matcher clauses = CLAUSE.matcher(expression);
        List<int[]> bounds = new ArrayList<>();
        while (clauses.find()) {
            bounds.add(new int[] {clauses.start(), clauses.end()});
        }
        for (int i = 0; i < bounds.size(); i++) {
            if (!expression.substring(bounds.get(i)[0], bounds.get(i)[1]).equalsIgnoreCase("SET")) {
                continue;
            }
            String clause = expression.substring(bounds.get(i)[1], i + 1 < bounds.size() ? bounds.get(i + 1)[0] : expression.length());
            for (String action : topLevelActions(clause)) {
                Matcher literal = LITERAL_SET.matcher(action);
                if (literal.matches()) {
                    String path = literal.group(1);
                    sets.put(path.startsWith("#") ? names.path(path).asText(path) : path, literal.group(2));
                }
            }
        }
        return sets;
    }

    /** A clause's actions: split at the commas outside function parentheses. */
    private static List<String> topLevelActions(String clause) {
        List<String> actions = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < clause.length(); i++) {
            char c = clause.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                actions.add(clause.substring(start, i));
                start = i + 1;
            }
        }
        actions.add(clause.substring(start));
        return actions;
    }

    /** "string" or "binary" when {@code value} is an empty value of the attribute's declared key type. */
    private static Optional<String> emptiness(KeySchema schema, String attribute, JsonNode value) {
        String type = schema.attributeTypes().get(attribute);
        if (value == null || type == null || !value.path(type).isTextual() || !value.path(type).asText().isEmpty()) {
            return Optional.empty();
        }
        return switch (type) {
            case "S" -> Optional.of("string");
            case "B" -> Optional.of("binary");
            default -> Optional.empty();
        };
    }

    /** A key value's size: UTF-8 bytes of a string, bytes of a binary; numbers are not limited. */
    private static long bytes(KeySchema schema, String attribute, JsonNode value) {
        String type = schema.attributeTypes().get(attribute);
        if (value == null || type == null || !value.path(type).isTextual()) {
            return 0;
        }
        String text = value.path(type).asText();
        return switch (type) {
            case "S" -> text.getBytes(StandardCharsets.UTF_8).length;
            case "B" -> decodedLength(text);
            default -> 0;
        };
    }

    private static long decodedLength(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException notBase64) {
            return 0; // dynalite answers the SerializationException
        }
    }

    /** The nesting of every attribute value under the named members of {@code request} (maps of values). */
    private static void values(String prefix, JsonNode request, String... members) {
        for (String member : members) {
            values(prefix, request.path(member));
        }
    }

    private static void values(String prefix, JsonNode attributes) {
        for (JsonNode value : attributes) {
            nesting(prefix, value, 1);
        }
    }

    private static void attributeUpdates(String prefix, JsonNode updates) {
        for (JsonNode update : updates) {
            nesting(prefix, update.path("Value"), 1);
        }
    }

    private static void nesting(String prefix, JsonNode value, int level) {
        if (level > MAX_NESTING_LEVELS) {
            throw new Refused(prefix + TOO_DEEP);
        }
        for (String type : List.of("M", "L")) {
            for (JsonNode member : value.path(type)) {
                nesting(prefix, member, level + 1);
            }
        }
    }

    /**
     * What the rules need of a table: its key attributes (partition key first), the declared types of its key and
     * index key attributes, and the key attributes of its secondary indexes.
     */
    record KeySchema(List<String> keyAttributes, Map<String, String> attributeTypes, List<IndexKey> indexKeys) {
        KeySchema {
            keyAttributes = List.copyOf(keyAttributes);
            attributeTypes = Map.copyOf(attributeTypes);
            indexKeys = List.copyOf(indexKeys);
        }

        String partitionKey() {
            return keyAttributes.get(0);
        }

        /** From a {@code DescribeTable} answer's {@code Table} (or a {@code CreateTable} request). */
        static KeySchema of(JsonNode table) {
            Map<String, String> types = new LinkedHashMap<>();
            table.path("AttributeDefinitions").forEach(definition ->
                    types.put(definition.path("AttributeName").asText(), definition.path("AttributeType").asText()));
            List<IndexKey> indexKeys = new ArrayList<>();
            for (String indexes : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
                for (JsonNode index : table.path(indexes)) {
                    for (JsonNode element : index.path("KeySchema")) {
                        indexKeys.add(new IndexKey(index.path("IndexName").asText(), element.path("AttributeName").asText()));
                    }
                }
            }
            return new KeySchema(StreamTable.keyAttributes(table.path("KeySchema")), types, indexKeys);
        }
    }

    /** One key attribute of one secondary index. */
    record IndexKey(String indexName, String attribute) {
    }

    /** A refusal, thrown from deep in a check and caught in {@link #refusal}; no stack trace. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
