package dev.channels.local.sns;

import java.util.Objects;
import java.util.function.UnaryOperator;
import com.sun.net.httpserver.HttpHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.service.ServiceContext;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The local SNS: the stack's topics and subscriptions, {@code Publish} (from the local CloudWatch's alarm actions
 * and over the awsQuery protocol, as {@code aws sns publish} sends it), {@code ListTopics},
 * {@code ListSubscriptions}, {@code ListSubscriptionsByTopic} and {@code GetTopicAttributes}. Email subscriptions
 * deliver to the local {@link Mailbox}, confirmed from the start (on AWS the recipient confirms first); other
 * protocols are listed at start and not delivered.
 */
public final class SnsService implements LocalService {
    public static final String TOPIC = "AWS::SNS::Topic";
    public static final String SUBSCRIPTION = "AWS::SNS::Subscription";
    /** SNS's limits on what a publisher sends. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    static final int MAX_SUBJECT = 100;

    private final Mailbox mailbox;
    private final PrintStream console;
    private final Clock clock;
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private LoopbackHttpServer server;
    private UnaryOperator<HttpHandler> gate = UnaryOperator.identity();

    public SnsService(ServiceContext context) {
        this(new Mailbox(context.workDirectory().resolve("mailbox.jsonl"), context.console()), context.console(), context.clock());
    }

    public SnsService(Mailbox mailbox, PrintStream console, Clock clock) {
        this.mailbox = mailbox;
        this.console = console;
        this.clock = clock;
    }


    /** What stands in front of the endpoint (IAM's signature and policy check); set before start. */
    public SnsService gate(UnaryOperator<HttpHandler> front) {
        this.gate = Objects.requireNonNull(front, "front");
        return this;
    }

    @Override
    public String name() {
        return "sns";
    }

    @Override
    public Set<String> resourceTypes() {
        return Set.of(TOPIC, SUBSCRIPTION);
    }

    @Override
    public void start() {
        server = LoopbackHttpServer.start("sns", gate.apply(this::handle));
    }

    @Override
    public void provision(ResolvedStack stack, Inventory inventory) {
        for (TemplateResource resource : stack.resources(TOPIC)) {
            ObjectNode properties = stack.properties(resource);
            String arn = stack.ref(resource.logicalId());
            synchronized (this) {
                topics.put(arn, new Topic(resource.logicalId(), stack.physicalName(resource.logicalId()), arn,
                        properties.path("DisplayName").asText(""), List.of()));
            }
            if (properties.has("KmsMasterKeyId")) {
                inventory.note(resource, "KmsMasterKeyId (no encryption at rest locally)");
            }
        }
        for (TemplateResource resource : stack.resources(SUBSCRIPTION)) {
            ObjectNode properties = stack.properties(resource);
            String topicArn = properties.path("TopicArn").asText();
            String protocol = properties.path("Protocol").asText();
            boolean delivered = protocol.equals("email") || protocol.equals("email-json");
            if (!delivered) {
                inventory.note(resource, "Protocol " + protocol + " (only email subscriptions are delivered locally, to the mailbox)");
            }
            for (String property : List.of("FilterPolicy", "RedrivePolicy", "DeliveryPolicy", "RawMessageDelivery")) {
                if (properties.has(property)) {
                    inventory.note(resource, property + " (not applied locally: every message is delivered once, to the mailbox)");
                }
            }
            synchronized (this) {
                Topic topic = topics.get(topicArn);
                if (topic == null) {
                    throw new IllegalStateException(resource.logicalId() + ": TopicArn " + topicArn + " is not a topic of this stack");
                }
                topics.put(topicArn, topic.with(new Topic.Subscription(stack.ref(resource.logicalId()), topicArn, protocol,
                        properties.path("Endpoint").asText(), delivered)));
            }
        }
    }

    @Override
    public void describe(LocalEndpoints.Builder endpoints) {
        endpoints.service("sns", endpoint());
    }

    public URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("The local SNS has not started");
        }
        return server.uri();
    }

    public synchronized List<Topic> topics() {
        return List.copyOf(topics.values());
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    /**
     * Publishes to a topic of the stack: every email subscription gets it in the mailbox.
     *
     * @return the message id
     * @throws IllegalArgumentException when there is no such topic
     */
    public String publish(String topicArn, Optional<String> subject, String message) {
        Topic topic;
        synchronized (this) {
            topic = topics.get(topicArn);
        }
        if (topic == null) {
            throw new IllegalArgumentException("Topic does not exist: " + topicArn);
        }
        String messageId = UUID.randomUUID().toString();
        for (Topic.Subscription subscription : topic.subscriptions()) {
            if (subscription.delivered()) {
                mailbox.deliver(subscription.endpoint(), subject.orElse(topic.displayName().isEmpty() ? topic.name() : topic.displayName()),
                        message, topicArn, messageId, clock.instant());
            }
        }
        return messageId;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readNBytes(MAX_MESSAGE_BYTES * 2), StandardCharsets.UTF_8);
        Map<String, String> form = form(body);
        form.putAll(form(exchange.getRequestURI().getRawQuery()));
        SnsQueryApi.Answer answer = new SnsQueryApi(this).answer(form);
        LoopbackHttpServer.send(exchange, answer.status(), "text/xml", answer.xml().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
