package dev.channels.local.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One REST API as the template defines it, ready to serve: its stages, and its methods by resource path, then
 * HTTP method ({@link RestApiReader} reads it, {@link RestApiHandler} serves it).
 */
record RestApi(String logicalId, String apiId, String name, List<String> stages, Map<String, Map<String, Method>> routes,
        GatewayResponses gatewayResponses) {

    /** A method: its request validation and its integration; models and templates keyed by media type. */
    record Method(String logicalId, String path, String httpMethod, boolean validateBody, boolean validateParameters,
            Map<String, ModelSchema> models, List<String> requiredHeaders, List<String> requiredQuery,
            Integration integration, boolean iamAuthorization) {
    }

    /** The {@code AWS} integration with SQS {@code SendMessage}. */
    record Integration(String account, String queue, String contentType, Map<String, MappingTemplate> requestTemplates,
            String passthrough, List<Response> responses, long maxMessageSize, Optional<String> credentials) {
    }

    /** An integration response: chosen by its {@code SelectionPattern} on the SQS status (none: the default). */
    record Response(Optional<Pattern> selection, int statusCode, Map<String, MappingTemplate> templates) {
    }

    /** {@code application/json; charset=utf-8} -> {@code application/json}. */
    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The values of an {@code application/x-www-form-urlencoded} text: a query string, or a rendered SQS form. */
    static Map<String, String> formValues(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
