package dev.channels.local.api;

import dev.channels.local.iam.Caller;
import dev.channels.local.iam.Denial;
import dev.channels.local.iam.IamEnforcement;
import dev.channels.local.iam.gate.SqsProtocol;
import com.sun.net.httpserver.HttpExchange;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Serves one request to a {@link RestApi} as API Gateway does, in its order: route (stage, path, method), body
 * size, request validation, integration request template, the SQS call, integration response selection and
 * template; API Gateway's own errors through the API's {@link GatewayResponses}.
 */
final class RestApiHandler {
    /** API Gateway's payload limit (10 MB). */
    private static final int MAX_PAYLOAD = 10 * 1024 * 1024;

    private final Supplier<URI> sqsEndpoint;
    private final PrintStream console;
    private final SqsQueryIntegration sqs = new SqsQueryIntegration();
    private final Optional<IamEnforcement> iam;

    /** @param iam the local cloud's IAM (the integration's role, {@code --api-auth}); empty: nothing is checked */
    RestApiHandler(Supplier<URI> sqsEndpoint, PrintStream console, Optional<IamEnforcement> iam) {
        this.sqsEndpoint = sqsEndpoint;
        this.console = console;
        this.iam = iam;
    }

    void handle(RestApi api, HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        String path = exchange.getRequestURI().getPath();
        int slash = path.indexOf('/', 1);
        String stage = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String resourcePath = slash < 0 ? "/" : path.substring(slash);
        Map<String, RestApi.Method> methods = api.stages().contains(stage) ? api.routes().get(resourcePath) : null;
        RestApi.Method method = methods == null ? null
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
        if (method.iamAuthorization() && iam.isPresent() && iam.get().apiAuth()) {
            Optional<GatewayResponses.Answer> refused = ApiAuthorization.check(iam.get(), api, stage, method, exchange, bytes, requestId);
            if (refused.isPresent()) {
                send(exchange, refused.get());
                return;
            }
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        String contentType = RestApi.mediaType(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("application/json"));

        if (method.validateParameters()) {
            List<String> missing = new ArrayList<>();
            method.requiredHeaders().stream().filter(header -> exchange.getRequestHeaders().getFirst(header) == null).forEach(missing::add);
            Map<String, String> query = RestApi.formValues(exchange.getRequestURI().getRawQuery());
            method.requiredQuery().stream().filter(name -> !query.containsKey(name)).forEach(missing::add);
            if (!missing.isEmpty()) {
                error(exchange, api, GatewayResponses.Kind.BAD_REQUEST_PARAMETERS,
                        "Missing required request parameters: [" + String.join(", ", missing) + "]", requestId);
                return;
            }
        }
        ModelSchema schema = method.models().get(contentType);
        if (method.validateBody() && schema != null) {
            List<String> errors = schema.errors(body);
            if (!errors.isEmpty()) {
                send(exchange, api.gatewayResponses().answer(GatewayResponses.Kind.BAD_REQUEST_BODY, "Invalid request body",
                        "[" + String.join(", ", errors) + "]", requestId));
                return;
            }
        }

        RestApi.Integration integration = method.integration();
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
            Optional<Denial> denied = integration.credentials().flatMap(role -> iam.flatMap(checks -> checks.authorize(
                    Caller.roleSession(role, ApiAuthorization.INTEGRATION_SESSION),
                    SqsProtocol.sendMessage(integration.queue(), checks.resources(), role.split(":")[4]))));
            answer = denied.isPresent()
                    ? new SqsQueryIntegration.Answer(denied.get().permission().forEncryption() ? 400 : 403, SqsQueryIntegration.toJson(
                            403, SqsProtocol.queryError(denied.get()).getBytes(StandardCharsets.UTF_8), integration.maxMessageSize(), ""))
                    : sqs.send(queueUrl, integration.contentType(), form, integration.maxMessageSize());
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
        RestApi.Response selected = integration.responses().stream()
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

    /** The body, or null when it is over API Gateway's 10 MB. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_PAYLOAD + 1);
        return bytes.length > MAX_PAYLOAD ? null : bytes;
    }

    private static void error(HttpExchange exchange, RestApi api, GatewayResponses.Kind kind, String message, String requestId)
            throws IOException {
        send(exchange, api.gatewayResponses().answer(kind, message, "", requestId));
    }

    private static void send(HttpExchange exchange, GatewayResponses.Answer answer) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.errorType());
        LoopbackHttpServer.send(exchange, answer.status(), answer.contentType(), answer.body().getBytes(StandardCharsets.UTF_8));
    }
}
