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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Secrets Manager (AWS JSON 1.1): {@code secretsmanager:<Operation>} on the secret's ARN (a {@code SecretId} may be
 * its name or ARN); reading the value of a secret encrypted with a customer managed key also needs
 * {@code kms:Decrypt} through Secrets Manager, which answers {@code AccessDeniedException: Access to KMS is not
 * allowed} without it.
 */
public final class SecretsManagerProtocol implements ServiceProtocol {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    @Override
    public String signingName() {
        return "secretsmanager";
    }

    @Override
    public List<Permission> permissions(SignedRequest request, StackResources resources, Caller caller) {
        String target = request.header("x-amz-target").orElse("");
        String operation = target.substring(target.indexOf('.') + 1);
        JsonNode body;
        try {
            body = Json.parse(request.body());
        } catch (RuntimeException notJson) {
            body = Json.object();
        }
        List<Permission> permissions = new ArrayList<>();
        if (!body.hasNonNull("SecretId")) {
            permissions.add(Permission.of("secretsmanager:" + operation, "*"));
            return permissions;
        }
        String arn = resources.secretArn(body.path("SecretId").asText());
        permissions.add(Permission.of("secretsmanager:" + operation, arn));
        if (operation.equals("GetSecretValue")) {
            resources.secretKey(arn).ifPresent(key -> permissions.add(Permission.viaService("kms:Decrypt", key, "secretsmanager",
                    resources.region(), caller.principal().account())));
        }
        return permissions;
    }

    @Override
    public void refuse(HttpExchange exchange, SignedRequest request, Verification.Refused refused) throws IOException {
        JsonErrors.send(exchange, CONTENT_TYPE, 400, JsonErrors.authenticationType(refused.failure()), refused.message());
    }

    @Override
    public void deny(HttpExchange exchange, SignedRequest request, Denial denial) throws IOException {
        JsonErrors.send(exchange, CONTENT_TYPE, 400, "AccessDeniedException",
                denial.permission().forEncryption() ? "Access to KMS is not allowed" : denial.message());
    }
}
