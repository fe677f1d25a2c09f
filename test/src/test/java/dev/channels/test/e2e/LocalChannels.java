package dev.channels.test.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.LocalCloud;
import dev.channels.local.Main;
import dev.channels.local.MonitoringLayer;
import dev.channels.local.lambda.LambdaService;
import dev.channels.local.slack.SlackSink;
import dev.channels.local.slack.SlackSinkMode;
import dev.channels.support.poll.Poll;
import dev.channels.test.Synth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awscdk.App;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The end-to-end tests' harness: owns a local cloud of the real app synthesized for env dev (as
 * {@code cdk synth -c env=dev}), started as {@code dev.channels.local.Main} starts it, and stopped as Ctrl-C
 * stops it; with the clients and bounded waits the tests share. The app is synthesized once per JVM, into
 * {@code target/e2e/cdk.out}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalChannels local = LocalChannels.aroundAllTests(); // started before the class's tests, stopped after
 *
 * try (LocalChannels local = LocalChannels.start(Optional.of(dataDirectory))) { ... } // one run of several
 * }</pre>
 */
final class LocalChannels implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    static final String ENV = "dev";
    static final Duration LIMIT = Duration.ofSeconds(90);
    private static Path assembly;

    private final Optional<Path> dataDirectory;
    private final double timeScale;
    private final Path assemblyDirectory;
    private final UnaryOperator<LocalCloud.Builder> settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private LocalCloud cloud;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    /** The test classes (the outer one and its nested ones) running now. */
    private int classesRunning;

    private LocalChannels(Optional<Path> dataDirectory) {
        this(dataDirectory, MonitoringLayer.REAL_TIME, null, UnaryOperator.identity());
    }

    private LocalChannels(Optional<Path> dataDirectory, double timeScale) {
        this(dataDirectory, timeScale, null, UnaryOperator.identity());
    }

    private LocalChannels(Optional<Path> dataDirectory, double timeScale, Path assemblyDirectory,
            UnaryOperator<LocalCloud.Builder> settings) {
        this.dataDirectory = dataDirectory;
        this.timeScale = timeScale;
        this.assemblyDirectory = assemblyDirectory;
        this.settings = settings;
    }

    /**
     * Starts a local cloud of another assembly (e.g. the app's with a policy edited) with more settings (e.g.
     * {@code apiAuth(true)}); close it to stop it.
     */
    static LocalChannels start(Path assemblyDirectory, UnaryOperator<LocalCloud.Builder> settings) {
        LocalChannels local = new LocalChannels(Optional.empty(), MonitoringLayer.REAL_TIME, assemblyDirectory, settings);
        local.startCloud();
        return local;
    }

    /** A harness for {@code @RegisterExtension}: the cloud starts before the class's first test and stops after its last. */
    static LocalChannels aroundAllTests() {
        return new LocalChannels(Optional.empty());
    }

    /** As {@link #aroundAllTests()}, with alarm periods passing {@code timeScale} times faster ({@code --time-scale}). */
    static LocalChannels aroundAllTests(double timeScale) {
        return new LocalChannels(Optional.empty(), timeScale);
    }

    /** Starts the local cloud now; with a data directory, as {@code --data DIR} does. Close it to stop it. */
    static LocalChannels start(Optional<Path> dataDirectory) {
        LocalChannels local = new LocalChannels(dataDirectory);
        local.startCloud();
        return local;
    }

    /** Starts the cloud for the outermost class; its {@code @Nested} classes (which inherit the extension) share it. */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (classesRunning++ == 0) {
            startCloud();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--classesRunning == 0) {
            close();
        }
    }

    private void startCloud() {
        LocalCloud.Builder builder = Main.withEveryLayer(LocalCloud.builder()
                .assembly(assemblyDirectory == null ? assembly() : assemblyDirectory).env(ENV),
                LambdaService.defaultMaxJvms(), timeScale);
        dataDirectory.ifPresent(builder::dataDirectory);
        cloud = settings.apply(builder).build().start();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        Region region = Region.of(cloud.endpoints().region());
        dynamo = DynamoDbClient.builder().endpointOverride(cloud.endpoints().dynamoDb()).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(cloud.endpoints().sqs()).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The dev cloud assembly, synthesized on first use. */
    static synchronized Path assembly() {
        if (assembly == null) {
            try {
                Path directory = Files.createDirectories(Path.of("target", "e2e", "cdk.out").toAbsolutePath());
                App app = Synth.appFor(ENV, directory);
                Synth.build(app);
                app.synth();
                assembly = directory;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return assembly;
    }

    LocalCloud cloud() {
        return cloud;
    }

    SlackSink slack() {
        return cloud.service(SlackSink.class);
    }

    DynamoDbClient dynamo() {
        return dynamo;
    }

    SqsClient sqs() {
        return sqs;
    }

    /** The API base URL of a channel route, e.g. {@code job-order}. */
    URI api(String route) {
        URI api = cloud.endpoints().apis().get(route);
        if (api == null) {
            throw new AssertionError("no API route " + route + " in " + cloud.endpoints().apis());
        }
        return api;
    }

    HttpResponse<String> post(URI api, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    Map<String, AttributeValue> item(String table, String id) {
        return dynamo.getItem(request -> request.tableName(table).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(id)))).item();
    }

    Map<String, AttributeValue> awaitItem(String table, String id, Predicate<Map<String, AttributeValue>> condition) {
        return await("item " + id + " in " + table, () -> {
            Map<String, AttributeValue> item = item(table, id);
            return item.isEmpty() || !condition.test(item) ? Optional.empty() : Optional.of(item);
        });
    }

    /** The delivered Slack messages (of this run) whose payload mentions {@code id}. */
    List<JsonNode> deliveredMentioning(String id) {
        List<JsonNode> found = new ArrayList<>();
        slack().delivered().forEach(message -> {
            if (message.body().toString().contains(id)) {
                found.add(message.body());
            }
        });
        return found;
    }

    /** The delivered message telling that object {@code id} was {@code pastTense} ("created", "updated"). */
    JsonNode awaitMessage(String id, String pastTense) {
        String marker = "`" + id + "` " + pastTense;
        return await("a Slack message with " + marker, () -> deliveredMentioning(id).stream()
                .filter(body -> body.toString().contains(marker)).findFirst());
    }

    String queueUrl(String name) {
        return sqs.getQueueUrl(request -> request.queueName(name)).queueUrl();
    }

    int approximateMessages(String queue) {
        return Integer.parseInt(sqs.getQueueAttributes(request -> request.queueUrl(queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** [visible, in flight] of a queue. */
    List<Integer> queueCounts(String queue) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return List.of(Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    /** Stops the cloud as Ctrl-C does, Slack sink back to normal first; nothing to do when it did not start. */
    @Override
    public void close() {
        if (cloud == null) {
            return;
        }
        try {
            slack().setMode(SlackSinkMode.NORMAL);
            dynamo.close();
            sqs.close();
        } finally {
            cloud.close();
            cloud = null;
        }
    }

    /** The java command of the JVM running the tests, for the packaged jars a user runs. */
    static String javaOfThisJvm() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String newId(String label) {
        return "e2e-" + label + "-" + UUID.randomUUID();
    }

    /** Polls {@code probe} until it has a value, for at most {@link #LIMIT}. */
    static <T> T await(String what, Supplier<Optional<T>> probe) {
        return Poll.until(what, LIMIT, probe);
    }
}
