package dev.channels.local.api;

import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.catalog.Emulation;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.catalog.ResourceType;
import dev.channels.local.iam.IamEnforcement;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.service.MetricsSink;
import dev.channels.local.service.ServiceContext;
import dev.channels.local.sqs.SqsService;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The REST API layer's service: the template's REST APIs (API Gateway v1) on loopback, each read by
 * {@link RestApiReader} and served by {@link RestApiHandler}. One server per {@code AWS::ApiGateway::RestApi}, at
 * {@code http://127.0.0.1:<port>/<stageName>/<resource path>}, with the routes of its
 * {@code AWS::ApiGateway::Resource}s and {@code Method}s, request validation as the method's
 * {@code RequestValidator} says (body against the {@code Model} for the request's content type, JSON Schema
 * draft 4), and the {@code AWS} integration with SQS ({@code sqs:path/<account>/<queue>}) through the
 * integration's request template and integration responses (see {@link MappingTemplate} for the template language).
 *
 * <p>Answers as API Gateway does where it can be seen from outside: an unknown stage, path or method is
 * {@code 403 {"message":"Missing Authentication Token"}}; an invalid body {@code 400 {"message":"Invalid
 * request body"}}; a content type without a request template under {@code PassthroughBehavior NEVER}
 * {@code 415 {"message":"Unsupported Media Type"}}; SQS unreachable {@code 500 {"message":"Internal server
 * error"}}, SQS silent for 29 s {@code 504}; each reshaped by the API's {@code AWS::ApiGateway::GatewayResponse}
 * of its type, with the validator's errors as {@code $context.error.validationErrorString} (see
 * {@link GatewayResponses}). {@code AWS_IAM} authorization accepts every request locally
 * (requests are not signed-checked; validation is never skipped).
 *
 * <p>Anything in the template outside what is emulated here (other integration types, authorizers, API keys,
 * path variables, template variables not known here, OpenAPI bodies...) fails {@link #provision} with the logical id
 * and property path: never a silently different API.
 */
public final class RestApiService implements LocalService {
    public static final String REST_API = "AWS::ApiGateway::RestApi";
    public static final String RESOURCE = "AWS::ApiGateway::Resource";
    public static final String METHOD = "AWS::ApiGateway::Method";
    public static final String MODEL = "AWS::ApiGateway::Model";
    public static final String REQUEST_VALIDATOR = "AWS::ApiGateway::RequestValidator";
    public static final String DEPLOYMENT = "AWS::ApiGateway::Deployment";
    public static final String STAGE = "AWS::ApiGateway::Stage";
    /** The types this service emulates, with the note the start-up inventory prints for each. */
    private static final Map<String, String> EMULATED = emulatedTypes();

    private final PrintStream console;
    private final RestApiHandler handler;
    private final MetricsSink metrics;
    private final List<RestApi> apis = new ArrayList<>();
    private final List<LoopbackHttpServer> servers = new ArrayList<>();

    /** As {@code LocalCloud.builder().service(RestApiService::new)} creates it. */
    public RestApiService(ServiceContext context) {
        this(() -> context.service(SqsService.class).internalEndpoint(), context.console(), context.metrics(),
                Optional.of(context.iam()));
    }

    /**
     * @param sqsEndpoint the local SQS endpoint (read at provision, once the SQS service has started)
     * @param console     where the served routes are printed
     */
    public RestApiService(Supplier<URI> sqsEndpoint, PrintStream console) {
        this(sqsEndpoint, console, MetricsSink.NONE, Optional.empty());
    }

    /** @param metrics where the {@code AWS/ApiGateway} datapoints of each request go */
    public RestApiService(Supplier<URI> sqsEndpoint, PrintStream console, MetricsSink metrics) {
        this(sqsEndpoint, console, metrics, Optional.empty());
    }

    /**
     * @param metrics where the {@code AWS/ApiGateway} datapoints of each request go
     * @param iam     the local cloud's IAM: the SQS integration sends as its {@code Credentials} role (checked
     *                in-process, so {@code sqsEndpoint} is SQS behind its gate), and {@code --api-auth} checks callers
     *                of {@code AWS_IAM} methods
     */
    public RestApiService(Supplier<URI> sqsEndpoint, PrintStream console, MetricsSink metrics,
            Optional<IamEnforcement> iam) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.console = Objects.requireNonNull(console, "console");
        this.handler = new RestApiHandler(Objects.requireNonNull(sqsEndpoint, "sqsEndpoint"), console, iam);
    }

    /** The catalog rows this service emulates: the default rows of its types, marked emulated. */
    public static List<ResourceType> catalogRows(ResourceCatalog base) {
        List<ResourceType> rows = new ArrayList<>();
        EMULATED.forEach((type, note) -> rows.add(base.find(type)
                .orElseThrow(() -> new IllegalArgumentException("The catalog has no row for " + type))
                .withEmulation(Emulation.EMULATED, note)));
        return rows;
    }

    /** {@code base} with this service's types marked emulated: pass it to {@code LocalCloud.Builder#catalog}. */
    public static ResourceCatalog catalog(ResourceCatalog base) {
        ResourceCatalog catalog = base;
        for (ResourceType row : catalogRows(base)) {
            catalog = catalog.with(row);
        }
        return catalog;
    }

    /**
     * Serves a request and puts the datapoints API Gateway publishes for it: {@code Count}, {@code 4XXError},
     * {@code 5XXError} and {@code Latency}, by API and stage, and by method and resource for a route of the API
     * (as with detailed metrics enabled).
     */
    private void handleMeasured(RestApi api, HttpExchange exchange) throws IOException {
        long begin = System.nanoTime();
        try {
            handler.handle(api, exchange);
        } finally {
            int status = exchange.getResponseCode();
            double latency = (System.nanoTime() - begin) / 1e6;
            String path = exchange.getRequestURI().getPath();
            int slash = path.indexOf('/', 1);
            String stage = slash < 0 ? path.substring(1) : path.substring(1, slash);
            String resource = slash < 0 ? "/" : path.substring(slash);
            List<Map<String, String>> dimensionSets = new ArrayList<>();
            if (api.stages().contains(stage)) {
                dimensionSets.add(Map.of("ApiName", api.name(), "Stage", stage));
                Map<String, RestApi.Method> methods = api.routes().get(resource);
                String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
                if (methods != null && (methods.containsKey(method) || methods.containsKey("ANY"))) {
                    dimensionSets.add(Map.of("ApiName", api.name(), "Stage", stage, "Method", method, "Resource", resource));
                }
            }
            dimensionSets.add(Map.of("ApiName", api.name()));
            for (Map<String, String> dimensions : dimensionSets) {
                metrics.put("AWS/ApiGateway", "Count", dimensions, 1, "Count");
                metrics.put("AWS/ApiGateway", "4XXError", dimensions, status >= 400 && status < 500 ? 1 : 0, "Count");
                metrics.put("AWS/ApiGateway", "5XXError", dimensions, status >= 500 ? 1 : 0, "Count");
                metrics.put("AWS/ApiGateway", "Latency", dimensions, latency, "Milliseconds");
            }
        }
    }

    @Override
    public String name() {
        return "apigateway";
    }

    @Override
    public Set<String> resourceTypes() {
        return EMULATED.keySet();
    }

    /** Nothing to bind yet: one server per REST API, started in {@link #provision} once the APIs are known. */
    @Override
    public void start() {
    }

    @Override
    public void provision(ResolvedStack stack, Inventory inventory) {
        List<RestApi> read = new ArrayList<>();
        for (TemplateResource restApi : stack.resources(REST_API)) {
            read.add(RestApiReader.read(stack, inventory, restApi));
        }
        for (RestApi api : read) {
            if (api.stages().isEmpty()) {
                console.println("apigateway: " + api.name() + " (" + api.logicalId() + ") has no stage: not served, as on AWS");
                continue;
            }
            LoopbackHttpServer server = LoopbackHttpServer.start("apigateway", exchange -> handleMeasured(api, exchange));
            servers.add(server);
            apis.add(api);
            for (String stage : api.stages()) {
                api.routes().forEach((path, methods) -> console.println("apigateway: " + String.join(",", methods.keySet())
                        + " " + server.uri() + "/" + stage + path));
            }
        }
    }

    @Override
    public void describe(LocalEndpoints.Builder endpoints) {
        for (int i = 0; i < apis.size(); i++) {
            RestApi api = apis.get(i);
            URI base = servers.get(i).uri();
            String stage = api.stages().get(0);
            api.routes().keySet().forEach(path -> endpoints.api(path.equals("/") ? api.name() : path.substring(1),
                    URI.create(base + "/" + stage + path)));
        }
    }

    /** The base URL ({@code http://127.0.0.1:<port>/<stage>}) of the first stage of the API named by its logical id. */
    public URI stageUrl(String restApiLogicalId) {
        for (int i = 0; i < apis.size(); i++) {
            if (apis.get(i).logicalId().equals(restApiLogicalId)) {
                return URI.create(servers.get(i).uri() + "/" + apis.get(i).stages().get(0));
            }
        }
        throw new IllegalArgumentException("No served REST API " + restApiLogicalId);
    }

    @Override
    public void close() {
        servers.forEach(LoopbackHttpServer::close);
    }

    private static Map<String, String> emulatedTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put(REST_API, "served on loopback: http://127.0.0.1:<port>/<stage>/<path>");
        types.put(RESOURCE, "routes (literal path parts)");
        types.put(METHOD, "AWS integration with SQS SendMessage; AWS_IAM accepts every request locally");
        types.put(MODEL, "request bodies validated against it (JSON Schema draft 4)");
        types.put(REQUEST_VALIDATOR, "body and required header / query string validation");
        types.put(DEPLOYMENT, "one local deployment per API, always the template's");
        types.put(STAGE, "the stage name is the first path segment");
        types.put(GatewayResponses.TYPE, "the errors API Gateway answers itself are reshaped by it (variable substitution)");
        return types;
    }
}
