package dev.channels.lambdas.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secrets Manager's GetSecretValue on loopback, speaking the service's JSON protocol, so the real SDK
 * client can be tested without AWS. Holds one secret string and answers it for any secret id; a test
 * changes it with {@link #putSecretValue(String)}, as an operator would.
 */
public final class SecretsManagerStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackHttpServer server;
    private volatile String secretString;
    private final List<String> requestedSecretIds = new CopyOnWriteArrayList<>();

    public SecretsManagerStub(String secretString) {
        this.secretString = secretString;
        server = LoopbackHttpServer.start("secrets-manager-stub", this::handle);
    }

    public SecretsManagerClient client() {
        return SecretsManagerClient.builder()
                .endpointOverride(server.uri())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** From now on, GetSecretValue answers this. */
    public void putSecretValue(String secretString) {
        this.secretString = secretString;
    }

    /** Every GetSecretValue received, in order: one entry per read. */
    public List<String> requestedSecretIds() {
        return List.copyOf(requestedSecretIds);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        ObjectNode answer = JSON.createObjectNode();
        int status;
        if ("secretsmanager.GetSecretValue".equals(target)) {
            String secretId = request.path("SecretId").asText();
            requestedSecretIds.add(secretId);
            answer.put("ARN", secretId).put("Name", "slack-webhook").put("VersionId", "v1")
                    .put("SecretString", secretString).put("CreatedDate", 1764063000.0);
            answer.putArray("VersionStages").add("AWSCURRENT");
            status = 200;
        } else {
            answer.put("__type", "InvalidRequestException").put("message", "stub serves GetSecretValue only, not " + target);
            status = 400;
        }
        LoopbackHttpServer.send(exchange, status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(answer));
    }

    @Override
    public void close() {
        server.close();
    }
}
