package dev.channels.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpHandler;
import java.util.function.UnaryOperator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.http.AwsJsonClient.AwsServiceException;
import dev.channels.local.http.AwsJsonClient;
import dev.channels.local.json.Json;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.template.PseudoParameters;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import dev.channels.support.dynalite.Dynalite;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The local DynamoDB: dynalite as a child process, the {@link StreamCaptureProxy} in front of it (the only
 * endpoint clients get), the template's tables and their captured streams.
 */
public final class DynamoDbService implements LocalService {
    private UnaryOperator<HttpHandler> gate = UnaryOperator.identity();
    public static final String TABLE_TYPE = "AWS::DynamoDB::Table";
    /** Table properties that are accepted but have no local effect, with the reason shown at start. */
    private static final Map<String, String> NOT_EMULATED = notEmulated();
    private static final Duration TABLE_ACTIVE_TIMEOUT = Duration.ofSeconds(10);

    private final Path dynaliteCli;
    private final Optional<Path> dataDirectory;
    private final Optional<Path> streamsDirectory;
    private final Path workDirectory;
    private final PseudoParameters pseudo;
    private final Clock clock;
    private final PrintStream console;
    private InMemoryStreamLog streamLog;
    private final Map<String, String> tables = new LinkedHashMap<>();
    private Dynalite dynalite;
    private StreamCaptureProxy proxy;
    private AwsJsonClient admin;

    /**
     * @param dynaliteCli   {@code node_modules/dynalite/cli.js}
     * @param dataDirectory    where dynalite keeps its tables (LevelDB); in memory when empty
     * @param streamsDirectory where the captured stream records are kept between runs; in memory when empty
     * @param workDirectory    for dynalite's log, {@code dynalite.log}
     * @param console          told of stream records that could not be loaded or kept
     */
    public DynamoDbService(Path dynaliteCli, Optional<Path> dataDirectory, Optional<Path> streamsDirectory, Path workDirectory,
            PseudoParameters pseudo, Clock clock, PrintStream console) {
        this.dynaliteCli = dynaliteCli;
        this.dataDirectory = dataDirectory;
        this.streamsDirectory = streamsDirectory;
        this.workDirectory = workDirectory;
        this.pseudo = pseudo;
        this.clock = clock;
        this.console = console;
    }

    /** What stands in front of the endpoint (IAM's signature and policy check); set before start. */
    public DynamoDbService gate(UnaryOperator<HttpHandler> front) {
        this.gate = java.util.Objects.requireNonNull(front, "front");
        return this;
    }

    @Override
    public String name() {
        return "dynamodb";
    }

    @Override
    public Set<String> resourceTypes() {
        return Set.of(TABLE_TYPE);
    }

    @Override
    public void start() throws Exception {
        streamLog = streamsDirectory
                .map(directory -> InMemoryStreamLog.journaled(directory, clock, warning -> console.println("dynamodb: " + warning)))
                .orElseGet(() -> new InMemoryStreamLog(clock));
        Dynalite.Builder launch = Dynalite.builder().cli(dynaliteCli).log(workDirectory.resolve("dynalite.log"));
        dataDirectory.ifPresent(launch::dataDirectory);
        dynalite = launch.start();
        admin = new AwsJsonClient(AwsJsonClient.newHttpClient(), dynalite.endpoint(), "DynamoDB_20120810",
                "application/x-amz-json-1.0", "dynamodb");
        proxy = StreamCaptureProxy.start(dynalite.endpoint(), streamLog, pseudo.region(),
                table -> ResourceCatalog.tableStreamArn(pseudo.partition(), pseudo.region(), pseudo.accountId(), table), clock, gate);
    }

    @Override
    public void provision(ResolvedStack stack, Inventory inventory) {
        for (TemplateResource resource : stack.resources(TABLE_TYPE)) {
            ObjectNode properties = stack.properties(resource);
            String name = stack.physicalName(resource.logicalId());
            createTable(resource, name, properties);
            JsonNode viewType = properties.path("StreamSpecification").path("StreamViewType");
            if (viewType.isTextual()) {
                String streamArn = stack.getAtt(resource.logicalId(), "StreamArn");
                proxy.register(new StreamTable(name, StreamTable.keyAttributes(properties.path("KeySchema")), viewType.asText(), streamArn));
                tables.put(name, streamArn);
            } else {
                tables.put(name, "");
            }
            NOT_EMULATED.forEach((property, reason) -> {
                if (properties.has(property)) {
                    inventory.note(resource, property + " (" + reason + ")");
                }
            });
        }
    }

    @Override
    public void describe(LocalEndpoints.Builder endpoints) {
        endpoints.service("dynamodb", proxy.uri());
        tables.forEach(endpoints::table);
    }

    /** The captured streams, for the stream poller of the event source mappings; from {@link #start()} on. */
    public StreamLog streamLog() {
        if (streamLog == null) {
            throw new IllegalStateException("dynamodb has not started: its stream log is loaded at start");
        }
        return streamLog;
    }

    public StreamCaptureProxy proxy() {
        return proxy;
    }

    /** dynalite itself, bypassing stream capture: for diagnostics only, never hand it to a client. */
    public Dynalite dynalite() {
        return dynalite;
    }

    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
        if (streamLog != null) {
            streamLog.close(); // after the proxy: no write can come in to be recorded any more
        }
    }

    private void createTable(TemplateResource resource, String name, ObjectNode properties) {
        ObjectNode request = Json.object();
        request.put("TableName", name);
        request.set("AttributeDefinitions", properties.path("AttributeDefinitions"));
        request.set("KeySchema", properties.path("KeySchema"));
        boolean onDemand = "PAY_PER_REQUEST".equals(properties.path("BillingMode").asText("PROVISIONED"));
        request.put("BillingMode", onDemand ? "PAY_PER_REQUEST" : "PROVISIONED");
        if (!onDemand) {
            request.set("ProvisionedThroughput", throughput(properties.path("ProvisionedThroughput")));
        }
        ArrayNode globalIndexes = Json.MAPPER.createArrayNode();
        for (JsonNode index : properties.path("GlobalSecondaryIndexes")) {
            ObjectNode copy = index(index);
            if (!onDemand) {
                copy.set("ProvisionedThroughput", throughput(index.path("ProvisionedThroughput")));
            }
            globalIndexes.add(copy);
        }
        if (!globalIndexes.isEmpty()) {
            request.set("GlobalSecondaryIndexes", globalIndexes);
        }
        ArrayNode localIndexes = Json.MAPPER.createArrayNode();
        properties.path("LocalSecondaryIndexes").forEach(index -> localIndexes.add(index(index)));
        if (!localIndexes.isEmpty()) {
            request.set("LocalSecondaryIndexes", localIndexes);
        }
        try {
            admin.call("CreateTable", request);
        } catch (AwsServiceException e) {
            if (!e.errorType().equals("ResourceInUseException")) {
                throw new IllegalStateException(resource.logicalId() + ": cannot create table " + name + ": " + e.getMessage(), e);
            }
            checkExistingTable(resource, name, properties);
        }
        awaitActive(name);
    }

    /** dynalite makes a table ACTIVE on its next tick even with --createTableMs 0; wait for it, boundedly. */
    private void awaitActive(String name) {
        long deadline = System.nanoTime() + TABLE_ACTIVE_TIMEOUT.toNanos();
        while (!"ACTIVE".equals(admin.call("DescribeTable", Json.object().put("TableName", name)).path("Table").path("TableStatus").asText())) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("table " + name + " not ACTIVE within " + TABLE_ACTIVE_TIMEOUT);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + name, e);
            }
        }
    }

    /** A table kept in the data directory from an earlier run must still have the template's key schema. */
    private void checkExistingTable(TemplateResource resource, String name, ObjectNode properties) {
        JsonNode existing = admin.call("DescribeTable", Json.object().put("TableName", name)).path("Table");
        if (!StreamTable.keyAttributes(existing.path("KeySchema")).equals(StreamTable.keyAttributes(properties.path("KeySchema")))) {
            throw new IllegalStateException(resource.logicalId() + ": table " + name + " kept in "
                    + dataDirectory.map(Path::toString).orElse("dynalite") + " has key schema " + existing.path("KeySchema")
                    + " but the template says " + properties.path("KeySchema")
                    + "; delete the data directory's dynamodb folder (its items are lost) or use another --data");
        }
    }

    private static ObjectNode index(JsonNode index) {
        ObjectNode copy = Json.object();
        copy.set("IndexName", index.path("IndexName"));
        copy.set("KeySchema", index.path("KeySchema"));
        copy.set("Projection", index.path("Projection"));
        return copy;
    }

    /** Template numbers may be strings ("5"); the API wants numbers. */
    private static ObjectNode throughput(JsonNode throughput) {
        ObjectNode copy = Json.object();
        copy.put("ReadCapacityUnits", throughput.path("ReadCapacityUnits").asLong(1));
        copy.put("WriteCapacityUnits", throughput.path("WriteCapacityUnits").asLong(1));
        return copy;
    }

    private static Map<String, String> notEmulated() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("TimeToLiveSpecification", "dynalite does not expire items");
        reasons.put("PointInTimeRecoverySpecification", "no backups locally");
        reasons.put("SSESpecification", "no encryption at rest locally");
        reasons.put("KinesisStreamSpecification", "no Kinesis locally");
        reasons.put("ContributorInsightsSpecification", "no CloudWatch locally");
        reasons.put("TableClass", "one storage class locally");
        reasons.put("DeletionProtectionEnabled", "tables live as long as the local cloud or its data directory");
        reasons.put("ResourcePolicy", "no IAM locally");
        reasons.put("OnDemandThroughput", "no throttling locally");
        reasons.put("WarmThroughput", "no throttling locally");
        return reasons;
    }
}
