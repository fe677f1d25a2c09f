package dev.channels.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.Json;
import dev.channels.local.LocalEndpoints;
import dev.channels.local.LocalStack;
import dev.channels.local.catalog.Inventory;
import dev.channels.local.http.AwsJsonClient;
import dev.channels.local.http.AwsJsonClient.AwsServiceException;
import dev.channels.local.service.LocalService;
import dev.channels.local.template.PseudoParameters;
import dev.channels.local.template.TemplateResource;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.channels.local.http.LoopbackPorts;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

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
    private SQSRestServer server;
    private URI endpoint;
    private AwsJsonClient client;

    public SqsService(PseudoParameters pseudo) {
        this.pseudo = pseudo;
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
        // A fixed port and server address, so queue URLs are right from the first request (with a dynamic
        // port ElasticMQ learns its address asynchronously after binding).
        RuntimeException lastFailure = null;
        for (int attempt = 1; attempt <= LoopbackPorts.ATTEMPTS && server == null; attempt++) {
            int port = LoopbackPorts.free();
            SQSRestServer candidate = SQSRestServerBuilder.withInterface("127.0.0.1")
                    .withPort(port)
                    .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                    .withAWSRegion(pseudo.region())
                    .withAWSAccountId(pseudo.accountId())
                    .start();
            try {
                candidate.waitUntilStarted();
                server = candidate;
                endpoint = URI.create("http://127.0.0.1:" + port);
            } catch (Exception e) { // the port was taken in between: another one
                lastFailure = new IllegalStateException("ElasticMQ could not bind 127.0.0.1:" + port, e);
                candidate.stopAndWait();
            }
        }
        if (server == null) {
            throw lastFailure;
        }
        client = new AwsJsonClient(AwsJsonClient.newHttpClient(), endpoint, "AmazonSQS", "application/x-amz-json-1.0", "sqs");
    }

    /** The SQS endpoint; queue URLs are {@code <endpoint>/<account>/<queue name>}. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void provision(LocalStack stack, Inventory inventory) {
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
        if (server != null) {
            server.stopAndWait();
        }
    }

    private void createQueue(LocalStack stack, Inventory inventory, TemplateResource resource) {
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
            throw new IllegalStateException(resource.logicalId() + ": cannot create queue " + name + ": " + e.getMessage(), e);
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
