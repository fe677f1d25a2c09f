package dev.channels.local.esm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.dynamodb.DynamoDbService;
import dev.channels.local.lambda.FunctionRef;
import dev.channels.local.lambda.LambdaService;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.service.ServiceContext;
import dev.channels.local.iam.Denial;
import dev.channels.local.iam.IamEnforcement;
import dev.channels.local.iam.LocalCredentials;
import dev.channels.local.iam.Permission;
import dev.channels.local.sqs.SqsService;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The template's {@code AWS::Lambda::EventSourceMapping}s, polled as Lambda does: SQS queues of the local
 * ElasticMQ ({@link SqsPoller}) and DynamoDB streams captured by the foundation ({@link StreamPoller}). Pollers
 * start when the stack is provisioned and stop on close. With a data directory, stream mappings resume after
 * their last processed record when the local cloud starts again ({@link CheckpointFile}); SQS mappings need
 * nothing kept: the queue keeps what is not deleted.
 */
public final class EventSourceMappingService implements LocalService {
    public static final String TYPE = "AWS::Lambda::EventSourceMapping";
    /** Under the data directory: one {@code <logical id>.checkpoint} per stream mapping. */
    public static final String CHECKPOINT_DIRECTORY = "esm";

    private final ServiceContext context;
    private final LambdaService lambda;
    private final Clock clock;
    private final Map<String, MappingConfig> mappings = new LinkedHashMap<>();
    private final Map<String, List<SqsPoller>> sqsPollers = new LinkedHashMap<>();
    private final Map<String, StreamPoller> streamPollers = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    /** SQS clients by function: each mapping reads its queue as its function's execution role, as on AWS. */
    private final Map<String, SqsClient> sqsClients = new java.util.concurrent.ConcurrentHashMap<>();
    private URI sqsEndpoint;
    private Region region;

    public EventSourceMappingService(ServiceContext context, LambdaService lambda) {
        this(context, lambda, Clock.systemUTC());
    }

    public EventSourceMappingService(ServiceContext context, LambdaService lambda, Clock clock) {
        this.context = context;
        this.lambda = lambda;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "event-source-mappings";
    }

    @Override
    public Set<String> resourceTypes() {
        return Set.of(TYPE);
    }

    @Override
    public void start() {
        // nothing to bind: pollers start once the stack is provisioned
    }

    @Override
    public void provision(ResolvedStack stack, Inventory inventory) {
        sqsEndpoint = context.service(SqsService.class).endpoint();
        region = Region.of(stack.pseudo().region());
        for (TemplateResource resource : stack.resources(TYPE)) {
            ObjectNode properties = stack.properties(resource);
            FunctionRef function = FunctionRef.parse(properties.path("FunctionName").asText());
            if (!lambda.functions().containsKey(function.name())) {
                throw new IllegalStateException(resource.logicalId() + ".Properties.FunctionName: no function "
                        + function.name() + " in this stack");
            }
            String functionArn = lambda.functions().get(function.name()).arn() + function.qualifier().map(q -> ":" + q).orElse("");
            MappingConfig mapping = MappingConfig.of(resource.logicalId(), stack.ref(resource.logicalId()), properties, functionArn);
            mappings.put(resource.logicalId(), mapping);
            notes(resource, properties, mapping, inventory);
            if (!mapping.enabled()) {
                continue;
            }
            if (mapping.isSqs()) {
                startSqs(mapping, stack);
            } else if (mapping.isDynamoDbStream()) {
                startStream(mapping, stack, resource);
            } else {
                inventory.note(resource, "EventSourceArn " + mapping.eventSourceArn() + " (only SQS queues and DynamoDB streams are polled locally)");
            }
        }
    }

    /**
     * The SQS client of a function's mapping: signed with its execution role's session (so the SQS endpoint checks
     * the role's permissions, kms:Decrypt of an encrypted queue included), the operator's key for a function
     * without a role.
     */
    private SqsClient sqsFor(String functionName) {
        return sqsClients.computeIfAbsent(FunctionRef.parse(functionName).name(), name -> {
            AwsCredentials credentials = lambda.executionRole(name)
                    .<AwsCredentials>map(session -> AwsSessionCredentials.create(session.secret().accessKeyId(),
                            session.secret().secretAccessKey(), session.secret().sessionToken().orElseThrow()))
                    .orElseGet(() -> AwsBasicCredentials.create(LocalCredentials.OPERATOR_KEY_ID, LocalCredentials.OPERATOR_SECRET));
            return SqsClient.builder().endpointOverride(sqsEndpoint).region(region)
                    .credentialsProvider(StaticCredentialsProvider.create(credentials))
                    .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(java.time.Duration.ofSeconds(30)))
                    .build();
        });
    }

    /**
     * Why the function's role may not read a stream now, in IAM's words: Lambda reads a DynamoDB stream with the
     * execution role ({@code dynamodb:DescribeStream}, {@code GetShardIterator}, {@code GetRecords}), and a table
     * encrypted with a customer managed key needs {@code kms:Decrypt} through DynamoDB too.
     */
    private Optional<String> streamReadDenied(MappingConfig mapping) {
        Optional<LocalCredentials.Identity> role = lambda.executionRole(FunctionRef.parse(mapping.functionName()).name());
        if (role.isEmpty()) {
            return Optional.empty();
        }
        String streamArn = mapping.eventSourceArn();
        List<Permission> needed = new ArrayList<>();
        for (String action : List.of("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords")) {
            needed.add(Permission.of(action, streamArn));
        }
        String table = streamArn.replaceAll("^.*:table/([^/]+)/stream/.*$", "$1");
        IamEnforcement iam = context.iam();
        iam.resources().tableKey(table).ifPresent(key -> needed.add(Permission.viaService("kms:Decrypt", key, "dynamodb",
                iam.region(), role.get().caller().principal().account())));
        return iam.authorize(role.get().caller(), needed).map(Denial::message);
    }

    private void startSqs(MappingConfig mapping, ResolvedStack stack) {
        SqsClient sqs = sqsFor(mapping.functionName());
        String queueUrl = queueUrl(mapping.eventSourceArn(), stack, mapping.logicalId() + ".Properties.EventSourceArn");
        // As CreateEventSourceMapping does: a message must stay invisible while the function may still run.
        int visibility = Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT));
        long timeout = lambda.functions().get(FunctionRef.parse(mapping.functionName()).name()).timeout().toSeconds();
        if (visibility < timeout) {
            throw new IllegalStateException(mapping.logicalId() + ": Queue visibility timeout: " + visibility
                    + " seconds is less than Function timeout: " + timeout + " seconds");
        }
        List<SqsPoller> pollers = new ArrayList<>();
        for (int i = 1; i <= Math.max(1, mapping.maximumConcurrency()); i++) {
            SqsPoller poller = new SqsPoller(mapping, queueUrl, sqs, lambda, stack.pseudo().region(), context.console());
            pollers.add(poller);
            thread("esm-" + mapping.logicalId() + "-" + i, poller);
        }
        sqsPollers.put(mapping.logicalId(), pollers);
    }

    private void startStream(MappingConfig mapping, ResolvedStack stack, TemplateResource resource) {
        if (!context.service(DynamoDbService.class).streamLog().streamArns().contains(mapping.eventSourceArn())) {
            throw new IllegalStateException(resource.logicalId() + ".Properties.EventSourceArn: " + mapping.eventSourceArn()
                    + " is not the stream of a table with a StreamSpecification (streams: " + context.service(DynamoDbService.class).streamLog().streamArns() + ")");
        }
        Optional<Consumer<String>> onFailure = mapping.onFailureArn().map(arn -> {
            if (!arn.contains(":sqs:")) {
                throw new IllegalStateException(resource.logicalId() + ".Properties.DestinationConfig.OnFailure.Destination: "
                        + arn + " (only SQS queues are on-failure destinations locally)");
            }
            String url = queueUrl(arn, stack, resource.logicalId() + ".Properties.DestinationConfig.OnFailure.Destination");
            SqsClient sqs = sqsFor(mapping.functionName()); // Lambda sends on-failure records with the execution role
            return body -> sqs.sendMessage(r -> r.queueUrl(url).messageBody(body));
        });
        Optional<CheckpointFile> checkpointFile = context.dataDirectory()
                .map(data -> new CheckpointFile(data.resolve(CHECKPOINT_DIRECTORY), mapping));
        StreamPoller poller = new StreamPoller(mapping, context.service(DynamoDbService.class).streamLog(), lambda, onFailure, checkpointFile, clock,
                context.console(), context.metrics(), () -> streamReadDenied(mapping));
        streamPollers.put(mapping.logicalId(), poller);
        thread("esm-" + mapping.logicalId(), poller);
    }

    private void thread(String name, Runnable poller) {
        Thread thread = new Thread(poller, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** {@code arn:aws:sqs:<region>:<account>:<name>} to the local queue URL, checked against the queues created. */
    private String queueUrl(String arn, ResolvedStack stack, String path) {
        String[] parts = arn.split(":");
        if (parts.length != 6) {
            throw new IllegalStateException(path + ": not a queue ARN: " + arn);
        }
        String url = context.service(SqsService.class).endpoint() + "/" + parts[4] + "/" + parts[5];
        LocalEndpoints.Builder probe = LocalEndpoints.builder(stack.stackName(), stack.pseudo().region(), stack.pseudo().accountId());
        context.service(SqsService.class).describe(probe);
        if (!probe.build().queues().containsValue(url)) {
            throw new IllegalStateException(path + ": " + arn + " is not a queue of this stack");
        }
        return url;
    }

    private static void notes(TemplateResource resource, ObjectNode properties, MappingConfig mapping, Inventory inventory) {
        if (properties.path("ParallelizationFactor").asInt(1) > 1) {
            inventory.note(resource, "ParallelizationFactor (one poller per stream locally: records stay in order)");
        }
        if (properties.has("TumblingWindowInSeconds")) {
            inventory.note(resource, "TumblingWindowInSeconds (no tumbling windows locally)");
        }
        if (!mapping.enabled()) {
            inventory.note(resource, "Enabled is false: not polled");
        }
    }

    @Override
    public void describe(LocalEndpoints.Builder endpoints) {
        // pollers have no endpoint
    }

    /** The mappings of the stack by logical id. */
    public Map<String, MappingConfig> mappings() {
        return Map.copyOf(mappings);
    }

    /** A stream mapping's checkpoint: the sequence number up to which records are done. */
    public long streamCheckpoint(String logicalId) {
        StreamPoller poller = streamPollers.get(logicalId);
        if (poller == null) {
            throw new IllegalArgumentException("No stream mapping " + logicalId);
        }
        return poller.checkpoint();
    }

    /** Invocations a mapping made so far. */
    public long invocations(String logicalId) {
        if (streamPollers.containsKey(logicalId)) {
            return streamPollers.get(logicalId).invocations();
        }
        return sqsPollers.getOrDefault(logicalId, List.of()).stream().mapToLong(SqsPoller::invocations).sum();
    }

    @Override
    public void close() {
        sqsPollers.values().forEach(pollers -> pollers.forEach(SqsPoller::stop));
        streamPollers.values().forEach(StreamPoller::stop);
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sqsClients.values().forEach(SqsClient::close);
    }
}
