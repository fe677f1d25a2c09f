package dev.channels.local.api;

import static dev.channels.local.api.RestApiService.DEPLOYMENT;
import static dev.channels.local.api.RestApiService.METHOD;
import static dev.channels.local.api.RestApiService.MODEL;
import static dev.channels.local.api.RestApiService.REQUEST_VALIDATOR;
import static dev.channels.local.api.RestApiService.RESOURCE;
import static dev.channels.local.api.RestApiService.STAGE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import dev.channels.local.service.Inventory;
import dev.channels.local.template.ResolveException;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one {@code AWS::ApiGateway::RestApi} of the template into a {@link RestApi}: its resources' paths, its
 * methods with their validators, models and SQS integration, its stages and gateway responses. Anything outside
 * what is emulated fails with the logical id and property path; what is accepted but not emulated is noted in
 * the inventory.
 */
final class RestApiReader {
    /** SQS's default MaximumMessageSize, for a queue whose template does not say. */
    private static final long DEFAULT_MAX_MESSAGE_SIZE = 1_048_576;
    private static final Pattern SQS_URI = Pattern.compile("arn:aws[a-z-]*:apigateway:[a-z0-9-]+:sqs:path/([^/]+)/([^/]+)");

    private RestApiReader() {
    }

    static RestApi read(ResolvedStack stack, Inventory inventory, TemplateResource restApi) {
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

        Map<String, Map<String, RestApi.Method>> routes = new LinkedHashMap<>();
        for (TemplateResource method : ofApi(stack, METHOD, apiId)) {
            RestApi.Method spec = readMethod(stack, inventory, method, apiId, pathById);
            routes.computeIfAbsent(spec.path(), key -> new LinkedHashMap<>()).put(spec.httpMethod(), spec);
        }
        return new RestApi(id, apiId, name, stages(stack, inventory, apiId), routes,
                GatewayResponses.read(stack, ofApi(stack, GatewayResponses.TYPE, apiId)));
    }

    private static List<String> stages(ResolvedStack stack, Inventory inventory, String apiId) {
        Set<String> stages = new LinkedHashSet<>();
        for (TemplateResource stage : ofApi(stack, STAGE, apiId)) {
            ObjectNode p = stack.properties(stage);
            stages.add(p.path("StageName").asText());
            noteIfPresent(inventory, stage, p, Map.of(
                    "AccessLogSetting", "no access logs locally",
                    "MethodSettings", "no throttling or caching locally; metrics are published as with detailed metrics on",
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

    private static RestApi.Method readMethod(ResolvedStack stack, Inventory inventory, TemplateResource method, String apiId,
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
            inventory.note(method, "AuthorizationType AWS_IAM (checked only with --api-auth: SigV4 and execute-api:Invoke)");
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

        Map<String, ModelSchema> models = new LinkedHashMap<>();
        p.path("RequestModels").fields().forEachRemaining(entry -> models.put(RestApi.mediaType(entry.getKey()),
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

        RestApi.Integration integration = readIntegration(stack, inventory, method, p.path("Integration"), at + "Integration");
        return new RestApi.Method(id, path, httpMethod, validateBody, validateParameters, models, requiredHeaders, requiredQuery,
                integration, authorization.equals("AWS_IAM"));
    }

    private static ModelSchema schema(ResolvedStack stack, String apiId, String modelName, String at) {
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
        return ModelSchema.compile(schema, schemaAt);
    }

    private static RestApi.Integration readIntegration(ResolvedStack stack, Inventory inventory, TemplateResource method, JsonNode p, String at) {
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
            if (!"SendMessage".equals(RestApi.formValues(form).get("Action"))) {
                throw new ResolveException(templateAt, "renders '" + form + "': only Action=SendMessage is supported locally");
            }
            requestTemplates.put(RestApi.mediaType(entry.getKey()), template);
        });
        String passthrough = p.path("PassthroughBehavior").asText("WHEN_NO_MATCH");

        List<RestApi.Response> responses = new ArrayList<>();
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
            response.path("ResponseTemplates").fields().forEachRemaining(entry -> templates.put(RestApi.mediaType(entry.getKey()),
                    compile(entry.getValue().asText(), responseAt + ".ResponseTemplates['" + entry.getKey() + "']")));
            int status;
            try {
                status = Integer.parseInt(response.path("StatusCode").asText());
            } catch (NumberFormatException e) {
                throw new ResolveException(responseAt + ".StatusCode", "not a status code");
            }
            responses.add(new RestApi.Response(selection, status, templates));
        }
        return new RestApi.Integration(uri.group(1), uri.group(2), contentType, requestTemplates, passthrough, responses,
                maxMessageSize(stack, uri.group(2)), p.hasNonNull("Credentials") ? Optional.of(p.path("Credentials").asText()) : Optional.empty());
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
}
