package dev.channels.tools.capacity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.contract.HandlerEnv;
import dev.channels.contract.LambdaHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Reads a channel's settings from a synthesized CloudFormation template ({@code cdk.out/<env>-channels.template.json}).
 * The channel's functions are found by their handler ({@link LambdaHandler}) and {@code CHANNEL_NAME}; everything else
 * by following the template's own references from there ({@code Ref}, {@code Fn::GetAtt}, the functions' environment),
 * so a template of another CDK app using the {@code Channel} construct reads the same. Where the template leaves a
 * property out, the value is the service's documented default (named at each place).
 */
public final class TemplateReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The template cannot be read or has no such channel; the message says which, on one line. */
    public static final class TemplateException extends Exception {
        public TemplateException(String message) {
            super(message, null, false, false);
        }
    }

    private final JsonNode resources;

    private TemplateReader(JsonNode resources) {
        this.resources = resources;
    }

    public static ChannelSettings read(Path template, String channel) throws TemplateException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(template));
        } catch (NoSuchFileException e) {
            throw new TemplateException("no template at " + template + " (npx cdk synth -c env=dev -q writes cdk.out/dev-channels.template.json)");
        } catch (JsonProcessingException e) {
            throw new TemplateException(template + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TemplateException("cannot read " + template + ": " + e.getMessage());
        }
        if (root == null || !root.path("Resources").isObject()) {
            throw new TemplateException(template + " is not a CloudFormation template: it has no Resources");
        }
        return new TemplateReader(root.get("Resources")).channel(channel);
    }

    ChannelSettings channel(String channel) throws TemplateException {
        Map<String, JsonNode> ingests = functions(LambdaHandler.INGEST);
        String ingestId = byChannel(ingests, channel);
        String notifyId = byChannel(functions(LambdaHandler.NOTIFY), channel);
        JsonNode ingest = ingests.get(ingestId);
        JsonNode notify = properties(notifyId);

        String env = environment(ingest, HandlerEnv.ENV_NAME).map(JsonNode::asText).orElse("?");
        JsonNode ingestMapping = eventSourceMapping(ingestId, "AWS::SQS::Queue", "Arn");
        String inboxId = getAttOf(ingestMapping.path("EventSourceArn")).orElseThrow();
        String tableId = referenced(ingest, HandlerEnv.TABLE_NAME, "ingest's " + HandlerEnv.TABLE_NAME);
        JsonNode notifyMapping = eventSourceMapping(notifyId, "AWS::DynamoDB::Table", "StreamArn");
        String ledgerId = referenced(notify, HandlerEnv.IDEMPOTENCY_TABLE, "notify's " + HandlerEnv.IDEMPOTENCY_TABLE);
        String archiveId = referenced(ingest, HandlerEnv.ARCHIVE_BUCKET, "ingest's " + HandlerEnv.ARCHIVE_BUCKET);
        String secretId = referenced(notify, HandlerEnv.SLACK_SECRET_ARN, "notify's " + HandlerEnv.SLACK_SECRET_ARN);
        JsonNode secret = properties(secretId);

        JsonNode inbox = properties(inboxId);
        ChannelSettings.Inbox inboxSettings = new ChannelSettings.Inbox(name(inbox, "QueueName", inboxId),
                // SQS's default maximum message size is 256 KiB (AWS::SQS::Queue MaximumMessageSize).
                inbox.path("MaximumMessageSize").asInt(256 * 1024), inbox.has("KmsMasterKeyId"),
                inbox.path("KmsDataKeyReusePeriodSeconds").asInt((int) Limits.SQS_DATA_KEY_REUSE.value()));
        Method method = method(inboxId);
        JsonNode archive = properties(archiveId);
        JsonNode encryption = archive.path("BucketEncryption").path("ServerSideEncryptionConfiguration").path(0);

        return new ChannelSettings(channel, env, method.path(), api(method), inboxSettings,
                function(ingestId, ingest),
                // Lambda's defaults for an SQS source: batch size 10, no maximum concurrency.
                new ChannelSettings.SqsSource(ingestMapping.path("BatchSize").asInt(10),
                        ingestMapping.path("ScalingConfig").has("MaximumConcurrency")
                                ? OptionalInt.of(ingestMapping.path("ScalingConfig").path("MaximumConcurrency").asInt())
                                : OptionalInt.empty()),
                table(tableId), function(notifyId, notify),
                // Lambda's defaults for a DynamoDB stream source: batch size 100, parallelization factor 1.
                new ChannelSettings.StreamSource(notifyMapping.path("BatchSize").asInt(100),
                        notifyMapping.path("ParallelizationFactor").asInt(1)),
                table(ledgerId),
                new ChannelSettings.Archive(name(archive, "BucketName", archiveId),
                        environment(ingest, HandlerEnv.RAW_ARCHIVE).map(JsonNode::asText).orElse("false").equals("true"),
                        encryption.path("BucketKeyEnabled").asBoolean(false)),
                new ChannelSettings.Secret(name(secret, "Name", secretId), secret.has("KmsKeyId")),
                alarmsOf(ingestId), shared());
    }

    /** The functions running {@code handler}, by logical id. */
    private Map<String, JsonNode> functions(LambdaHandler handler) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        ofType("AWS::Lambda::Function").forEach((id, properties) -> {
            if (handler.handler().equals(properties.path("Handler").asText())) {
                found.put(id, properties);
            }
        });
        return found;
    }

    private String byChannel(Map<String, JsonNode> functions, String channel) throws TemplateException {
        TreeSet<String> names = new TreeSet<>();
        for (Map.Entry<String, JsonNode> function : functions.entrySet()) {
            String name = environment(function.getValue(), HandlerEnv.CHANNEL_NAME).map(JsonNode::asText).orElse("");
            if (name.equals(channel)) {
                return function.getKey();
            }
            names.add(name);
        }
        throw new TemplateException(names.isEmpty()
                ? "the template has no channel at all (no function runs " + LambdaHandler.INGEST.handler() + ")"
                : "the template has no channel '" + channel + "'; its channels: " + String.join(", ", names));
    }

    /** The event source mapping that feeds {@code functionId} (or an alias of it) from a resource of {@code sourceType}. */
    private JsonNode eventSourceMapping(String functionId, String sourceType, String attribute) throws TemplateException {
        List<String> targets = new ArrayList<>(List.of(functionId));
        ofType("AWS::Lambda::Alias").forEach((id, alias) -> {
            if (refOf(alias.path("FunctionName")).filter(functionId::equals).isPresent()) {
                targets.add(id);
            }
        });
        String functionName = properties(functionId).path("FunctionName").asText("");
        for (JsonNode mapping : ofType("AWS::Lambda::EventSourceMapping").values()) {
            JsonNode source = mapping.path("EventSourceArn");
            boolean fromType = getAttOf(source).filter(id -> type(id).equals(sourceType)).isPresent()
                    && source.path("Fn::GetAtt").path(1).asText().equals(attribute);
            JsonNode target = mapping.path("FunctionName");
            // A Ref or Fn::GetAtt of the function or one of its aliases, or its name as text (name:alias).
            boolean toFunction = targets.stream().anyMatch(id -> mentions(target, id)) || !functionName.isEmpty()
                    && (target.asText().equals(functionName) || target.asText().startsWith(functionName + ":"));
            if (fromType && toFunction) {
                return mapping;
            }
        }
        throw new TemplateException("no event source mapping from a " + sourceType + " to " + functionId);
    }

    private ChannelSettings.Function function(String id, JsonNode function) {
        JsonNode architectures = function.path("Architectures");
        return new ChannelSettings.Function(name(function, "FunctionName", id),
                // Lambda's defaults: 128 MB, x86_64.
                function.path("MemorySize").asInt(128), architectures.isArray() && architectures.size() > 0
                        ? architectures.get(0).asText() : "x86_64",
                "Active".equals(function.path("TracingConfig").path("Mode").asText()), logRetention(function));
    }

    /** The function's log group's retention: its LoggingConfig's group, else {@code /aws/lambda/<name>}; 0 = never expires. */
    private int logRetention(JsonNode function) {
        Optional<String> group = refOf(function.path("LoggingConfig").path("LogGroup"));
        if (group.isEmpty()) {
            String name = "/aws/lambda/" + function.path("FunctionName").asText();
            group = ofType("AWS::Logs::LogGroup").entrySet().stream()
                    .filter(entry -> entry.getValue().path("LogGroupName").asText().equals(name)).map(Map.Entry::getKey)
                    .findFirst();
        }
        return group.map(id -> properties(id).path("RetentionInDays").asInt(0)).orElse(0);
    }

    private ChannelSettings.Table table(String id) throws TemplateException {
        JsonNode table = properties(id);
        if (!"PAY_PER_REQUEST".equals(table.path("BillingMode").asText())) {
            throw new TemplateException("the table " + name(table, "TableName", id) + " is not on-demand (BillingMode "
                    + table.path("BillingMode").asText("PROVISIONED") + "): only on-demand tables are priced");
        }
        List<ChannelSettings.Index> indexes = new ArrayList<>();
        for (JsonNode index : table.path("GlobalSecondaryIndexes")) {
            indexes.add(new ChannelSettings.Index(index.path("IndexName").asText(),
                    index.path("Projection").path("ProjectionType").asText("KEYS_ONLY")));
        }
        return new ChannelSettings.Table(name(table, "TableName", id),
                "KMS".equals(table.path("SSESpecification").path("SSEType").asText()), indexes);
    }

    private record Method(String restApiId, String path) {
    }

    /** The API method whose integration sends to the inbox, and its full path. */
    private Method method(String inboxId) throws TemplateException {
        for (Map.Entry<String, JsonNode> method : ofType("AWS::ApiGateway::Method").entrySet()) {
            if (mentions(method.getValue().path("Integration"), inboxId)) {
                String restApi = refOf(method.getValue().path("RestApiId")).orElse("");
                StringBuilder path = new StringBuilder();
                Optional<String> resource = refOf(method.getValue().path("ResourceId"));
                while (resource.isPresent() && type(resource.get()).equals("AWS::ApiGateway::Resource")) {
                    JsonNode properties = properties(resource.get());
                    path.insert(0, "/" + properties.path("PathPart").asText());
                    resource = refOf(properties.path("ParentId"));
                }
                return new Method(restApi, path.length() == 0 ? "/" : path.toString());
            }
        }
        throw new TemplateException("no API method sends to the inbox " + inboxId);
    }

    /**
     * The stage's throttle for the method: a method settings entry for its path and POST (or any method), else the
     * stage-wide {@code /*} entry, else the account quota.
     */
    private ChannelSettings.Api api(Method method) throws TemplateException {
        Map.Entry<String, JsonNode> stage = ofType("AWS::ApiGateway::Stage").entrySet().stream()
                .filter(entry -> refOf(entry.getValue().path("RestApiId")).filter(method.restApiId()::equals).isPresent())
                .findFirst().orElseThrow(() -> new TemplateException("no stage of the REST API " + method.restApiId()));
        JsonNode properties = stage.getValue();
        String escaped = "/" + method.path().replace("/", "~1");
        JsonNode setting = null;
        for (String path : List.of(escaped, "/*")) {
            for (JsonNode candidate : properties.path("MethodSettings")) {
                String httpMethod = candidate.path("HttpMethod").asText();
                if (setting == null && candidate.path("ResourcePath").asText().equals(path)
                        && (httpMethod.equals("POST") || httpMethod.equals("*")) && candidate.has("ThrottlingRateLimit")) {
                    setting = candidate;
                }
            }
        }
        String stageName = properties.path("StageName").asText(stage.getKey());
        Optional<String> accessLogs = getAttOf(properties.path("AccessLogSetting").path("DestinationArn"));
        int accessLogRetention = accessLogs.map(id -> properties(id).path("RetentionInDays").asInt(0)).orElse(0);
        boolean tracing = properties.path("TracingEnabled").asBoolean(false);
        if (setting == null) {
            return new ChannelSettings.Api(stageName, Limits.API_ACCOUNT_RATE.value(), 5_000,
                    "no throttle in the stage: the account quota", tracing, accessLogs.isPresent(), accessLogRetention);
        }
        return new ChannelSettings.Api(stageName, setting.path("ThrottlingRateLimit").asDouble(),
                setting.path("ThrottlingBurstLimit").asDouble(Limits.API_ACCOUNT_RATE.value()),
                "method settings " + setting.path("ResourcePath").asText() + " " + setting.path("HttpMethod").asText(),
                tracing, accessLogs.isPresent(), accessLogRetention);
    }

    /**
     * The channel's alarms: those named {@code <env>-<channel-kebab>-...}, the prefix of the channel's function names
     * (the Channel construct names both from one class). An alarm is the channel's whose prefix is the longest that
     * matches, so a channel {@code Job} does not count the alarms of {@code JobOrder}.
     */
    private int alarmsOf(String ingestId) {
        Map<String, String> prefixes = channelPrefixes();
        String own = prefixes.get(ingestId);
        int count = 0;
        for (JsonNode alarm : ofType("AWS::CloudWatch::Alarm").values()) {
            if (own != null && own.equals(prefixOf(alarm.path("AlarmName").asText(), prefixes))) {
                count++;
            }
        }
        return count;
    }

    private Map<String, String> channelPrefixes() {
        Map<String, String> prefixes = new LinkedHashMap<>();
        functions(LambdaHandler.INGEST).forEach((id, function) -> {
            String name = function.path("FunctionName").asText("");
            int dash = name.lastIndexOf('-');
            if (dash > 0) {
                prefixes.put(id, name.substring(0, dash + 1));
            }
        });
        return prefixes;
    }

    private static String prefixOf(String alarmName, Map<String, String> prefixes) {
        String best = null;
        for (String prefix : prefixes.values()) {
            if (alarmName.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best;
    }

    private ChannelSettings.Shared shared() {
        Map<String, String> prefixes = channelPrefixes();
        int envAlarms = (int) ofType("AWS::CloudWatch::Alarm").values().stream()
                .filter(alarm -> prefixOf(alarm.path("AlarmName").asText(), prefixes) == null).count();
        return new ChannelSettings.Shared(envAlarms, ofType("AWS::CloudWatch::Dashboard").size(),
                ofType("AWS::KMS::Key").size(), ofType("AWS::SecretsManager::Secret").size());
    }

    private String referenced(JsonNode function, String variable, String what) throws TemplateException {
        return environment(function, variable).flatMap(TemplateReader::refOf)
                .orElseThrow(() -> new TemplateException(what + " is not a Ref to a resource of the template"));
    }

    private static Optional<JsonNode> environment(JsonNode function, String variable) {
        JsonNode value = function.path("Environment").path("Variables").path(variable);
        return value.isMissingNode() ? Optional.empty() : Optional.of(value);
    }

    private Map<String, JsonNode> ofType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> all = resources.fields();
        while (all.hasNext()) {
            Map.Entry<String, JsonNode> resource = all.next();
            if (type.equals(resource.getValue().path("Type").asText())) {
                found.put(resource.getKey(), resource.getValue().path("Properties"));
            }
        }
        return found;
    }

    private String type(String id) {
        return resources.path(id).path("Type").asText();
    }

    private JsonNode properties(String id) {
        return resources.path(id).path("Properties");
    }

    /** A physical name as written in the template, else the logical id (a name CloudFormation makes up). */
    private static String name(JsonNode properties, String property, String id) {
        JsonNode name = properties.path(property);
        return name.isTextual() ? name.asText() : id;
    }

    private static Optional<String> refOf(JsonNode node) {
        return node.path("Ref").isTextual() ? Optional.of(node.get("Ref").asText()) : Optional.empty();
    }

    private static Optional<String> getAttOf(JsonNode node) {
        JsonNode getAtt = node.path("Fn::GetAtt");
        return getAtt.isArray() && getAtt.path(0).isTextual() ? Optional.of(getAtt.get(0).asText()) : Optional.empty();
    }

    /** Whether {@code node} refers to {@code id} anywhere inside it ({@code Ref} or {@code Fn::GetAtt}). */
    private static boolean mentions(JsonNode node, String id) {
        if (refOf(node).filter(id::equals).isPresent() || getAttOf(node).filter(id::equals).isPresent()) {
            return true;
        }
        for (JsonNode child : node) {
            if (mentions(child, id)) {
                return true;
            }
        }
        return false;
    }
}
