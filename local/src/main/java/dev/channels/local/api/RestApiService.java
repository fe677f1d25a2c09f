package dev.channels.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.catalog.Emulation;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.catalog.ResourceType;
import dev.channels.local.http.LoopbackHttpServer;
import dev.channels.local.json.Json;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.service.ServiceContext;
import dev.channels.local.sqs.SqsService;
import dev.channels.local.template.ResolveException;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The template's REST APIs (API Gateway v1) on loopback: one server per {@code AWS::ApiGateway::RestApi}, at
 * {@code http://127.0.0.1:<port>/<stageName>/<resource path>}, with the routes of its
 * {@code AWS::ApiGateway::Resource}s and {@code Method}s, request validation as the method's
 * {@code RequestValidator} says (body against the {@code Model} for the request's content type, JSON Schema
 * draft 4), and the {@code AWS} integration with SQS ({@code sqs:path/<account>/<queue>}) through the
 * integration's request template and integration responses (see {@link MappingTemplate} for the VTL subset).
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
 * path variables, VTL beyond the subset, OpenAPI bodies...) fails {@link #provision} with the logical id
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
    /** API Gateway's payload limit (10 MB). */
    private static final int MAX_PAYLOAD = 10 * 1024 * 1024;
    /** SQS's default MaximumMessageSize, for a queue whose template does not say. */
    private static final long DEFAULT_MAX_MESSAGE_SIZE = 1_048_576;
    private static final Pattern SQS_URI = Pattern.compile("arn:aws[a-z-]*:apigateway:[a-z0-9-]+:sqs:path/([^/]+)/([^/]+)");
    /** The validator reads Jackson 3 trees: bodies are parsed with it, numbers exact, trailing data refused. */
    private static final tools.jackson.databind.ObjectMapper STRICT_JSON = tools.jackson.databind.json.JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    /** Draft 4, errors located as {@code $.id}, {@code $} for the root (the validator's legacy paths, as before 2.x). */
    private static final SchemaRegistry DRAFT_4_SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.LEGACY).build()));
    private static final String DRAFT_4 = "http://json-schema.org/draft-04/schema";

    private final Supplier<URI> sqsEndpoint;
    private final PrintStream console;
    private final SqsQueryIntegration sqs = new SqsQueryIntegration();
    private final List<Api> apis = new ArrayList<>();
    private final List<LoopbackHttpServer> servers = new ArrayList<>();

    /** One served API: its stages and its methods by resource path, then HTTP method. */
    private record Api(String logicalId, String name, List<String> stages, Map<String, Map<String, MethodSpec>> routes,
            GatewayResponses gatewayResponses) {
    }

    private record MethodSpec(String logicalId, String path, String httpMethod, boolean validateBody,
            boolean validateParameters, Map<String, Schema> models, List<String> requiredHeaders,
            List<String> requiredQuery, Integration integration) {
    }

    private record Integration(String account, String queue, String contentType, Map<String, MappingTemplate> requestTemplates,
            String passthrough, List<Response> responses, long maxMessageSize) {
    }

    private record Response(Optional<Pattern> selection, int statusCode, Map<String, MappingTemplate> templates) {
    }

    /** As {@code LocalCloud.builder().service(RestApiService::new)} creates it. */
    public RestApiService(ServiceContext context) {
        this(() -> context.service(SqsService.class).endpoint(), context.console());
    }

    /**
     * @param sqsEndpoint the local SQS endpoint (read at provision, once the SQS service has started)
     * @param console     where the served routes are printed
     */
    public RestApiService(Supplier<URI> sqsEndpoint, PrintStream console) {
        this.sqsEndpoint = Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
        this.console = Objects.requireNonNull(console, "console");
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
        List<Api> read = new ArrayList<>();
        for (TemplateResource restApi : stack.resources(REST_API)) {
            read.add(readApi(stack, inventory, restApi));
        }
        for (Api api : read) {
            if (api.stages().isEmpty()) {
                console.println("apigateway: " + api.name() + " (" + api.logicalId() + ") has no stage: not served, as on AWS");
                continue;
            }
            LoopbackHttpServer server = LoopbackHttpServer.start("apigateway", exchange -> handle(api, exchange));
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
            Api api = apis.get(i);
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

    // --- reading the template -----------------------------------------------------------------------------

    private Api readApi(ResolvedStack stack, Inventory inventory, TemplateResource restApi) {
        String id = restApi.logicalId();
        ObjectNode properties = stack.properties(restApi);
        for (String unsupported : List.of("Body", "BodyS3Location", "CloneFrom", "BinaryMediaTypes", "Mode")) {
            if (properties.has(unsupported)) {
                throw new ResolveException(id + ".Properties." + unsupported, "not supported by the local REST API");
            }
        }
        noteIfPresent(inventory, restApi, properties, Map.of(
                "EndpointConfiguration", "one loopback endpoint locally",
                "Policy", "no resource policies locally",
                "MinimumCompressionSize", "responses are not compressed locally",
                "DisableExecuteApiEndpoint", "the local endpoint is always on",
                "ApiKeySourceType", "no API keys locally"));
        String apiId = stack.ref(id);
        String rootId = stack.getAtt(id, "RootResourceId");
        String name = properties.path("Name").asText(id);

        Map<String, String> pathById = new LinkedHashMap<>();
        pathById.put(rootId, "/");
        List<TemplateResource> pending = new ArrayList<>(ofApi(stack, RESOURCE, apiId));
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (Iterator<TemplateResource> it = pending.iterator(); it.hasNext();) {
                TemplateResource resource = it.next();
                ObjectNode p = stack.properties(resource);
                String parent = pathById.get(p.path("ParentId").asText());
                if (parent == null) {
                    continue;
                }
                String part = p.path("PathPart").asText();
                if (part.isEmpty() || part.contains("{") || part.contains("/")) {
                    throw new ResolveException(resource.logicalId() + ".Properties.PathPart",
                            "'" + part + "' is not supported locally (path variables and greedy paths are not emulated)");
                }
                pathById.put(stack.ref(resource.logicalId()), (parent.equals("/") ? "" : parent) + "/" + part);
                it.remove();
                progress = true;
            }
            if (!progress) {
                TemplateResource first = pending.get(0);
                throw new ResolveException(first.logicalId() + ".Properties.ParentId",
                        "not a resource of REST API " + id + " (or the parents form a cycle)");
            }
        }

        Map<String, Map<String, MethodSpec>> routes = new LinkedHashMap<>();
        for (TemplateResource method : ofApi(stack, METHOD, apiId)) {
            MethodSpec spec = readMethod(stack, inventory, method, apiId, pathById);
            routes.computeIfAbsent(spec.path(), key -> new LinkedHashMap<>()).put(spec.httpMethod(), spec);
        }
        return new Api(id, name, stages(stack, inventory, apiId), routes,
                GatewayResponses.read(stack, ofApi(stack, GatewayResponses.TYPE, apiId)));
    }

    private List<String> stages(ResolvedStack stack, Inventory inventory, String apiId) {
        Set<String> stages = new LinkedHashSet<>();
        for (TemplateResource stage : ofApi(stack, STAGE, apiId)) {
            ObjectNode p = stack.properties(stage);
            stages.add(p.path("StageName").asText());
            noteIfPresent(inventory, stage, p, Map.of(
                    "AccessLogSetting", "no access logs locally",
                    "MethodSettings", "no throttling, metrics or caching locally",
                    "TracingEnabled", "no X-Ray locally",
                    "CacheClusterEnabled", "no cache locally",
                    "Variables", "stage variables are not used by the supported templates",
                    "CanarySetting", "no canary locally",
                    "ClientCertificateId", "no client certificate locally"));
        }
        for (TemplateResource deployment : ofApi(stack, DEPLOYMENT, apiId)) {
            ObjectNode p = stack.properties(deployment);
            if (p.hasNonNull("StageName")) {
                stages.add(p.path("StageName").asText());
            }
        }
        return List.copyOf(stages);
    }

    private MethodSpec readMethod(ResolvedStack stack, Inventory inventory, TemplateResource method, String apiId,
            Map<String, String> pathById) {
        String id = method.logicalId();
        String at = id + ".Properties.";
        ObjectNode p = stack.properties(method);
        String path = pathById.get(p.path("ResourceId").asText());
        if (path == null) {
            throw new ResolveException(at + "ResourceId", "not a resource of its REST API");
        }
        String httpMethod = p.path("HttpMethod").asText().toUpperCase(Locale.ROOT);
        String authorization = p.path("AuthorizationType").asText("NONE");
        if (authorization.equals("AWS_IAM")) {
            inventory.note(method, "AuthorizationType AWS_IAM (every request is accepted locally; signatures are not checked)");
        } else if (!authorization.equals("NONE")) {
            throw new ResolveException(at + "AuthorizationType", authorization + " is not supported locally (only NONE and AWS_IAM)");
        }
        if (p.path("ApiKeyRequired").asBoolean(false)) {
            throw new ResolveException(at + "ApiKeyRequired", "API keys are not supported locally");
        }

        boolean validateBody = false;
        boolean validateParameters = false;
        if (p.hasNonNull("RequestValidatorId")) {
            String validatorId = p.path("RequestValidatorId").asText();
            TemplateResource validator = ofApi(stack, REQUEST_VALIDATOR, apiId).stream()
                    .filter(candidate -> stack.ref(candidate.logicalId()).equals(validatorId)).findFirst()
                    .orElseThrow(() -> new ResolveException(at + "RequestValidatorId", "no request validator " + validatorId
                            + " in its REST API"));
            ObjectNode v = stack.properties(validator);
            validateBody = v.path("ValidateRequestBody").asBoolean(false);
            validateParameters = v.path("ValidateRequestParameters").asBoolean(false);
        }

        Map<String, Schema> models = new LinkedHashMap<>();
        p.path("RequestModels").fields().forEachRemaining(entry -> models.put(mediaType(entry.getKey()),
                schema(stack, apiId, entry.getValue().asText(), at + "RequestModels." + entry.getKey())));

        List<String> requiredHeaders = new ArrayList<>();
        List<String> requiredQuery = new ArrayList<>();
        p.path("RequestParameters").fields().forEachRemaining(entry -> {
            String key = entry.getKey();
            boolean required = entry.getValue().asBoolean(false);
            if (key.startsWith("method.request.header.")) {
                if (required) {
                    requiredHeaders.add(key.substring("method.request.header.".length()));
                }
            } else if (key.startsWith("method.request.querystring.")) {
                if (required) {
                    requiredQuery.add(key.substring("method.request.querystring.".length()));
                }
            } else {
                throw new ResolveException(at + "RequestParameters." + key, "not supported locally (headers and query strings only)");
            }
        });

        Integration integration = readIntegration(stack, inventory, method, p.path("Integration"), at + "Integration");
        return new MethodSpec(id, path, httpMethod, validateBody, validateParameters, models, requiredHeaders, requiredQuery,
                integration);
    }

    private Schema schema(ResolvedStack stack, String apiId, String modelName, String at) {
        TemplateResource model = ofApi(stack, MODEL, apiId).stream()
                .filter(candidate -> stack.ref(candidate.logicalId()).equals(modelName)).findFirst()
                .orElseThrow(() -> new ResolveException(at, "no model named " + modelName + " in its REST API "
                        + "(API Gateway's built-in Empty and Error models are not emulated)"));
        String schemaAt = model.logicalId() + ".Properties.Schema";
        JsonNode schema = stack.properties(model).path("Schema");
        if (schema.isTextual()) {
            try {
                schema = Json.MAPPER.readTree(schema.asText());
            } catch (IOException e) {
                throw new ResolveException(schemaAt, "not JSON: " + e.getMessage());
            }
        }
        if (!schema.isObject()) {
            throw new ResolveException(schemaAt, "missing or not a JSON object");
        }
        String version = schema.path("$schema").asText(DRAFT_4);
        if (!version.replaceAll("#$", "").equals(DRAFT_4)) {
            throw new ResolveException(schemaAt + ".$schema", version + ": API Gateway models are JSON Schema draft 4");
        }
        checkLocalRefs(schema, schemaAt);
        try {
            return DRAFT_4_SCHEMAS.getSchema(STRICT_JSON.readTree(schema.toString()));
        } catch (RuntimeException e) {
            throw new ResolveException(schemaAt, "not a valid draft 4 schema: " + e.getMessage());
        }
    }

    /** {@code $ref}s to other models (API Gateway URLs) would be fetched over the network: refused. */
    private static void checkLocalRefs(JsonNode node, String at) {
        if (node.isObject()) {
            node.fields().forEachRemaining(entry -> {
                if (entry.getKey().equals("$ref") && !entry.getValue().asText().startsWith("#")) {
                    throw new ResolveException(at + ".$ref", entry.getValue().asText()
                            + ": references to other models are not supported locally");
                }
                checkLocalRefs(entry.getValue(), at + "." + entry.getKey());
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkLocalRefs(node.get(i), at + "[" + i + "]");
            }
        }
    }

    private Integration readIntegration(ResolvedStack stack, Inventory inventory, TemplateResource method, JsonNode p, String at) {
        String type = p.path("Type").asText();
        if (!type.equals("AWS")) {
            throw new ResolveException(at + ".Type", "'" + type + "' is not supported locally (only AWS with SQS)");
        }
        Matcher uri = SQS_URI.matcher(p.path("Uri").asText());
        if (!uri.matches()) {
            throw new ResolveException(at + ".Uri", p.path("Uri").asText()
                    + " is not supported locally (only arn:aws:apigateway:<region>:sqs:path/<account>/<queue>)");
        }
        if (!p.path("IntegrationHttpMethod").asText().equals("POST")) {
            throw new ResolveException(at + ".IntegrationHttpMethod", "only POST is supported locally with SQS");
        }
        for (String unsupported : List.of("ContentHandling", "CacheKeyParameters", "ConnectionType", "TimeoutInMillis")) {
            if (p.has(unsupported)) {
                throw new ResolveException(at + "." + unsupported, "not supported by the local REST API");
            }
        }
        if (p.has("Credentials")) {
            inventory.note(method, "Integration.Credentials (no IAM locally: the integration may send to any queue)");
        }
        String contentType = "application/x-www-form-urlencoded";
        Iterator<Map.Entry<String, JsonNode>> parameters = p.path("RequestParameters").fields();
        while (parameters.hasNext()) {
            Map.Entry<String, JsonNode> entry = parameters.next();
            String value = entry.getValue().asText();
            if (!entry.getKey().equals("integration.request.header.Content-Type") || !value.matches("'[^']*'")) {
                throw new ResolveException(at + ".RequestParameters." + entry.getKey(), value
                        + ": not supported locally (only a static integration.request.header.Content-Type)");
            }
            contentType = value.substring(1, value.length() - 1);
        }

        Map<String, MappingTemplate> requestTemplates = new LinkedHashMap<>();
        p.path("RequestTemplates").fields().forEachRemaining(entry -> {
            String templateAt = at + ".RequestTemplates['" + entry.getKey() + "']";
            MappingTemplate template = compile(entry.getValue().asText(), templateAt);
            // Dry run: the supported integration is SendMessage; anything else is refused now, not per request.
            String form = template.render(new MappingTemplate.Input("{}", "start")).text();
            if (!"SendMessage".equals(formValue(form, "Action"))) {
                throw new ResolveException(templateAt, "renders '" + form + "': only Action=SendMessage is supported locally");
            }
            requestTemplates.put(mediaType(entry.getKey()), template);
        });
        String passthrough = p.path("PassthroughBehavior").asText("WHEN_NO_MATCH");

        List<Response> responses = new ArrayList<>();
        JsonNode integrationResponses = p.path("IntegrationResponses");
        for (int i = 0; i < integrationResponses.size(); i++) {
            JsonNode response = integrationResponses.get(i);
            String responseAt = at + ".IntegrationResponses[" + i + "]";
            for (String unsupported : List.of("ResponseParameters", "ContentHandling")) {
                if (response.has(unsupported)) {
                    throw new ResolveException(responseAt + "." + unsupported, "not supported by the local REST API");
                }
            }
            Optional<Pattern> selection = Optional.empty();
            String pattern = response.path("SelectionPattern").asText("");
            if (!pattern.isEmpty()) {
                try {
                    selection = Optional.of(Pattern.compile(pattern));
                } catch (PatternSyntaxException e) {
                    throw new ResolveException(responseAt + ".SelectionPattern", "not a regular expression: " + e.getDescription());
                }
            }
            Map<String, MappingTemplate> templates = new LinkedHashMap<>();
            response.path("ResponseTemplates").fields().forEachRemaining(entry -> templates.put(mediaType(entry.getKey()),
                    compile(entry.getValue().asText(), responseAt + ".ResponseTemplates['" + entry.getKey() + "']")));
            int status;
            try {
                status = Integer.parseInt(response.path("StatusCode").asText());
            } catch (NumberFormatException e) {
                throw new ResolveException(responseAt + ".StatusCode", "not a status code");
            }
            responses.add(new Response(selection, status, templates));
        }
        return new Integration(uri.group(1), uri.group(2), contentType, requestTemplates, passthrough, responses,
                maxMessageSize(stack, uri.group(2)));
    }

    private static MappingTemplate compile(String source, String at) {
        try {
            return MappingTemplate.compile(source);
        } catch (MappingTemplate.UnsupportedTemplateException e) {
            throw new ResolveException(at, e.getMessage());
        }
    }

    private static long maxMessageSize(ResolvedStack stack, String queueName) {
        for (TemplateResource queue : stack.resources("AWS::SQS::Queue")) {
            if (stack.physicalName(queue.logicalId()).equals(queueName)) {
                return stack.properties(queue).path("MaximumMessageSize").asLong(DEFAULT_MAX_MESSAGE_SIZE);
            }
        }
        return DEFAULT_MAX_MESSAGE_SIZE;
    }

    private static List<TemplateResource> ofApi(ResolvedStack stack, String type, String apiId) {
        return stack.resources(type).stream()
                .filter(resource -> stack.properties(resource).path("RestApiId").asText().equals(apiId)).toList();
    }

    private static void noteIfPresent(Inventory inventory, TemplateResource resource, ObjectNode properties, Map<String, String> notes) {
        notes.forEach((property, reason) -> {
            if (properties.has(property)) {
                inventory.note(resource, property + " (" + reason + ")");
            }
        });
    }

    // --- serving -------------------------------------------------------------------------------------------

    private void handle(Api api, HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        String path = exchange.getRequestURI().getPath();
        int slash = path.indexOf('/', 1);
        String stage = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String resourcePath = slash < 0 ? "/" : path.substring(slash);
        Map<String, MethodSpec> methods = api.stages().contains(stage) ? api.routes().get(resourcePath) : null;
        MethodSpec method = methods == null ? null
                : Optional.ofNullable(methods.get(exchange.getRequestMethod().toUpperCase(Locale.ROOT))).orElse(methods.get("ANY"));
        if (method == null) {
            error(exchange, api, GatewayResponses.Kind.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token", requestId);
            return;
        }
        byte[] bytes = readBody(exchange.getRequestBody());
        if (bytes == null) {
            error(exchange, api, GatewayResponses.Kind.REQUEST_TOO_LARGE, "Request Too Long", requestId);
            return;
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        String contentType = mediaType(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("application/json"));

        if (method.validateParameters()) {
            List<String> missing = new ArrayList<>();
            method.requiredHeaders().stream().filter(header -> exchange.getRequestHeaders().getFirst(header) == null).forEach(missing::add);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            method.requiredQuery().stream().filter(name -> !query.containsKey(name)).forEach(missing::add);
            if (!missing.isEmpty()) {
                error(exchange, api, GatewayResponses.Kind.BAD_REQUEST_PARAMETERS,
                        "Missing required request parameters: [" + String.join(", ", missing) + "]", requestId);
                return;
            }
        }
        Schema schema = method.models().get(contentType);
        if (method.validateBody() && schema != null) {
            List<String> errors = validationErrors(schema, body);
            if (!errors.isEmpty()) {
                send(exchange, api.gatewayResponses().answer(GatewayResponses.Kind.BAD_REQUEST_BODY, "Invalid request body",
                        "[" + String.join(", ", errors) + "]", requestId));
                return;
            }
        }

        Integration integration = method.integration();
        MappingTemplate requestTemplate = integration.requestTemplates().get(contentType);
        String form;
        if (requestTemplate != null) {
            form = requestTemplate.render(new MappingTemplate.Input(body, requestId)).text();
        } else if (integration.passthrough().equals("WHEN_NO_MATCH")
                || (integration.passthrough().equals("WHEN_NO_TEMPLATES") && integration.requestTemplates().isEmpty())) {
            form = body;
        } else {
            error(exchange, api, GatewayResponses.Kind.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", requestId);
            return;
        }

        SqsQueryIntegration.Answer answer;
        try {
            URI queueUrl = URI.create(sqsEndpoint.get() + "/" + integration.account() + "/" + integration.queue());
            answer = sqs.send(queueUrl, integration.contentType(), form, integration.maxMessageSize());
        } catch (SqsQueryIntegration.Unreachable e) {
            console.println("apigateway: " + method.logicalId() + " " + requestId + ": " + e.getMessage());
            if (e.timedOut) {
                error(exchange, api, GatewayResponses.Kind.INTEGRATION_TIMEOUT, "Endpoint request timed out", requestId);
            } else {
                error(exchange, api, GatewayResponses.Kind.INTEGRATION_FAILURE, "Internal server error", requestId);
            }
            return;
        }

        String status = Integer.toString(answer.status());
        Response selected = integration.responses().stream()
                .filter(response -> response.selection().map(pattern -> pattern.matcher(status).matches()).orElse(false))
                .findFirst()
                .or(() -> integration.responses().stream().filter(response -> response.selection().isEmpty()).findFirst())
                .orElse(null);
        if (selected == null) {
            console.println("apigateway: " + method.logicalId() + " " + requestId + ": no integration response for SQS status " + status);
            error(exchange, api, GatewayResponses.Kind.DEFAULT_5XX, "Internal server error", requestId);
            return;
        }
        MappingTemplate responseTemplate = selected.templates().get("application/json");
        String responseType = "application/json";
        if (responseTemplate == null && !selected.templates().isEmpty()) {
            Map.Entry<String, MappingTemplate> first = selected.templates().entrySet().iterator().next();
            responseType = first.getKey();
            responseTemplate = first.getValue();
        }
        int statusCode = selected.statusCode();
        String responseBody = answer.body();
        if (responseTemplate != null) {
            MappingTemplate.Output output = responseTemplate.render(new MappingTemplate.Input(answer.body(), requestId));
            responseBody = output.text();
            statusCode = output.statusOverride().orElse(statusCode);
        }
        LoopbackHttpServer.send(exchange, statusCode, responseType, responseBody.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the validator finds wrong with the body, sorted; empty when it is valid. An empty body is validated
     * as {@code {}}, as API Gateway does; a body that is not JSON is one error saying where it stops being JSON.
     */
    private static List<String> validationErrors(Schema schema, String body) {
        tools.jackson.databind.JsonNode json;
        try {
            json = STRICT_JSON.readTree(body.isBlank() ? "{}" : body);
        } catch (tools.jackson.core.JacksonException e) {
            return List.of("Invalid JSON: " + e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        return schema.validate(json).stream().map(Error::toString).sorted().toList();
    }

    /** The body, or null when it is over API Gateway's 10 MB. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_PAYLOAD + 1);
        return bytes.length > MAX_PAYLOAD ? null : bytes;
    }

    private static void error(HttpExchange exchange, Api api, GatewayResponses.Kind kind, String message, String requestId)
            throws IOException {
        send(exchange, api.gatewayResponses().answer(kind, message, "", requestId));
    }

    private static void send(HttpExchange exchange, GatewayResponses.Answer answer) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.errorType());
        LoopbackHttpServer.send(exchange, answer.status(), answer.contentType(), answer.body().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code application/json; charset=utf-8} -> {@code application/json}. */
    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static String formValue(String form, String name) {
        return query(form).get(name);
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
