package dev.channels.bench;

import dev.channels.support.dynalite.DynamoDbJson;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's tables in dynalite, through raw DynamoDB JSON requests: the orchestrator stays on the JDK
 * alone (no AWS SDK in its jar).
 */
final class BenchTables {
    private static final Pattern COUNT = Pattern.compile("\"Count\":(\\d+)");
    private static final Pattern LAST_KEY = Pattern.compile("\"LastEvaluatedKey\":(\\{.*?\\}\\})");

    private final DynamoDbJson dynamoDb;

    BenchTables(DynamoDbJson dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /** A table with partition key {@code id} (string), like the one the Channel construct creates. */
    void create(String name) throws IOException, InterruptedException {
        dynamoDb.call("CreateTable", "{\"TableName\":\"" + name + "\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
                + "\"BillingMode\":\"PAY_PER_REQUEST\"}");
    }

    /** Number of items in the table: what the benchmark checks its samples actually wrote. */
    long count(String table) throws IOException, InterruptedException {
        long total = 0;
        String startKey = null;
        do {
            String body = dynamoDb.call("Scan", "{\"TableName\":\"" + table + "\",\"Select\":\"COUNT\""
                    + (startKey == null ? "" : ",\"ExclusiveStartKey\":" + startKey) + "}");
            Matcher count = COUNT.matcher(body);
            if (!count.find()) {
                throw new IOException("Scan answered without a Count: " + body);
            }
            total += Long.parseLong(count.group(1));
            Matcher last = LAST_KEY.matcher(body);
            startKey = last.find() ? last.group(1) : null;
        } while (startKey != null);
        return total;
    }
}
