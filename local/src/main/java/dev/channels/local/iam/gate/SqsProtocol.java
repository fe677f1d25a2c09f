package dev.channels.local.iam.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.iam.Caller;
import dev.channels.local.iam.Denial;
import dev.channels.local.iam.Permission;
import dev.channels.local.iam.StackResources;
import dev.channels.local.iam.sigv4.SignedRequest;
import dev.channels.local.iam.sigv4.Verification;
import dev.channels.local.json.Json;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SQS, in both of its protocols: JSON ({@code X-Amz-Target: AmazonSQS.<Action>}, what the SDK v2 and the CLI send)
 * and query ({@code Action=...} in a form, what API Gateway's integration and older SDKs send). The action is
 * {@code sqs:<Action>} ({@code ...Batch} actions need their single action) on the queue's ARN. A queue encrypted
 * with a customer managed key also needs, through SQS, {@code kms:GenerateDataKey} and {@code kms:Decrypt} to send
 * and {@code kms:Decrypt} to receive; SQS reports KMS's refusal as {@code KMS.AccessDeniedException}.
 */
public final class SqsProtocol implements ServiceProtocol {
    private static final String JSON_TYPE = "application/x-amz-json-1.0";
    private static final Map<String, String> ACTION_OF_BATCH = Map.of("SendMessageBatch", "SendMessage", "DeleteMessageBatch",
            "DeleteMessage", "ChangeMessageVisibilityBatch", "ChangeMessageVisibility");

    @Override
    public String signingName() {
        return "sqs";
    }

    @Override
    public List<Permission> permissions(SignedRequest request, StackResources resources, Caller caller) {
        Call call = call(request);
        String action = ACTION_OF_BATCH.getOrDefault(call.action(), call.action());
        String queueName = call.queueName();
        String queueArn = "arn:aws:sqs:" + resources.region() + ":" + resources.account() + ":" + (queueName.isEmpty() ? "*" : queueName);
        List<Permission> permissions = new ArrayList<>();
        permissions.add(Permission.of("sqs:" + action, queueArn));
        resources.queueKey(queueName).ifPresent(key -> {
            String account = caller.principal().account();
            if (action.equals("SendMessage")) {
                permissions.add(Permission.viaService("kms:GenerateDataKey", key, "sqs", resources.region(), account));
                permissions.add(Permission.viaService("kms:Decrypt", key, "sqs", resources.region(), account));
            } else if (action.equals("ReceiveMessage")) {
                permissions.add(Permission.viaService("kms:Decrypt", key, "sqs", resources.region(), account));
            }
        });
        return permissions;
    }

    /**
     * What {@code SendMessage} to a queue needs: {@code sqs:SendMessage}, and for a queue with a customer managed key
     * {@code kms:GenerateDataKey} and {@code kms:Decrypt} through SQS.
     */
    public static List<Permission> sendMessage(String queueName, StackResources resources, String callerAccount) {
        List<Permission> permissions = new ArrayList<>();
        permissions.add(Permission.of("sqs:SendMessage", "arn:aws:sqs:" + resources.region() + ":" + resources.account() + ":" + queueName));
        resources.queueKey(queueName).ifPresent(key -> {
            permissions.add(Permission.viaService("kms:GenerateDataKey", key, "sqs", resources.region(), callerAccount));
            permissions.add(Permission.viaService("kms:Decrypt", key, "sqs", resources.region(), callerAccount));
        });
        return permissions;
    }

    /** SQS's query-protocol error for a denied call: {@code AccessDenied} (403) or {@code KMS.AccessDeniedException} (400). */
    public static String queryError(Denial denial) {
        boolean kms = denial.permission().forEncryption();
        String message = kms ? denial.message() + " (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)" : denial.message();
        return "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error><Type>Sender</Type>"
                + "<Code>" + (kms ? "KMS.AccessDeniedException" : "AccessDenied") + "</Code><Message>" + Xml.escape(message)
                + "</Message><Detail/></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
    }

    @Override
    public void refuse(HttpExchange exchange, SignedRequest request, Verification.Refused refused) throws IOException {
        String code = QueryErrors.authenticationCode(refused.failure());
        String message = refused.failure() == Verification.Failure.MISSING
                ? "Request must contain either a valid (registered) AWS access key ID or X.509 certificate." : refused.message();
        send(exchange, request, 403, code, message);
    }

    @Override
    public void deny(HttpExchange exchange, SignedRequest request, Denial denial) throws IOException {
        if (denial.permission().forEncryption()) {
            send(exchange, request, 400, "KMS.AccessDeniedException", denial.message()
                    + " (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: " + UUID.randomUUID() + ")");
        } else {
            send(exchange, request, 403, "AccessDenied", denial.message());
        }
    }

    /** An error in the request's protocol: JSON with {@code x-amzn-query-error} (what the SDK reads the code from), or XML. */
    private static void send(HttpExchange exchange, SignedRequest request, int status, String code, String message) throws IOException {
        String requestId = UUID.randomUUID().toString();
        if (request.header("x-amz-target").isPresent()) {
            exchange.getResponseHeaders().set("x-amzn-query-error", code + ";Sender");
            JsonErrors.send(exchange, JSON_TYPE, status, JsonErrors.CORAL + jsonType(code), message);
            return;
        }
        String xml = "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error><Type>Sender</Type>"
                + "<Code>" + Xml.escape(code) + "</Code><Message>" + Xml.escape(message) + "</Message><Detail/></Error>"
                + "<RequestId>" + requestId + "</RequestId></ErrorResponse>";
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        LoopbackHttpServer.send(exchange, status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String jsonType(String code) {
        return switch (code) {
            case "AccessDenied" -> "AccessDeniedException";
            case "MissingAuthenticationToken" -> "MissingAuthenticationTokenException";
            case "InvalidClientTokenId" -> "UnrecognizedClientException";
            case "SignatureDoesNotMatch" -> "InvalidSignatureException";
            case "IncompleteSignature" -> "IncompleteSignatureException";
            default -> code;
        };
    }

    /** The action and the queue it is on (empty for actions on no queue, e.g. ListQueues). */
    record Call(String action, String queueName) {
    }

    static Call call(SignedRequest request) {
        String queueUrl;
        String action;
        if (request.header("x-amz-target").isPresent()) {
            String target = request.header("x-amz-target").get();
            action = target.substring(target.indexOf('.') + 1);
            JsonNode body;
            try {
                body = Json.parse(request.body());
            } catch (RuntimeException notJson) {
                body = Json.object();
            }
            queueUrl = body.path("QueueUrl").asText(body.path("QueueName").asText(""));
        } else {
            List<Map.Entry<String, String>> form = new ArrayList<>(request.queryParameters());
            if (request.method().equals("POST")) {
                form.addAll(SignedRequest.parseForm(new String(request.body(), StandardCharsets.UTF_8)));
            }
            action = value(form, "Action");
            queueUrl = value(form, "QueueUrl");
            if (queueUrl.isEmpty()) {
                queueUrl = value(form, "QueueName");
            }
            if (queueUrl.isEmpty() && request.rawPath().split("/").length == 3) { // POST to the queue URL: /<account>/<name>
                queueUrl = request.rawPath();
            }
        }
        return new Call(action, queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
    }

    private static String value(List<Map.Entry<String, String>> form, String name) {
        return form.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst().orElse("");
    }
}
