package dev.channels.local.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpHandler;
import dev.channels.local.iam.gate.HttpForwarder;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.template.PseudoParameters;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The local S3: Adobe's S3Mock embedded (Spring Boot, confined to this module), plain HTTP on loopback,
 * path-style addressing ({@code <endpoint>/<bucket>/<key>}), with the template's buckets. Objects are kept
 * under {@code <root>}; with a data directory they survive restarts.
 */
public final class S3Service implements LocalService {
    public static final String BUCKET_TYPE = "AWS::S3::Bucket";
    private static final Map<String, String> NOT_EMULATED = notEmulated();

    private final Path root;
    private final boolean persistent;
    private final PseudoParameters pseudo;
    private final Map<String, String> buckets = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private S3MockApplication s3Mock;
    private URI endpoint;
    private URI internalEndpoint;
    /** In front of S3Mock when a gate is set: the endpoint clients see. */
    private LoopbackHttpServer front;
    private Optional<UnaryOperator<HttpHandler>> gate = Optional.empty();

    /**
     * @param root       where S3Mock keeps buckets and objects
     * @param persistent keep them when the local cloud stops (with {@code --data})
     */
    public S3Service(Path root, boolean persistent, PseudoParameters pseudo) {
        this.root = root;
        this.persistent = persistent;
        this.pseudo = pseudo;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public Set<String> resourceTypes() {
        return Set.of(BUCKET_TYPE);
    }

    @Override
    @SuppressWarnings("removal") // getHttpPort(): S3Mock discourages embedding; we accept that and pin the version
    public void start() {
        Map<String, Object> properties = new HashMap<>(); // S3MockApplication.start mutates it
        properties.put("http.port", 0);
        properties.put("server.port", 0);
        properties.put("server.address", "127.0.0.1");
        properties.put(S3MockApplication.PROP_ROOT_DIRECTORY, root.toString());
        properties.put("com.adobe.testing.s3mock.store.retainFilesOnExit", persistent);
        properties.put("com.adobe.testing.s3mock.region", pseudo.region());
        properties.put("spring.main.sources", LoopbackConnectors.class.getName());
        properties.put(S3MockApplication.PROP_SILENT, true);
        // LocalCloud.close() stops S3Mock, in order. Spring's own JVM shutdown hooks would close the context
        // (and stop Logback) concurrently on Ctrl-C, and stop() on a closed context prints a stack trace.
        properties.put("spring.main.register-shutdown-hook", false);
        properties.put("logging.register-shutdown-hook", false);
        s3Mock = S3MockApplication.start(properties);
        internalEndpoint = URI.create("http://127.0.0.1:" + s3Mock.getHttpPort());
        front = gate.map(check -> LoopbackHttpServer.start("s3", check.apply(new HttpForwarder(() -> internalEndpoint)))).orElse(null);
        endpoint = front == null ? internalEndpoint : front.uri();
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Puts a front server before S3Mock that checks each request ({@code check}, e.g. IAM's) and forwards it:
     * clients then see the front's endpoint; set before start.
     */
    public S3Service gate(UnaryOperator<HttpHandler> check) {
        this.gate = Optional.of(check);
        return this;
    }

    @Override
    public void provision(ResolvedStack stack, Inventory inventory) throws IOException, InterruptedException {
        for (TemplateResource resource : stack.resources(BUCKET_TYPE)) {
            ObjectNode properties = stack.properties(resource);
            String name = stack.physicalName(resource.logicalId());
            String location = pseudo.region().equals("us-east-1") ? "" : "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>" + pseudo.region() + "</LocationConstraint></CreateBucketConfiguration>";
            HttpResponse<String> created = put(name, "", location);
            // 409 BucketAlreadyOwnedByYou: kept in the data directory from an earlier run, configured then.
            boolean kept = created.statusCode() == 409 && created.body().contains("BucketAlreadyOwnedByYou");
            if (created.statusCode() != 200 && !kept) {
                throw new IllegalStateException(resource.logicalId() + ": S3Mock did not create bucket " + name + ": "
                        + created.statusCode() + " " + created.body());
            }
            String versioning = properties.path("VersioningConfiguration").path("Status").asText("");
            // Only on a new bucket: S3Mock 4.12.4's PutBucketVersioning drops the bucket's index of objects.
            if (!versioning.isEmpty() && !kept) {
                HttpResponse<String> set = put(name, "?versioning", "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<Status>" + versioning + "</Status></VersioningConfiguration>");
                if (set.statusCode() != 200) {
                    inventory.note(resource, "VersioningConfiguration (S3Mock refused it: " + set.statusCode() + ")");
                }
            }
            buckets.put(resource.logicalId(), name);
            NOT_EMULATED.forEach((property, reason) -> {
                if (properties.has(property)) {
                    inventory.note(resource, property + " (" + reason + ")");
                }
            });
        }
    }

    @Override
    public void describe(LocalEndpoints.Builder endpoints) {
        endpoints.service("s3", endpoint);
        buckets.forEach(endpoints::bucket);
    }

    @Override
    public synchronized void close() {
        if (front != null) {
            front.close();
            front = null;
        }
        // Once only: stop() on a context already closed prints a stack trace instead of throwing.
        if (s3Mock != null) {
            S3MockApplication running = s3Mock;
            s3Mock = null;
            running.stop();
        }
    }

    private HttpResponse<String> put(String bucket, String query, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(internalEndpoint + "/" + bucket + query))
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> notEmulated() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("BucketEncryption", "objects are stored unencrypted; send no SSE headers");
        reasons.put("LifecycleConfiguration", "objects never expire or change storage class locally");
        reasons.put("LoggingConfiguration", "no access logs locally");
        reasons.put("PublicAccessBlockConfiguration", "no public access locally anyway: loopback only");
        reasons.put("NotificationConfiguration", "no event notifications locally");
        reasons.put("ReplicationConfiguration", "no replication locally");
        reasons.put("CorsConfiguration", "no CORS checks locally");
        reasons.put("WebsiteConfiguration", "no website hosting locally");
        reasons.put("ObjectLockConfiguration", "no object lock locally");
        reasons.put("OwnershipControls", "no ACLs locally");
        reasons.put("IntelligentTieringConfigurations", "one storage class locally");
        reasons.put("MetricsConfigurations", "no CloudWatch locally");
        reasons.put("InventoryConfigurations", "no inventory reports locally");
        reasons.put("AnalyticsConfigurations", "no analytics locally");
        reasons.put("AccelerateConfiguration", "no transfer acceleration locally");
        return reasons;
    }
}
