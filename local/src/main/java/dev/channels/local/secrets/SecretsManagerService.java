package dev.channels.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.util.function.UnaryOperator;
import dev.channels.local.json.Json;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The local Secrets Manager: {@code GetSecretValue} and {@code DescribeSecret} over the AWS JSON 1.1
 * protocol for the template's secrets. A secret's value comes from the secrets file (a JSON object keyed
 * by secret name or logical id), else the template's {@code SecretString}, else, for a secret whose name
 * or logical id mentions Slack, the local Slack sink's webhook URL, else a generated random string when
 * the template has {@code GenerateSecretString}. Values are never printed.
 */
public final class SecretsManagerService implements LocalService {
    public static final String SECRET_TYPE = "AWS::SecretsManager::Secret";
    private static final String TARGET_PREFIX = "secretsmanager.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String CURRENT = "AWSCURRENT";

    private final Map<String, String> fileValues;
    private final Optional<Path> secretsFile;
    private final Supplier<URI> slackWebhookUrl;
    private final PrintStream console;
    private final Map<String, Secret> secretsByArn = new LinkedHashMap<>();
    private LoopbackHttpServer server;
    private UnaryOperator<HttpHandler> gate = UnaryOperator.identity();

    /** A secret as served: {@code value} empty when it has none (GetSecretValue then fails as on AWS). */
    public record Secret(String logicalId, String name, String arn, String description, Optional<String> value,
            String source, String versionId, Instant createdAt) {
    }

    /**
     * @param secretsFile     a JSON object: secret name or logical id -> value (a string, or JSON kept as its text)
     * @param slackWebhookUrl the Slack sink's URL, the default value of the Slack webhook secret
     */
    public SecretsManagerService(Optional<Path> secretsFile, Supplier<URI> slackWebhookUrl, PrintStream console) {
        this.secretsFile = secretsFile;
        this.fileValues = secretsFile.map(SecretsManagerService::readSecretsFile).orElse(Map.of());
        this.slackWebhookUrl = slackWebhookUrl;
        this.console = console;
    }

    /** What stands in front of the endpoint (IAM's signature and policy check); set before start. */
    public SecretsManagerService gate(UnaryOperator<HttpHandler> front) {
        this.gate = java.util.Objects.requireNonNull(front, "front");
        return this;
    }

    @Override
    public String name() {
        return "secretsmanager";
    }

    @Override
    public Set<String> resourceTypes() {
        return Set.of(SECRET_TYPE);
    }

    @Override
    public void start() {
        server = LoopbackHttpServer.start("secretsmanager", gate.apply(this::handle));
    }

    public URI endpoint() {
        return server.uri();
    }

    @Override
    public void provision(ResolvedStack stack, Inventory inventory) {
        Set<String> usedKeys = new HashSet<>();
        for (TemplateResource resource : stack.resources(SECRET_TYPE)) {
            ObjectNode properties = stack.properties(resource);
            String name = stack.physicalName(resource.logicalId());
            String arn = stack.ref(resource.logicalId());
            Optional<String> value;
            String source;
            if (fileValues.containsKey(name) || fileValues.containsKey(resource.logicalId())) {
                String key = fileValues.containsKey(name) ? name : resource.logicalId();
                usedKeys.add(key);
                value = Optional.of(fileValues.get(key));
                source = "secrets file";
            } else if (properties.path("SecretString").isTextual()) {
                value = Optional.of(properties.path("SecretString").asText());
                source = "template SecretString";
            } else if ((name + resource.logicalId()).toLowerCase(Locale.ROOT).contains("slack")) {
                value = Optional.of(slackWebhookUrl.get().toString());
                source = "local Slack sink";
            } else if (properties.has("GenerateSecretString")) {
                value = Optional.of(generated());
                source = "generated";
            } else {
                value = Optional.empty();
                source = "no value";
            }
            synchronized (this) {
                secretsByArn.put(arn, new Secret(resource.logicalId(), name, arn, properties.path("Description").asText(""),
                        value, source, UUID.nameUUIDFromBytes(arn.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(),
                        Instant.now()));
            }
            if (properties.has("KmsKeyId")) {
                inventory.note(resource, "KmsKeyId (no encryption at rest locally)");
            }
            if (properties.has("ReplicaRegions")) {
                inventory.note(resource, "ReplicaRegions (one region locally)");
            }
        }
        Set<String> unused = new HashSet<>(fileValues.keySet());
        unused.removeAll(usedKeys);
        if (!unused.isEmpty()) {
            console.println("secrets: " + secretsFile.orElseThrow() + " names " + unused
                    + ", which is no secret of this stack (use a secret's Name or logical id)");
        }
    }

    @Override
    public synchronized void describe(LocalEndpoints.Builder endpoints) {
        endpoints.service("secretsmanager", server.uri());
        secretsByArn.values().forEach(secret -> endpoints.secret(secret.name(), secret.arn()));
    }

    /** The secrets served, with where each value came from (for the start-up listing; values stay private). */
    public synchronized Map<String, Secret> secrets() {
        return Map.copyOf(secretsByArn);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    /** A secret by name, full ARN, or ARN without its random suffix, as Secrets Manager accepts them. */
    public synchronized Optional<Secret> find(String secretId) {
        Secret byArn = secretsByArn.get(secretId);
        if (byArn != null) {
            return Optional.of(byArn);
        }
        return secretsByArn.values().stream().filter(secret -> secret.name().equals(secretId)
                || secret.arn().substring(0, secret.arn().length() - 7).equals(secretId)).findFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
        JsonNode request;
        try {
            request = body.length == 0 ? Json.object() : Json.parse(body);
        } catch (UncheckedIOException e) {
            sendError(exchange, "InvalidRequestException", "The request body is not JSON.");
            return;
        }
        switch (operation) {
            case "GetSecretValue" -> getSecretValue(exchange, request);
            case "DescribeSecret" -> describeSecret(exchange, request);
            default -> sendError(exchange, "InvalidRequestException", "The local Secrets Manager serves GetSecretValue "
                    + "and DescribeSecret, not " + (operation.isEmpty() ? target : operation) + ".");
        }
    }

    private void getSecretValue(HttpExchange exchange, JsonNode request) throws IOException {
        Optional<Secret> secret = find(request.path("SecretId").asText());
        if (secret.isEmpty()) {
            sendError(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        String stage = request.path("VersionStage").asText(CURRENT);
        String version = request.path("VersionId").asText(secret.get().versionId());
        if (secret.get().value().isEmpty() || !stage.equals(CURRENT) || !version.equals(secret.get().versionId())) {
            sendError(exchange, "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for staging label: " + stage);
            return;
        }
        ObjectNode response = Json.object();
        response.put("ARN", secret.get().arn());
        response.put("Name", secret.get().name());
        response.put("VersionId", secret.get().versionId());
        response.put("SecretString", secret.get().value().get());
        response.putArray("VersionStages").add(CURRENT);
        response.put("CreatedDate", secret.get().createdAt().getEpochSecond());
        LoopbackHttpServer.send(exchange, 200, CONTENT_TYPE, Json.bytes(response));
    }

    private void describeSecret(HttpExchange exchange, JsonNode request) throws IOException {
        Optional<Secret> secret = find(request.path("SecretId").asText());
        if (secret.isEmpty()) {
            sendError(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        ObjectNode response = Json.object();
        response.put("ARN", secret.get().arn());
        response.put("Name", secret.get().name());
        response.put("Description", secret.get().description());
        response.put("CreatedDate", secret.get().createdAt().getEpochSecond());
        if (secret.get().value().isPresent()) {
            response.putObject("VersionIdsToStages").putArray(secret.get().versionId()).add(CURRENT);
        }
        LoopbackHttpServer.send(exchange, 200, CONTENT_TYPE, Json.bytes(response));
    }

    private static void sendError(HttpExchange exchange, String type, String message) throws IOException {
        ObjectNode error = Json.object();
        error.put("__type", type);
        error.put("Message", message);
        LoopbackHttpServer.send(exchange, 400, CONTENT_TYPE, Json.bytes(error));
    }

    private static String generated() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            value.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return value.toString();
    }

    private static Map<String, String> readSecretsFile(Path file) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read secrets file " + file + ": " + e.getMessage(), e);
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("Secrets file " + file
                    + " must be a JSON object of secret name (or logical id) to value, e.g. {\"dev/channels/slack-webhook\": \"https://hooks.slack.com/...\"}");
        }
        Map<String, String> values = new LinkedHashMap<>();
        json.fields().forEachRemaining(entry -> values.put(entry.getKey(),
                entry.getValue().isTextual() ? entry.getValue().asText() : entry.getValue().toString()));
        return values;
    }
}
