package dev.channels.local.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where everything of a running local cloud is, as written to {@code <assembly>/local-endpoints.json}.
 *
 * @param stack      the stack name
 * @param region     the region every ARN and SDK client uses
 * @param accountId  the account in every ARN
 * @param services   endpoint URL by service: {@code dynamodb}, {@code sqs}, {@code s3}, {@code secretsmanager},
 *                   {@code cloudwatch}, {@code sns}
 * @param slack      the Slack sink: {@code webhookUrl}, {@code admin}, {@code log}
 * @param apis       REST API base URL by channel (filled by the REST API layer)
 * @param queues     queue URL by queue name
 * @param tables     stream ARN by table name ("" for a table without a stream)
 * @param buckets    bucket names, with their logical ids as keys
 * @param secrets    secret ARN by secret name
 * @param producerCredentials with {@code --api-auth}: the local producer's {@code accessKeyId} and
 *                   {@code secretAccessKey}, which {@code tools post} signs with; empty otherwise
 */
public record LocalEndpoints(String stack, String region, String accountId, Map<String, URI> services,
        Map<String, String> slack, Map<String, URI> apis, Map<String, String> queues, Map<String, String> tables,
        Map<String, String> buckets, Map<String, String> secrets, Map<String, String> producerCredentials) {

    public static final String FILE_NAME = "local-endpoints.json";

    public LocalEndpoints {
        services = Map.copyOf(services);
        slack = Map.copyOf(slack);
        apis = Map.copyOf(apis);
        queues = Map.copyOf(queues);
        tables = Map.copyOf(tables);
        buckets = Map.copyOf(buckets);
        secrets = Map.copyOf(secrets);
        producerCredentials = Map.copyOf(producerCredentials);
    }

    public Optional<URI> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public URI dynamoDb() {
        return required("dynamodb");
    }

    public URI sqs() {
        return required("sqs");
    }

    public URI s3() {
        return required("s3");
    }

    public URI secretsManager() {
        return required("secretsmanager");
    }

    /**
     * The environment that points an AWS SDK v2 (or the AWS CLI) in another process at these endpoints:
     * the SDK's standard {@code AWS_ENDPOINT_URL_<SERVICE>} variables, region and the operator's credentials
     * ({@code local} / {@code local}, the account root). The Lambda layer adds it to each function's environment,
     * with the function's own role credentials instead of the operator's.
     */
    public Map<String, String> sdkEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        service("dynamodb").ifPresent(uri -> env.put("AWS_ENDPOINT_URL_DYNAMODB", uri.toString()));
        service("sqs").ifPresent(uri -> env.put("AWS_ENDPOINT_URL_SQS", uri.toString()));
        service("s3").ifPresent(uri -> env.put("AWS_ENDPOINT_URL_S3", uri.toString()));
        service("secretsmanager").ifPresent(uri -> env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", uri.toString()));
        service("cloudwatch").ifPresent(uri -> env.put("AWS_ENDPOINT_URL_CLOUDWATCH", uri.toString()));
        service("sns").ifPresent(uri -> env.put("AWS_ENDPOINT_URL_SNS", uri.toString()));
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        return env;
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("stack", stack);
        json.put("region", region);
        json.put("accountId", accountId);
        new TreeMap<>(services).forEach((name, uri) -> json.put(name, uri.toString()));
        ObjectNode slackNode = json.putObject("slack");
        new TreeMap<>(slack).forEach(slackNode::put);
        ObjectNode apisNode = json.putObject("apis");
        new TreeMap<>(apis).forEach((channel, uri) -> apisNode.put(channel, uri.toString()));
        putAll(json.putObject("queues"), queues);
        putAll(json.putObject("tables"), tables);
        putAll(json.putObject("buckets"), buckets);
        putAll(json.putObject("secrets"), secrets);
        ObjectNode env = json.putObject("sdkEnvironment");
        sdkEnvironment().forEach(env::put);
        if (!producerCredentials.isEmpty()) {
            putAll(json.putObject("producerCredentials"), producerCredentials);
        }
        return json;
    }

    /** Writes {@code local-endpoints.json} into {@code directory} (atomically, so a reader never sees half a file). */
    public Path write(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
            Files.write(temporary, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson()));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private URI required(String name) {
        return service(name).orElseThrow(() -> new IllegalStateException("No " + name + " service in this local cloud"));
    }

    private static void putAll(ObjectNode node, Map<String, String> values) {
        new TreeMap<>(values).forEach(node::put);
    }

    public static Builder builder(String stack, String region, String accountId) {
        return new Builder(stack, region, accountId);
    }

    /** Collects what each service contributes; thread-safe. */
    public static final class Builder {
        private final String stack;
        private final String region;
        private final String accountId;
        private final Map<String, URI> services = new LinkedHashMap<>();
        private final Map<String, String> slack = new LinkedHashMap<>();
        private final Map<String, URI> apis = new LinkedHashMap<>();
        private final Map<String, String> queues = new LinkedHashMap<>();
        private final Map<String, String> tables = new LinkedHashMap<>();
        private final Map<String, String> buckets = new LinkedHashMap<>();
        private final Map<String, String> secrets = new LinkedHashMap<>();
        private final Map<String, String> producerCredentials = new LinkedHashMap<>();

        private Builder(String stack, String region, String accountId) {
            this.stack = Objects.requireNonNull(stack);
            this.region = Objects.requireNonNull(region);
            this.accountId = Objects.requireNonNull(accountId);
        }

        public synchronized Builder service(String name, URI endpoint) {
            services.put(name, endpoint);
            return this;
        }

        public synchronized Builder slack(String key, String value) {
            slack.put(key, value);
            return this;
        }

        public synchronized Builder api(String channel, URI baseUrl) {
            apis.put(channel, baseUrl);
            return this;
        }

        public synchronized Builder queue(String name, String url) {
            queues.put(name, url);
            return this;
        }

        public synchronized Builder table(String name, String streamArn) {
            tables.put(name, streamArn);
            return this;
        }

        public synchronized Builder bucket(String logicalId, String name) {
            buckets.put(logicalId, name);
            return this;
        }

        public synchronized Builder secret(String name, String arn) {
            secrets.put(name, arn);
            return this;
        }

        /** The local producer's key, with API auth on. */
        public synchronized Builder producerCredentials(String accessKeyId, String secretAccessKey) {
            producerCredentials.put("accessKeyId", accessKeyId);
            producerCredentials.put("secretAccessKey", secretAccessKey);
            return this;
        }

        public synchronized LocalEndpoints build() {
            return new LocalEndpoints(stack, region, accountId, services, slack, apis, queues, tables, buckets, secrets,
                    producerCredentials);
        }
    }
}
