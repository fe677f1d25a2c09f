package dev.channels.bench.driver;

import dev.channels.contract.MetadataAttributes;
import dev.channels.lambdas.AwsClients;
import dev.channels.lambdas.EnvVars;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The ingest handler's DynamoDB work without the handler: builds one SDK client ("init"), then writes
 * a batch of 10 items like the ones ingest stores ("first"), then 10 more ("warm"), then (after two untimed
 * rounds) a batch of 10 and one of 100 ("batch10", "batch100"). The variants differ only in how the client
 * is built and how a batch's puts are sent, so rows side by side show what an SDK choice costs:
 * <ul>
 *   <li>{@code urlconn}: exactly the handlers' client ({@link AwsClients#dynamoDb}), one put after the other.</li>
 *   <li>{@code apache}, {@code crt}: the same settings on the SDK's Apache or AWS CRT HTTP client
 *       (their jars come from {@code -P http-alternatives}; built by reflection so this class links
 *       without them), one put after the other.</li>
 *   <li>{@code defaults}: {@code DynamoDbClient.create()}: every SDK default (provider chains, HTTP
 *       client found by service loading).</li>
 *   <li>{@code urlconn-pool}: the handlers' client, the puts on a fixed pool of {@value #IN_FLIGHT} platform
 *       threads (what ingest does).</li>
 *   <li>{@code urlconn-virtual}: the same on {@value #IN_FLIGHT} virtual threads (JDK 21 and newer; built by
 *       reflection, as the build targets Java 17).</li>
 *   <li>{@code netty-async}, {@code crt-async}: {@code DynamoDbAsyncClient} on the Netty or AWS CRT async HTTP
 *       client with at most {@value #IN_FLIGHT} requests in flight, the puts as {@code CompletableFuture}s.</li>
 * </ul>
 * Arguments: {@code variant idPrefix}.
 */
public final class SdkDriver {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final int BATCH = 10;
    private static final int LARGE_BATCH = 100;
    /** As many puts in flight as ingest's default writers. */
    private static final int IN_FLIGHT = 5;
    private static final int WARM_UP_ROUNDS = 2;

    /** How one variant writes a batch of items. */
    private interface Writer {
        void putAll(String table, List<Map<String, AttributeValue>> items) throws Exception;
    }

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
            Writer writer = writer(variant);
            probe.end("init");

            timed(probe, "first", writer, table, idPrefix + "-a", BATCH);
            timed(probe, "warm", writer, table, idPrefix + "-b", BATCH);
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                writer.putAll(table, items(idPrefix + "-w" + round + "x10", BATCH));
                writer.putAll(table, items(idPrefix + "-w" + round + "x100", LARGE_BATCH));
            }
            timed(probe, "batch10", writer, table, idPrefix + "-c", BATCH);
            timed(probe, "batch100", writer, table, idPrefix + "-d", LARGE_BATCH);
        } catch (Throwable e) {
            error = e;
            e.printStackTrace();
        }
        probe.print(error);
        System.exit(error == null ? 0 : 1);
    }

    /** The items are built inside the timed phase, as the handler builds them in its invocation. */
    private static void timed(Probe probe, String phase, Writer writer, String table, String idPrefix, int size)
            throws Exception {
        probe.begin();
        writer.putAll(table, items(idPrefix, size));
        probe.end(phase);
    }

    private static Writer writer(String variant) throws ReflectiveOperationException {
        return switch (variant) {
            case "urlconn" -> oneAfterTheOther(AwsClients.dynamoDb(EnvVars.system()));
            case "apache" -> oneAfterTheOther(likeHandlers(httpClient("software.amazon.awssdk.http.apache.ApacheHttpClient")));
            case "crt" -> oneAfterTheOther(likeHandlers(httpClient("software.amazon.awssdk.http.crt.AwsCrtHttpClient")));
            case "defaults" -> oneAfterTheOther(DynamoDbClient.create());
            case "urlconn-pool" -> onThreads(AwsClients.dynamoDb(EnvVars.system()), platformThreads());
            case "urlconn-virtual" -> onThreads(AwsClients.dynamoDb(EnvVars.system()), virtualThreads());
            case "netty-async" -> async(asyncHttpClient("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient"));
            case "crt-async" -> async(asyncHttpClient("software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient"));
            default -> throw new IllegalArgumentException("unknown SDK variant " + variant);
        };
    }

    private static Writer oneAfterTheOther(DynamoDbClient dynamo) {
        return (table, items) -> {
            for (Map<String, AttributeValue> item : items) {
                dynamo.putItem(PutItemRequest.builder().tableName(table).item(item).build());
            }
        };
    }

    private static Writer onThreads(DynamoDbClient dynamo, ThreadFactory threads) {
        ExecutorService pool = new ThreadPoolExecutor(IN_FLIGHT, IN_FLIGHT, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads);
        return (table, items) -> {
            List<Future<?>> puts = new ArrayList<>();
            for (Map<String, AttributeValue> item : items) {
                puts.add(pool.submit(() -> dynamo.putItem(PutItemRequest.builder().tableName(table).item(item).build())));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        };
    }

    private static Writer async(SdkAsyncHttpClient.Builder<?> http) {
        DynamoDbAsyncClient dynamo = DynamoDbAsyncClient.builder()
                .region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(credentials())
                .httpClientBuilder(http)
                .build();
        return (table, items) -> {
            List<CompletableFuture<?>> puts = new ArrayList<>();
            for (Map<String, AttributeValue> item : items) {
                puts.add(dynamo.putItem(PutItemRequest.builder().tableName(table).item(item).build()));
            }
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
        };
    }

    private static ThreadFactory platformThreads() {
        return task -> {
            Thread thread = new Thread(task, "writer");
            thread.setDaemon(true);
            return thread;
        };
    }

    /** {@code Thread.ofVirtual().factory()}, by reflection: the bench is built for Java 17. */
    private static ThreadFactory virtualThreads() throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
    }

    /** The handlers' region and credentials settings (see AwsClients) with another HTTP client. */
    private static DynamoDbClient likeHandlers(SdkHttpClient.Builder<?> http) {
        return DynamoDbClient.builder()
                .region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(credentials())
                .httpClientBuilder(http)
                .build();
    }

    private static AwsCredentialsProviderChain credentials() {
        return AwsCredentialsProviderChain.of(
                ContainerCredentialsProvider.builder().build(),
                EnvironmentVariableCredentialsProvider.create());
    }

    private static SdkHttpClient.Builder<?> httpClient(String className) throws ReflectiveOperationException {
        Class<?> client = Class.forName(className);
        Object builder = client.getMethod("builder").invoke(null);
        Class.forName(className + "$Builder").getMethod("connectionTimeout", Duration.class)
                .invoke(builder, CONNECT_TIMEOUT);
        return (SdkHttpClient.Builder<?>) builder;
    }

    /** The async client's builder with the handlers' connect timeout and {@value #IN_FLIGHT} requests at most. */
    private static SdkAsyncHttpClient.Builder<?> asyncHttpClient(String className) throws ReflectiveOperationException {
        Class<?> client = Class.forName(className);
        Object builder = client.getMethod("builder").invoke(null);
        Class<?> builderType = Class.forName(className + "$Builder");
        builderType.getMethod("connectionTimeout", Duration.class).invoke(builder, CONNECT_TIMEOUT);
        builderType.getMethod("maxConcurrency", Integer.class).invoke(builder, IN_FLIGHT);
        return (SdkAsyncHttpClient.Builder<?>) builder;
    }

    private static List<Map<String, AttributeValue>> items(String idPrefix, int size) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(item(idPrefix + "-" + i));
        }
        return items;
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
