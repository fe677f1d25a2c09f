package dev.channels.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.local.catalog.Emulation;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.dynamodb.DynamoDbService;
import dev.channels.local.dynamodb.StreamLog;
import dev.channels.local.dynamodb.StreamRecord;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.sqs.SqsService;
import dev.channels.local.template.ResolvedStack;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/** Start, stop, persistence and the seam for later layers; each test starts its own local cloud. */
class LocalCloudLifecycleTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void closingStopsDynalite(@TempDir Path directory) {
        LocalCloud cloud = builder(directory).build().start();
        ProcessHandle dynalite = ProcessHandle.of(cloud.service(DynamoDbService.class).dynalite().pid()).orElseThrow();
        assertThat(dynalite.isAlive()).isTrue();

        cloud.close();

        assertThat(dynalite.isAlive()).isFalse();
        cloud.close(); // twice is fine
    }

    @Test
    void aDataDirectoryKeepsTablesStreamsAndObjectsBetweenRuns(@TempDir Path directory) {
        Path data = directory.resolve("data");
        String archive = "test-job-order-archive-123456789012-eu-west-1";
        try (LocalCloud first = builder(directory).dataDirectory(data).build().start();
                DynamoDbClient dynamoDb = Fixtures.dynamoDb(first.endpoints().dynamoDb());
                S3Client s3 = Fixtures.s3(first.endpoints().s3())) {
            dynamoDb.putItem(request -> request.tableName("test-job-order").item(Map.of("id", AttributeValue.fromS("kept"))));
            s3.putObject(request -> request.bucket(archive).key("kept.txt"), RequestBody.fromString("still here"));
        }

        try (LocalCloud second = builder(directory).dataDirectory(data).build().start();
                DynamoDbClient dynamoDb = Fixtures.dynamoDb(second.endpoints().dynamoDb());
                S3Client s3 = Fixtures.s3(second.endpoints().s3())) {
            assertThat(dynamoDb.getItem(request -> request.tableName("test-job-order")
                    .key(Map.of("id", AttributeValue.fromS("kept")))).item()).containsKey("id");
            assertThat(s3.getObjectAsBytes(request -> request.bucket(archive).key("kept.txt")).asUtf8String()).isEqualTo("still here");
            assertThat(second.endpoints().slack().get("log")).isEqualTo(data.resolve("slack-messages.jsonl").toAbsolutePath().toString());

            String stream = second.endpoints().tables().get("test-job-order");
            List<StreamRecord> kept = second.service(DynamoDbService.class).streamLog().read(stream, StreamLog.TRIM_HORIZON, 10);
            assertThat(kept).extracting(record -> record.keys().path("id").path("S").asText()).containsExactly("kept");
            dynamoDb.putItem(request -> request.tableName("test-job-order").item(Map.of("id", AttributeValue.fromS("next"))));
            assertThat(second.service(DynamoDbService.class).streamLog().latestSequence(stream)).isGreaterThan(kept.get(0).sequenceNumber());
        }
    }

    @Test
    void aLaterLayerRegistersItsServiceAndTheInventoryFollows(@TempDir Path directory) {
        ResourceCatalog catalog = ResourceCatalog.defaults().with(ResourceCatalog.defaults()
                .find("AWS::Lambda::Function").orElseThrow().withEmulation(Emulation.EMULATED, "one JVM per function"));
        FakeFunctions functions = new FakeFunctions();
        List<String> seenQueueEndpoint = new ArrayList<>();

        try (LocalCloud cloud = builder(directory).catalog(catalog).service(context -> {
            functions.onProvision = () -> seenQueueEndpoint.add(context.service(SqsService.class).endpoint().toString());
            return functions;
        }).build().start()) {
            assertThat(functions.provisioned).containsExactly("test-job-order-ingest");
            assertThat(seenQueueEndpoint).containsExactly(cloud.endpoints().sqs().toString());
            assertThat(cloud.endpoints().apis()).containsEntry("JobOrder", URI.create("http://127.0.0.1:1/v1"));
            assertThat(cloud.inventory().entries(Emulation.EMULATED)).extracting(Inventory.Entry::type).contains("AWS::Lambda::Function");
            assertThat(cloud.service(FakeFunctions.class)).isSameAs(functions);
        }
        assertThat(functions.closed).isTrue();
    }

    @Test
    void aServiceIsCreatedFromTheServicesRegisteredBeforeItAndOnlyThose(@TempDir Path directory) {
        ResourceCatalog catalog = ResourceCatalog.defaults().with(ResourceCatalog.defaults()
                .find("AWS::Lambda::Function").orElseThrow().withEmulation(Emulation.EMULATED, "one JVM per function"));

        assertThatThrownBy(() -> builder(directory).catalog(catalog)
                .service(context -> context.service(FakeFunctions.class))
                .service(context -> new FakeFunctions()).build().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No FakeFunctions registered before this service: register it first");
    }

    @Test
    void refusesToStartWhenTheCatalogClaimsMoreThanRuns(@TempDir Path directory) {
        ResourceCatalog catalog = ResourceCatalog.defaults().with(ResourceCatalog.defaults()
                .find("AWS::Lambda::Function").orElseThrow().withEmulation(Emulation.EMULATED, "one JVM per function"));

        assertThatThrownBy(() -> builder(directory).catalog(catalog).build().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ResourceCatalog and services disagree: emulated without a service [AWS::Lambda::Function], "
                        + "created by a service but not marked emulated []");
    }

    private static LocalCloud.Builder builder(Path directory) {
        Path assembly = directory.resolve("cdk.out");
        if (!assembly.toFile().exists()) {
            Fixtures.assemblyCopy(directory);
        }
        return LocalCloud.builder().assembly(assembly).dynaliteCli(Fixtures.dynaliteCli()).console(QUIET);
    }

    /** What a Lambda layer looks like to the foundation. */
    private static final class FakeFunctions implements LocalService {
        final List<String> provisioned = new ArrayList<>();
        Runnable onProvision = () -> { };
        boolean closed;

        @Override
        public String name() {
            return "lambda";
        }

        @Override
        public Set<String> resourceTypes() {
            return Set.of("AWS::Lambda::Function");
        }

        @Override
        public void start() {
        }

        @Override
        public void provision(ResolvedStack stack, Inventory inventory) {
            onProvision.run();
            stack.resources("AWS::Lambda::Function").forEach(function -> provisioned.add(stack.physicalName(function.logicalId())));
        }

        @Override
        public void describe(LocalEndpoints.Builder endpoints) {
            endpoints.api("JobOrder", URI.create("http://127.0.0.1:1/v1"));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
