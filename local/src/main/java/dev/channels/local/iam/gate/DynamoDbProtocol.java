package dev.channels.local.iam.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.iam.Caller;
import dev.channels.local.iam.Denial;
import dev.channels.local.iam.Permission;
import dev.channels.local.iam.StackResources;
import dev.channels.local.iam.sigv4.SignedRequest;
import dev.channels.local.iam.sigv4.Verification;
import dev.channels.local.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB (AWS JSON 1.0): the action is {@code dynamodb:<Operation>} on the table (or index, or stream), with
 * {@code dynamodb:LeadingKeys} the partition key values an item operation touches; batch operations per table,
 * transactions per item ({@code TransactWriteItems} needs {@code PutItem}/{@code UpdateItem}/{@code DeleteItem}/
 * {@code ConditionCheckItem}, {@code TransactGetItems} {@code GetItem}). A table encrypted with a customer managed
 * key needs {@code kms:Decrypt} through DynamoDB for every item operation (DynamoDB decrypts the table key with the
 * caller's permission).
 */
public final class DynamoDbProtocol implements ServiceProtocol {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final Set<String> ITEM_OPERATIONS = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
            "BatchGetItem", "BatchWriteItem", "TransactWriteItems", "TransactGetItems");

    @Override
    public String signingName() {
        return "dynamodb";
    }

    @Override
    public List<Permission> permissions(SignedRequest request, StackResources resources, Caller caller) {
        String target = request.header("x-amz-target").orElse("");
        String operation = target.substring(target.indexOf('.') + 1);
        JsonNode body = parse(request.body());
        String region = resources.region();
        String account = resources.account();
        // table name -> leading keys, in request order
        Map<String, Set<String>> tables = new LinkedHashMap<>();
        List<Permission> permissions = new ArrayList<>();
        switch (operation) {
            case "GetItem", "PutItem", "UpdateItem", "DeleteItem" -> {
                String table = tableName(body.path("TableName").asText());
                Set<String> keys = leadingKeys(resources, table, operation.equals("PutItem") ? body.path("Item") : body.path("Key"));
                tables.put(table, keys);
                permissions.add(Permission.of("dynamodb:" + operation, tableArn(region, account, table), leadingKeysContext(keys)));
            }
            case "Query", "Scan" -> {
                String table = tableName(body.path("TableName").asText());
                tables.put(table, Set.of());
                String arn = tableArn(region, account, table) + (body.hasNonNull("IndexName") ? "/index/" + body.path("IndexName").asText() : "");
                permissions.add(Permission.of("dynamodb:" + operation, arn));
            }
            case "BatchGetItem", "BatchWriteItem" -> body.path("RequestItems").fields().forEachRemaining(entry -> {
                String table = tableName(entry.getKey());
                Set<String> keys = new LinkedHashSet<>();
                for (JsonNode element : operation.equals("BatchGetItem") ? entry.getValue().path("Keys") : entry.getValue()) {
                    JsonNode item = operation.equals("BatchGetItem") ? element
                            : element.has("PutRequest") ? element.path("PutRequest").path("Item") : element.path("DeleteRequest").path("Key");
                    keys.addAll(leadingKeys(resources, table, item));
                }
                tables.put(table, keys);
                permissions.add(Permission.of("dynamodb:" + operation, tableArn(region, account, table), leadingKeysContext(keys)));
            });
            case "TransactWriteItems", "TransactGetItems" -> {
                for (JsonNode element : body.path("TransactItems")) {
                    element.fields().forEachRemaining(entry -> {
                        String action = switch (entry.getKey()) {
                            case "Put" -> "PutItem";
                            case "Update" -> "UpdateItem";
                            case "Delete" -> "DeleteItem";
                            case "ConditionCheck" -> "ConditionCheckItem";
                            default -> "GetItem";
                        };
                        String table = tableName(entry.getValue().path("TableName").asText());
                        Set<String> keys = leadingKeys(resources, table, entry.getKey().equals("Put")
                                ? entry.getValue().path("Item") : entry.getValue().path("Key"));
                        tables.computeIfAbsent(table, t -> new LinkedHashSet<>()).addAll(keys);
                        permissions.add(Permission.of("dynamodb:" + action, tableArn(region, account, table), leadingKeysContext(keys)));
                    });
                }
            }
            case "ListTables", "DescribeLimits", "DescribeEndpoints", "ListStreams" -> permissions.add(Permission.of("dynamodb:" + operation, "*"));
            case "TagResource", "UntagResource", "ListTagsOfResource" ->
                    permissions.add(Permission.of("dynamodb:" + operation, body.path("ResourceArn").asText("*")));
            case "DescribeStream", "GetShardIterator", "GetRecords" ->
                    permissions.add(Permission.of("dynamodb:" + operation, body.path("StreamArn").asText("*")));
            default -> permissions.add(Permission.of("dynamodb:" + operation, body.hasNonNull("TableName")
                    ? tableArn(region, account, tableName(body.path("TableName").asText())) : "*"));
        }
        if (ITEM_OPERATIONS.contains(operation)) {
            for (String table : tables.keySet()) {
                resources.tableKey(table).ifPresent(key -> permissions.add(Permission.viaService("kms:Decrypt", key, "dynamodb", region,
                        caller.principal().account())));
            }
        }
        return permissions;
    }

    @Override
    public void refuse(HttpExchange exchange, SignedRequest request, Verification.Refused refused) throws IOException {
        JsonErrors.send(exchange, CONTENT_TYPE, 400, JsonErrors.CORAL + JsonErrors.authenticationType(refused.failure()), refused.message());
    }

    /** DynamoDB's {@code AccessDeniedException}; for the table's key it passes KMS's own answer on in the message. */
    @Override
    public void deny(HttpExchange exchange, SignedRequest request, Denial denial) throws IOException {
        String message = denial.permission().forEncryption()
                ? "KMS key access denied error: " + denial.message() + " (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)"
                : denial.message();
        JsonErrors.send(exchange, CONTENT_TYPE, 400, JsonErrors.CORAL + "AccessDeniedException", message);
    }

    private static Set<String> leadingKeys(StackResources resources, String table, JsonNode item) {
        Set<String> keys = new LinkedHashSet<>();
        resources.partitionKey(table).ifPresent(name -> {
            JsonNode value = item.path(name);
            value.fields().forEachRemaining(typed -> keys.add(typed.getValue().asText()));
        });
        return keys;
    }

    private static Map<String, List<String>> leadingKeysContext(Set<String> keys) {
        return keys.isEmpty() ? Map.of() : Map.of("dynamodb:LeadingKeys", List.copyOf(keys));
    }

    private static String tableName(String nameOrArn) {
        return nameOrArn.startsWith("arn:") && nameOrArn.contains(":table/") ? nameOrArn.substring(nameOrArn.indexOf(":table/") + 7) : nameOrArn;
    }

    private static String tableArn(String region, String account, String table) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.parse(body);
        } catch (RuntimeException notJson) {
            return Json.object(); // the service answers a body it cannot read; IAM checks what it can name
        }
    }
}
