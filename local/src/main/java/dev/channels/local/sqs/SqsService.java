package dev.channels.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.sun.net.httpserver.HttpHandler;
import dev.channels.local.iam.gate.HttpForwarder;
import dev.channels.support.http.LoopbackHttpServer;
import java.util.function.UnaryOperator;
import dev.channels.local.http.AwsJsonClient.AwsServiceException;
import dev.channels.local.http.AwsJsonClient;
import dev.channels.local.http.LoopbackPorts;
import dev.channels.local.json.Json;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.template.PseudoParameters;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;

/**
 * The local SQS: ElasticMQ embedded, on a loopback port, with the stack's account and region so its queue
 * URLs and ARNs are the ones the resolver gives ({@code <endpoint>/<account>/<name>},
 * {@code arn:aws:sqs:<region>:<account>:<name>}), and the template's queues.
 */
public final class SqsService implements LocalService {
    public static final String QUEUE_TYPE = "AWS::SQS::Queue";
    /** Template properties passed to CreateQueue as attributes of the same name. */
    private static final List<String> ATTRIBUTES = List.of("VisibilityTimeout", "DelaySeconds",
            "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize", "FifoQueue", "ContentBasedDeduplication");
    private static final Map<String, String> NOT_EMULATED = notEmulated();

    private final PseudoParameters pseudo;
    private final Map<String, String> queues = new LinkedHashMap<>();
    /**
     * Pekko's own JVM shutdown hook would terminate the actor system while ours is still stopping ElasticMQ's
     * server through it (on Ctrl-C the stop then waited out its one-minute deadline): the local cloud
     * stops it, in order.
     */
    private static final Config ACTOR_SYSTEM_CONFIG = ConfigFactory.parseString("""
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            pekko.jvm-shutdown-hooks = off
            """);

    private static final FiniteDuration IN_FLIGHT_GRACE = FiniteDuration.create(3, TimeUnit.SECONDS);
    private static final FiniteDuration STOP_DEADLINE = FiniteDuration.create(30, TimeUnit.SECONDS);

    private ActorSystem actorSystem;
    private QueueStore store;
    private SQSRestServer server;
    private URI endpoint;
    private URI internalEndpoint;
    private AwsJsonClient client;
    /** In front of ElasticMQ when a gate is set: the endpoint clients see, and what ElasticMQ's queue URLs name. */
    private LoopbackHttpServer front;
    private Optional<UnaryOperator<HttpHandler>> gate = Optional.empty();

    private final Optional<Path> dataDirectory;

    /** An SQS that keeps queues and messages in memory only. */
    public SqsService(PseudoParameters pseudo) {
        this(pseudo, Optional.empty());
    }

    /**
     * @param dataDirectory where ElasticMQ keeps queues and messages (an H2 database) between runs; in memory
     *                      when empty
     */
    public SqsService(PseudoParameters pseudo, Optional<Path> dataDirectory) {
        this.pseudo = pseudo;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Puts a front server before ElasticMQ that checks each request ({@code front}, e.g. IAM's) and forwards it:
     * clients, and ElasticMQ's queue URLs, then name the front; set before start.
     */
    public SqsService gate(UnaryOperator<HttpHandler> check) {
        this.gate = Optional.of(check);
        return this;
    }

    @Override
    public String name() {
        return "sqs";
    }

    @Override
    public Set<String> resourceTypes() {
        return Set.of(QUEUE_TYPE);
    }

    @Override
    public void start() {
        actorSystem = ActorSystem.create("elasticmq", ACTOR_SYSTEM_CONFIG.withFallback(ConfigFactory.load()));
        store = dataDirectory.map(directory -> QueueStore.open(directory, actorSystem)).orElse(null);
        // A fixed port and server address, so queue URLs are right from the first request (with a dynamic
        // port ElasticMQ learns its address asynchronously after binding).
        RuntimeException lastFailure = null;
        // The front forwards to ElasticMQ's port, known once it has bound; its own port goes into the queue URLs.
        front = gate.map(check -> LoopbackHttpServer.start("sqs", check.apply(new HttpForwarder(() -> internalEndpoint)))).orElse(null);
        for (int attempt = 1; attempt <= LoopbackPorts.ATTEMPTS && server == null; attempt++) {
            int port = LoopbackPorts.free();
            int advertised = front == null ? port : front.port();
            TheSQSRestServerBuilder builder = SQSRestServerBuilder.withInterface("127.0.0.1")
                    .withPort(port)
                    .withServerAddress(new NodeAddress("http", "127.0.0.1", advertised, ""))
                    .withAWSRegion(pseudo.region())
                    .withAWSAccountId(pseudo.accountId())
                    .withActorSystem(actorSystem);
            if (store != null) {
                builder = builder.withQueueManagerActor(store.queueManager())
                        .withQueueEventListener(store.eventListener());
            }
            SQSRestServer candidate = builder.start();
            try {
                candidate.waitUntilStarted();
                server = candidate;
                internalEndpoint = URI.create("http://127.0.0.1:" + port);
                endpoint = front == null ? internalEndpoint : front.uri();
            } catch (Exception e) { // the port was taken in between: nothing was bound, try another one
                lastFailure = new IllegalStateException("ElasticMQ could not bind 127.0.0.1:" + port, e);
            }
        }
        if (server == null) {
            throw lastFailure;
        }
        if (store != null) {
            store.restore();
        }
        client = new AwsJsonClient(AwsJsonClient.newHttpClient(), internalEndpoint, "AmazonSQS", "application/x-amz-json-1.0", "sqs");
    }

    /** The SQS endpoint; queue URLs are {@code <endpoint>/<account>/<queue name>}. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * ElasticMQ itself, behind the front: for the local cloud's own parts that act as a role and have IAM check
     * the call in-process (the REST API's SQS integration), so they need no signature.
     */
    public URI internalEndpoint() {
        return internalEndpoint;
    }

    @Override
    public void provision(ResolvedStack stack, Inventory inventory) {
        // A queue's dead-letter queue must exist before it: create in rounds, each after its targets.
        List<TemplateResource> pending = new ArrayList<>(stack.resources(QUEUE_TYPE));
        Set<String> createdArns = new HashSet<>();
        while (!pending.isEmpty()) {
            List<TemplateResource> ready = pending.stream().filter(queue -> {
                String target = stack.properties(queue).path("RedrivePolicy").path("deadLetterTargetArn").asText("");
                return target.isEmpty() || createdArns.contains(target);
            }).toList();
            if (ready.isEmpty()) {
                TemplateResource first = pending.get(0);
                throw new IllegalStateException(first.logicalId() + ": its dead-letter queue "
                        + stack.properties(first).path("RedrivePolicy").path("deadLetterTargetArn").asText()
                        + " is not a queue of this stack (or the redrive policies form a cycle)");
            }
            for (TemplateResource queue : ready) {
                createQueue(stack, inventory, queue);
                createdArns.add(stack.getAtt(queue.logicalId(), "Arn"));
            }
            pending.removeAll(ready);
        }
    }

    @Override
    public void describe(LocalEndpoints.Builder endpoints) {
        endpoints.service("sqs", endpoint);
        queues.forEach(endpoints::queue);
    }

    @Override
    public void close() {
        if (front != null) {
            front.close();
        }
        try {
            if (server != null) {
                stop(server);
            }
        } finally {
            try {
                if (store != null) {
                    store.close();
                }
            } finally {
                if (actorSystem != null) {
                    terminate(actorSystem);
                }
            }
        }
    }

    /**
     * Unbinds and closes every connection, giving requests in flight {@link #IN_FLIGHT_GRACE} to finish.
     * ElasticMQ's own {@code stopAndWait} gives them a minute and waits a minute: a connection still busy at the
     * deadline (seen once in a test run) made that wait time out.
     */
    private static void stop(SQSRestServer server) {
        try {
            Http.ServerBinding binding = Await.result(server.startFuture(), STOP_DEADLINE);
            Await.result(binding.terminate(IN_FLIGHT_GRACE), STOP_DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            throw new IllegalStateException("ElasticMQ's server did not stop within " + STOP_DEADLINE, e);
        }
    }

    private static void terminate(ActorSystem system) {
        try {
            Await.result(system.terminate(), FiniteDuration.create(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            throw new IllegalStateException("ElasticMQ's actors did not stop within 30 s", e);
        }
    }

    private void createQueue(ResolvedStack stack, Inventory inventory, TemplateResource resource) {
        ObjectNode properties = stack.properties(resource);
        String name = stack.physicalName(resource.logicalId());
        ObjectNode attributes = Json.object();
        for (String attribute : ATTRIBUTES) {
            JsonNode value = properties.path(attribute);
            if (!value.isMissingNode()) {
                attributes.put(attribute, value.asText());
            }
        }
        JsonNode redrive = properties.path("RedrivePolicy");
        if (redrive.isObject()) {
            // Template numbers may be strings; ElasticMQ wants the policy as JSON text with a number.
            ObjectNode policy = Json.object();
            policy.put("deadLetterTargetArn", redrive.path("deadLetterTargetArn").asText());
            policy.put("maxReceiveCount", redrive.path("maxReceiveCount").asInt());
            attributes.put("RedrivePolicy", policy.toString());
        }
        ObjectNode request = Json.object();
        request.put("QueueName", name);
        request.set("Attributes", attributes);
        String url;
        try {
            url = client.call("CreateQueue", request).path("QueueUrl").asText();
        } catch (AwsServiceException e) {
            if (!"QueueNameExists".equals(e.errorType()) && !"QueueAlreadyExists".equals(e.errorType())) {
                throw new IllegalStateException(resource.logicalId() + ": cannot create queue " + name + ": " + e.getMessage(), e);
            }
            url = updateKeptQueue(resource, name, attributes);
        }
        String resolved = stack.ref(resource.logicalId());
        if (!url.equals(resolved)) {
            throw new IllegalStateException(resource.logicalId() + ": ElasticMQ serves queue " + name + " at " + url
                    + " but the template's Ref resolves to " + resolved);
        }
        queues.put(name, url);
        NOT_EMULATED.forEach((property, reason) -> {
            if (properties.has(property)) {
                inventory.note(resource, property + " (" + reason + ")");
            }
        });
    }

    /**
     * A queue kept in the data directory from an earlier run, with other attributes than the template's now:
     * it takes the template's (as a CloudFormation update would) and keeps its messages. {@code FifoQueue}
     * cannot change (the name would have to), and a redrive policy the template dropped is removed.
     */
    private String updateKeptQueue(TemplateResource resource, String name, ObjectNode attributes) {
        ObjectNode request = Json.object();
        request.put("QueueName", name);
        String url = client.call("GetQueueUrl", request).path("QueueUrl").asText();
        ObjectNode changed = attributes.deepCopy();
        changed.remove("FifoQueue");
        if (!changed.has("RedrivePolicy")) {
            changed.put("RedrivePolicy", "");
        }
        ObjectNode update = Json.object();
        update.put("QueueUrl", url);
        update.set("Attributes", changed);
        try {
            client.call("SetQueueAttributes", update);
        } catch (AwsServiceException e) {
            throw new IllegalStateException(resource.logicalId() + ": queue " + name + " kept from an earlier run cannot take "
                    + "the template's attributes " + changed + ": " + e.getMessage()
                    + "; delete the data directory's sqs folder (its messages are lost) or use another --data", e);
        }
        return url;
    }

    private static Map<String, String> notEmulated() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("MessageRetentionPeriod", "ElasticMQ keeps messages until they are deleted");
        reasons.put("KmsMasterKeyId", "no encryption at rest locally");
        reasons.put("KmsDataKeyReusePeriodSeconds", "no encryption at rest locally");
        reasons.put("SqsManagedSseEnabled", "no encryption at rest locally");
        reasons.put("RedriveAllowPolicy", "any queue may use any dead-letter queue locally");
        reasons.put("DeduplicationScope", "ElasticMQ deduplicates per queue");
        reasons.put("FifoThroughputLimit", "no throttling locally");
        return reasons;
    }
}
