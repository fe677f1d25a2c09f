package dev.channels.local.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import dev.channels.local.template.ResolveException;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The errors API Gateway answers itself (before or instead of the integration) and the template's
 * {@code AWS::ApiGateway::GatewayResponse}s that reshape them. Without a gateway response for its type (or for
 * {@code DEFAULT_4XX} / {@code DEFAULT_5XX}), an error is API Gateway's default {@code {"message":"..."}}.
 *
 * <p>A gateway response template is not VTL: API Gateway substitutes variables only. Supported here:
 * {@code $context.error.message}, {@code $context.error.messageString} (the message as a quoted JSON string),
 * {@code $context.error.validationErrorString}, {@code $context.error.responseType} and
 * {@code $context.requestId}; values are escaped for the JSON string they stand in. Any other variable, and
 * response parameters (headers), fail start with the resource's path.
 */
final class GatewayResponses {
    static final String TYPE = "AWS::ApiGateway::GatewayResponse";
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z]+(?:\\.[A-Za-z]+)*)");
    private static final Set<String> VARIABLES = Set.of("context.error.message", "context.error.messageString",
            "context.error.validationErrorString", "context.error.responseType", "context.requestId");
    private static final String DEFAULT_TEMPLATE = "{\"message\":$context.error.messageString}";

    /** An error API Gateway answers itself: its response type, status, x-amzn-ErrorType and message. */
    enum Kind {
        MISSING_AUTHENTICATION_TOKEN(403, "MissingAuthenticationTokenException"),
        INVALID_SIGNATURE(403, "InvalidSignatureException"),
        ACCESS_DENIED(403, "AccessDeniedException"),
        REQUEST_TOO_LARGE(413, "RequestTooLongException"),
        BAD_REQUEST_PARAMETERS(400, "BadRequestException"),
        BAD_REQUEST_BODY(400, "BadRequestException"),
        UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaTypeException"),
        INTEGRATION_FAILURE(500, "InternalServerErrorException"),
        INTEGRATION_TIMEOUT(504, "IntegrationTimeout"),
        DEFAULT_5XX(500, "InternalServerErrorException");

        final int status;
        final String errorType;

        Kind(int status, String errorType) {
            this.status = status;
            this.errorType = errorType;
        }
    }

    /** One error as answered: status, x-amzn-ErrorType, content type and body. */
    record Answer(int status, String errorType, String contentType, String body) {
    }

    private record Configured(Optional<Integer> status, Map<String, String> templates) {
    }

    private final Map<String, Configured> byType;

    private GatewayResponses(Map<String, Configured> byType) {
        this.byType = byType;
    }

    /** The gateway responses of one REST API in the template. */
    static GatewayResponses read(ResolvedStack stack, List<TemplateResource> resources) {
        Map<String, Configured> byType = new LinkedHashMap<>();
        for (TemplateResource resource : resources) {
            String at = resource.logicalId() + ".Properties.";
            ObjectNode p = stack.properties(resource);
            if (p.has("ResponseParameters")) {
                throw new ResolveException(at + "ResponseParameters", "not supported by the local REST API");
            }
            Optional<Integer> status = Optional.empty();
            if (p.hasNonNull("StatusCode")) {
                try {
                    status = Optional.of(Integer.parseInt(p.path("StatusCode").asText()));
                } catch (NumberFormatException e) {
                    throw new ResolveException(at + "StatusCode", "not a status code");
                }
            }
            Map<String, String> templates = new LinkedHashMap<>();
            p.path("ResponseTemplates").fields().forEachRemaining(entry -> {
                String template = entry.getValue().asText();
                Matcher variable = VARIABLE.matcher(template);
                while (variable.find()) {
                    if (!VARIABLES.contains(variable.group(1))) {
                        throw new ResolveException(at + "ResponseTemplates['" + entry.getKey() + "']", "$"
                                + variable.group(1) + " is not supported locally (supported: " + VARIABLES + ")");
                    }
                }
                templates.put(RestApi.mediaType(entry.getKey()), template);
            });
            byType.put(p.path("ResponseType").asText(), new Configured(status, templates));
        }
        return new GatewayResponses(byType);
    }

    /**
     * The answer to an error of this kind: the template's gateway response for its type, else for
     * DEFAULT_4XX / DEFAULT_5XX, else API Gateway's default body.
     *
     * @param validationErrors the validator's errors ({@code $context.error.validationErrorString}), or empty
     */
    Answer answer(Kind kind, String message, String validationErrors, String requestId) {
        Configured configured = Optional.ofNullable(byType.get(kind.name()))
                .or(() -> Optional.ofNullable(byType.get(kind.status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX")))
                .orElse(new Configured(Optional.empty(), Map.of()));
        String contentType = "application/json";
        String template = configured.templates().get(contentType);
        if (template == null && !configured.templates().isEmpty()) {
            Map.Entry<String, String> first = configured.templates().entrySet().iterator().next();
            contentType = first.getKey();
            template = first.getValue();
        }
        Map<String, String> values = Map.of(
                "context.error.message", escaped(message),
                "context.error.messageString", Json.MAPPER.getNodeFactory().textNode(message).toString(),
                "context.error.validationErrorString", escaped(validationErrors),
                "context.error.responseType", kind.name(),
                "context.requestId", requestId);
        String body = VARIABLE.matcher(template == null ? DEFAULT_TEMPLATE : template)
                .replaceAll(variable -> Matcher.quoteReplacement(values.get(variable.group(1))));
        return new Answer(configured.status().orElse(kind.status), kind.errorType, contentType, body);
    }

    /** The text as it reads inside a JSON string, without the quotes. */
    private static String escaped(String text) {
        String quoted = Json.MAPPER.getNodeFactory().textNode(text).toString();
        return quoted.substring(1, quoted.length() - 1);
    }
}
