package dev.channels.local.iam.gate;

import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.iam.Caller;
import dev.channels.local.iam.Denial;
import dev.channels.local.iam.Permission;
import dev.channels.local.iam.StackResources;
import dev.channels.local.iam.sigv4.SignedRequest;
import dev.channels.local.iam.sigv4.Verification;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SNS in its query protocol ({@code Action=...} in a form): {@code sns:<Action>} on the {@code TopicArn} of the call,
 * or {@code *} for calls on no topic ({@code ListTopics}, {@code ListSubscriptions}). SNS answers a denied call with
 * {@code AuthorizationError} (403) and a refused signature with {@code InvalidClientTokenId} or
 * {@code SignatureDoesNotMatch}.
 */
public final class SnsProtocol implements ServiceProtocol {

    @Override
    public String signingName() {
        return "sns";
    }

    @Override
    public List<Permission> permissions(SignedRequest request, StackResources resources, Caller caller) {
        String form = new String(request.body(), StandardCharsets.UTF_8);
        String action = "";
        String topicArn = "*";
        for (Map.Entry<String, String> parameter : SignedRequest.parseForm(form)) {
            if (parameter.getKey().equals("Action")) {
                action = parameter.getValue();
            } else if (parameter.getKey().equals("TopicArn") && !parameter.getValue().isBlank()) {
                topicArn = parameter.getValue();
            }
        }
        return List.of(Permission.of("sns:" + action, topicArn));
    }

    @Override
    public void refuse(HttpExchange exchange, SignedRequest request, Verification.Refused refused) throws IOException {
        String code = QueryErrors.authenticationCode(refused.failure());
        send(exchange, 403, code, refused.message());
    }

    @Override
    public void deny(HttpExchange exchange, SignedRequest request, Denial denial) throws IOException {
        send(exchange, 403, "AuthorizationError", denial.message());
    }

    private static void send(HttpExchange exchange, int status, String code, String message) throws IOException {
        String requestId = UUID.randomUUID().toString();
        String xml = "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type>"
                + "<Code>" + Xml.escape(code) + "</Code><Message>" + Xml.escape(message) + "</Message></Error>"
                + "<RequestId>" + requestId + "</RequestId></ErrorResponse>";
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        LoopbackHttpServer.send(exchange, status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }
}
