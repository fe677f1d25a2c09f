package dev.channels.local.iam.gate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.iam.sigv4.Verification;
import dev.channels.local.json.Json;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.util.UUID;

/** Errors of the AWS JSON protocols (DynamoDB, Secrets Manager, SQS's JSON protocol): HTTP 400, a {@code __type}. */
final class JsonErrors {
    static final String CORAL = "com.amazon.coral.service#";

    private JsonErrors() {
    }

    /** The authentication errors every AWS JSON service shares: the request never reached the service. */
    static String authenticationType(Verification.Failure failure) {
        return switch (failure) {
            case MISSING -> "MissingAuthenticationTokenException";
            case UNKNOWN_KEY, INVALID_TOKEN -> "UnrecognizedClientException";
            case MALFORMED -> "IncompleteSignatureException";
            case BAD_SIGNATURE, SKEWED, EXPIRED -> "InvalidSignatureException";
        };
    }

    static void send(HttpExchange exchange, String contentType, int status, String type, String message) throws IOException {
        ObjectNode error = Json.object();
        error.put("__type", type);
        error.put("message", message);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        LoopbackHttpServer.send(exchange, status, contentType, Json.bytes(error));
    }
}
