package dev.channels.bench.driver;

import dev.channels.contract.MetadataAttributes;
import dev.channels.lambdas.AwsClients;
import dev.channels.lambdas.EnvVars;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The ingest handler's DynamoDB work without the handler: builds one SDK client ("init"), then writes
 * a batch of 10 items like the ones ingest stores ("first"), then 10 more ("warm"). The variants
 * differ only in how the client is built, so rows side by side show what an SDK choice costs:
 * <ul>
 *   <li>{@code urlconn}: exactly the handlers' client ({@link AwsClients#dynamoDb}).</li>
 *   <li>{@code apache}, {@code crt}: the same settings on the SDK's Apache or AWS CRT HTTP client
 *       (their jars come from {@code -P http-alternatives}; built by reflection so this class links
 *       without them).</li>
 *   <li>{@code defaults}: {@code DynamoDbClient.create()}: every SDK default (provider chains, HTTP
 *       client found by service loading).</li>
 * </ul>
 * Arguments: {@code variant idPrefix}.
 */
public final class SdkDriver {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final int BATCH = 10;

    private SdkDriver() {
    }

    public static void main(String[] args) {
        String variant = args[0];
        Probe probe = new Probe("sdk-" + variant);
        String idPrefix = args[1];
        Throwable error = null;
        try {
            String table = System.getenv("TABLE_NAME");
            probe.begin();
            DynamoDbClient dynamo = client(variant);
            probe.end("init");

            probe.begin();
            putBatch(dynamo, table, idPrefix + "-a");
            probe.end("first");

            probe.begin();
            putBatch(dynamo, table, idPrefix + "-b");
            probe.end("warm");
        } catch (Throwable e) {
            error = e;
            e.printStackTrace();
        }
        probe.print(error);
        System.exit(error == null ? 0 : 1);
    }

    private static DynamoDbClient client(String variant) throws ReflectiveOperationException {
        return switch (variant) {
            case "urlconn" -> AwsClients.dynamoDb(EnvVars.system());
            case "apache" -> likeHandlers(httpClient("software.amazon.awssdk.http.apache.ApacheHttpClient"));
            case "crt" -> likeHandlers(httpClient("software.amazon.awssdk.http.crt.AwsCrtHttpClient"));
            case "defaults" -> DynamoDbClient.create();
            default -> throw new IllegalArgumentException("unknown SDK variant " + variant);
        };
    }

    /** The handlers' region and credentials settings (see AwsClients) with another HTTP client. */
    private static DynamoDbClient likeHandlers(SdkHttpClient.Builder<?> http) {
        return DynamoDbClient.builder()
                .region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(AwsCredentialsProviderChain.of(
                        ContainerCredentialsProvider.builder().build(),
                        EnvironmentVariableCredentialsProvider.create()))
                .httpClientBuilder(http)
                .build();
    }

    private static SdkHttpClient.Builder<?> httpClient(String className) throws ReflectiveOperationException {
        Class<?> client = Class.forName(className);
        Object builder = client.getMethod("builder").invoke(null);
        Class.forName(className + "$Builder").getMethod("connectionTimeout", Duration.class)
                .invoke(builder, CONNECT_TIMEOUT);
        return (SdkHttpClient.Builder<?>) builder;
    }

    private static void putBatch(DynamoDbClient dynamo, String table, String idPrefix) {
        for (int i = 0; i < BATCH; i++) {
            String id = idPrefix + "-" + i;
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item(id)).build());
        }
    }

    /** The attributes ingest stores for the body in {@link Events#sqs}. */
    private static Map<String, AttributeValue> item(String id) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS(id));
        item.put("version", AttributeValue.fromN("1"));
        item.put("title", AttributeValue.fromS("Senior welder, night shift"));
        item.put("status", AttributeValue.fromS("open"));
        item.put("rate", AttributeValue.fromN("31.50"));
        item.put("currency", AttributeValue.fromS("EUR"));
        item.put("headcount", AttributeValue.fromN("3"));
        item.put("tags", AttributeValue.fromL(List.of(
                AttributeValue.fromS("welding"), AttributeValue.fromS("nights"))));
        item.put("site", AttributeValue.fromM(Map.of("city", AttributeValue.fromS("Zürich"),
                "zip", AttributeValue.fromS("8001"))));
        item.put("remote", AttributeValue.fromBool(false));
        item.put("reference", AttributeValue.fromN("12345678901234567890123"));
        item.put(MetadataAttributes.RECEIVED_AT, AttributeValue.fromS(Instant.now().toString()));
        item.put(MetadataAttributes.MESSAGE_ID, AttributeValue.fromS(id + "-msg"));
        return item;
    }
}
