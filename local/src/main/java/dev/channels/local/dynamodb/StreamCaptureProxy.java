package dev.channels.local.dynamodb;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.http.AwsJsonClient.AwsServiceException;
import dev.channels.local.http.AwsJsonClient;
import dev.channels.local.json.Json;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

/**
 * The DynamoDB endpoint clients see: an HTTP proxy in front of dynalite that records a stream record for
 * every write that changes an item of a stream-enabled table.
 *
 * <p>How images stay right under concurrency: a write to such a table takes the write locks of the items it
 * touches (striped by table and key, taken in a fixed order so batch writes cannot deadlock), reads each
 * item with a consistent {@code GetItem}, forwards the write, reads each item again and appends a record
 * for each item whose image changed, still under the locks. Every write reaches dynalite only through
 * this proxy, so no write can slip between the two reads. A rejected write (4xx, e.g. a failed condition)
 * is forwarded and records nothing; a write that changed nothing records nothing, as on AWS.
 *
 * <p>Before any of that, {@link WriteRules} refuses the writes DynamoDB refuses and dynalite would accept, with
 * DynamoDB's {@code ValidationException}; such a request is never forwarded.
 *
 * <p>Operations dynalite does not implement (TransactWriteItems, PartiQL, TTL updates, ...) are answered
 * with {@code UnknownOperationException} and a message naming them, never forwarded and lost.
 */
public final class StreamCaptureProxy implements AutoCloseable {
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String STREAMS_TARGET_PREFIX = "DynamoDBStreams_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    /** What dynalite 4.0.0 implements (its index.js); everything else is refused with a clear message. */
    private static final Set<String> DYNALITE_OPERATIONS = Set.of("BatchGetItem", "BatchWriteItem", "CreateTable",
            "DeleteItem", "DeleteTable", "DescribeTable", "DescribeTimeToLive", "GetItem", "ListTables", "PutItem",
            "Query", "Scan", "TagResource", "UntagResource", "ListTagsOfResource", "UpdateItem", "UpdateTable");
    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of("Content-Type", "X-Amz-Target",
            "Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256", "Amz-Sdk-Invocation-Id",
            "Amz-Sdk-Request");
    private static final List<String> FORWARDED_RESPONSE_HEADERS = List.of("Content-Type", "x-amzn-RequestId", "x-amz-crc32");
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOCK_STRIPES = 256;

    private final URI dynalite;
    private final HttpClient http;
    private final AwsJsonClient reads;
    private final InMemoryStreamLog log;
    private final String region;
    private final UnaryOperator<String> streamArnOfTable;
    private final Clock clock;
    private final Map<String, StreamTable> tables = new ConcurrentHashMap<>();
    /** Key schemas of the tables writes went to, from dynalite's DescribeTable; dropped when a table changes. */
    private final Map<String, WriteRules.KeySchema> keySchemas = new ConcurrentHashMap<>();
    private final WriteRules writeRules = new WriteRules(this::keySchema);
    private final ReentrantLock[] stripes = new ReentrantLock[LOCK_STRIPES];
    private final LoopbackHttpServer server;

    private StreamCaptureProxy(URI dynalite, InMemoryStreamLog log, String region, UnaryOperator<String> streamArnOfTable,
            Clock clock, UnaryOperator<com.sun.net.httpserver.HttpHandler> front) {
        this.dynalite = dynalite;
        this.http = AwsJsonClient.newHttpClient();
        this.reads = new AwsJsonClient(http, dynalite, "DynamoDB_20120810", CONTENT_TYPE, "dynamodb");
        this.log = log;
        this.region = region;
        this.streamArnOfTable = streamArnOfTable;
        this.clock = clock;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
        this.server = LoopbackHttpServer.start("dynamodb", front.apply(this::handle));
    }

    /**
     * Starts the proxy on a free loopback port.
     *
     * @param streamArnOfTable the stream ARN of a table created at run time through the proxy with a
     *                         {@code StreamSpecification} (template tables are {@link #register registered})
     */
    public static StreamCaptureProxy start(URI dynalite, InMemoryStreamLog log, String region,
            UnaryOperator<String> streamArnOfTable, Clock clock) {
        return start(dynalite, log, region, streamArnOfTable, clock, UnaryOperator.identity());
    }

    /** @param front what stands in front of the proxy's handler (IAM's check of each request) */
    public static StreamCaptureProxy start(URI dynalite, InMemoryStreamLog log, String region,
            UnaryOperator<String> streamArnOfTable, Clock clock, UnaryOperator<com.sun.net.httpserver.HttpHandler> front) {
        return new StreamCaptureProxy(Objects.requireNonNull(dynalite), Objects.requireNonNull(log),
                Objects.requireNonNull(region), Objects.requireNonNull(streamArnOfTable), Objects.requireNonNull(clock),
                Objects.requireNonNull(front));
    }

    /** Captures the writes of a table from now on. */
    public void register(StreamTable table) {
        tables.put(table.tableName(), table);
        log.register(table.streamArn());
    }

    public Optional<StreamTable> streamTable(String tableName) {
        return Optional.ofNullable(tables.get(tableName));
    }

    public URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null && target.startsWith(STREAMS_TARGET_PREFIX)) {
            sendError(exchange, ERROR_PREFIX + "UnknownOperationException", "The local cloud serves DynamoDB Streams "
                    + "in-process (StreamLog, used by the local event source mappings), not over HTTP");
            return;
        }
        String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
        Optional<String> refusal = operation != null && WriteRules.OPERATIONS.contains(operation)
                ? refusal(operation, body) : Optional.empty();
        if (refusal.isPresent()) {
            sendError(exchange, WriteRules.VALIDATION_EXCEPTION, refusal.get());
            return;
        }
        if (operation != null && !DYNALITE_OPERATIONS.contains(operation)) {
            sendError(exchange, ERROR_PREFIX + "UnknownOperationException", operation + " is not supported by the local DynamoDB "
                    + "(dynalite 4.0.0 implements " + String.join(", ", new TreeSet<>(DYNALITE_OPERATIONS)) + ")");
            return;
        }
        Upstream response = switch (operation == null ? "" : operation) {
            case "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem" -> capturingWrite(operation, exchange, body);
            case "CreateTable" -> createTable(exchange, body);
            case "DeleteTable" -> deleteTable(exchange, body);
            case "UpdateTable" -> updateTable(exchange, body);
            case "DescribeTable" -> describeTable(exchange, body);
            default -> forward(exchange, body);
        };
        response.send(exchange);
    }

    /** What {@link WriteRules} says of a request; a body too deeply nested for our JSON parser is refused too. */
    private Optional<String> refusal(String operation, byte[] body) {
        JsonNode request;
        try {
            request = Json.parse(body);
        } catch (UncheckedIOException notJson) {
            return notJson.getCause() instanceof StreamConstraintsException
                    ? Optional.of(WriteRules.TOO_DEEP) // DynamoDB's text for far too deep values
                    : Optional.empty(); // dynalite answers the SerializationException
        }
        return writeRules.refusal(operation, request);
    }

    /** A table's key schema as dynalite has it, kept until the table is changed through this proxy. */
    private Optional<WriteRules.KeySchema> keySchema(String tableName) {
        WriteRules.KeySchema known = keySchemas.get(tableName);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            WriteRules.KeySchema schema = WriteRules.KeySchema.of(
                    reads.call("DescribeTable", Json.object().put("TableName", tableName)).path("Table"));
            keySchemas.put(tableName, schema);
            return Optional.of(schema);
        } catch (AwsServiceException noSuchTable) {
            return Optional.empty(); // dynalite answers the write with the same error
        }
    }

    private Upstream capturingWrite(String operation, HttpExchange exchange, byte[] body) {
        JsonNode request;
        try {
            request = Json.parse(body);
        } catch (UncheckedIOException notJson) {
            return forward(exchange, body); // dynalite answers the SerializationException
        }
        Map<String, Target> targets = new LinkedHashMap<>();
        for (Target target : targets(operation, request)) {
            targets.putIfAbsent(target.lockKey(), target);
        }
        if (targets.isEmpty()) {
            return forward(exchange, body);
        }
        List<ReentrantLock> locks = locksFor(targets.keySet());
        locks.forEach(ReentrantLock::lock);
        try {
            if (targets.size() == 1 && oldImageFromAnswer(operation, request)) {
                return writeReturningOldImage(operation, exchange, (ObjectNode) request, targets.values().iterator().next());
            }
            Map<String, Optional<ObjectNode>> before = new LinkedHashMap<>();
            try {
                targets.forEach((lockKey, target) -> before.put(lockKey, read(target)));
            } catch (AwsServiceException invalidKey) {
                if (invalidKey.status() / 100 != 4) {
                    throw invalidKey;
                }
                // dynalite refused the key itself (a type mismatch...): it refuses the write too, with its own
                // answer for the client, and nothing can change.
                return forward(exchange, body);
            }
            Upstream response = forward(exchange, body);
            if (response.status() / 100 == 4) {
                return response; // rejected as a whole: a failed condition, a validation error
            }
            // 2xx, or a 5xx after which we cannot know what happened: compare, so no change goes unrecorded.
            Instant now = clock.instant();
            targets.forEach((lockKey, target) -> record(target, before.get(lockKey), read(target), now));
            return response;
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).unlock();
            }
        }
    }

    /**
     * Whether the old image can come from the write's own answer ({@code ReturnValues: ALL_OLD}) instead of a
     * read before it: a {@code PutItem} or {@code DeleteItem} whose client asked for no return values or for
     * {@code ALL_OLD}. That saves dynalite one of its three calls per captured write (two for a delete).
     */
    private static boolean oldImageFromAnswer(String operation, JsonNode request) {
        String returnValues = request.path("ReturnValues").asText("NONE");
        return (operation.equals("PutItem") || operation.equals("DeleteItem"))
                && request instanceof ObjectNode && (returnValues.equals("NONE") || returnValues.equals("ALL_OLD"));
    }

    /**
     * A {@code PutItem} or {@code DeleteItem} forwarded with {@code ReturnValues: ALL_OLD}, under the item's lock:
     * the old image is dynalite's answer, the new one a read after the put (dynalite normalizes numbers, so the
     * request's item is not the stored one) or nothing after a delete. The client gets the answer it asked for
     * ({@code Attributes} removed unless it asked for {@code ALL_OLD}). After a 5xx answer the old image is
     * unknown: an item there afterwards is recorded as a {@code MODIFY} without an old image, so a write that
     * happened is not lost.
     */
    private Upstream writeReturningOldImage(String operation, HttpExchange exchange, ObjectNode request, Target target) {
        boolean clientWantsOld = request.path("ReturnValues").asText("NONE").equals("ALL_OLD");
        ObjectNode forwarded = request.deepCopy();
        forwarded.put("ReturnValues", "ALL_OLD");
        Upstream response = forward(exchange, Json.bytes(forwarded));
        if (response.status() / 100 == 4) {
            return response; // rejected as a whole: a failed condition, a validation error
        }
        Instant now = clock.instant();
        Optional<ObjectNode> after = operation.equals("DeleteItem") && response.status() / 100 == 2 ? Optional.empty() : read(target);
        if (response.status() / 100 != 2) {
            after.ifPresent(item -> append(target, "MODIFY", Optional.empty(), after, now));
            return response;
        }
        JsonNode answer = Json.parse(response.body());
        Optional<ObjectNode> before = answer.path("Attributes") instanceof ObjectNode old ? Optional.of(old) : Optional.empty();
        record(target, before, after, now);
        if (clientWantsOld || !(answer instanceof ObjectNode object) || !object.has("Attributes")) {
            return response;
        }
        object.remove("Attributes");
        return response.withBody(Json.bytes(object));
    }

    /** The items of stream-enabled tables that a write request touches. */
    private List<Target> targets(String operation, JsonNode request) {
        List<Target> targets = new ArrayList<>();
        if (operation.equals("BatchWriteItem")) {
            request.path("RequestItems").fields().forEachRemaining(entry -> {
                StreamTable table = tables.get(entry.getKey());
                if (table != null) {
                    for (JsonNode write : entry.getValue()) {
                        JsonNode item = write.has("PutRequest") ? write.path("PutRequest").path("Item") : write.path("DeleteRequest").path("Key");
                        table.key(item).ifPresent(key -> targets.add(new Target(table, key)));
                    }
                }
            });
            return targets;
        }
        StreamTable table = tables.get(request.path("TableName").asText());
        if (table != null) {
            JsonNode item = operation.equals("PutItem") ? request.path("Item") : request.path("Key");
            table.key(item).ifPresent(key -> targets.add(new Target(table, key)));
        }
        return targets;
    }

    private List<ReentrantLock> locksFor(Set<String> lockKeys) {
        TreeSet<Integer> indexes = new TreeSet<>();
        lockKeys.forEach(lockKey -> indexes.add(Math.floorMod(lockKey.hashCode(), LOCK_STRIPES)));
        List<ReentrantLock> locks = new ArrayList<>();
        indexes.forEach(index -> locks.add(stripes[index]));
        return locks;
    }

    private Optional<ObjectNode> read(Target target) {
        ObjectNode request = Json.object();
        request.put("TableName", target.table().tableName());
        request.set("Key", target.key());
        request.put("ConsistentRead", true);
        JsonNode item = reads.call("GetItem", request).path("Item");
        return item instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    }

    private void record(Target target, Optional<ObjectNode> before, Optional<ObjectNode> after, Instant now) {
        if (before.equals(after)) {
            return; // nothing changed: DynamoDB writes no stream record either
        }
        append(target, before.isEmpty() ? "INSERT" : after.isEmpty() ? "REMOVE" : "MODIFY", before, after, now);
    }

    private void append(Target target, String eventName, Optional<ObjectNode> before, Optional<ObjectNode> after, Instant now) {
        StreamTable table = target.table();
        Optional<ObjectNode> oldImage = table.includesOldImage() ? before : Optional.empty();
        Optional<ObjectNode> newImage = table.includesNewImage() ? after : Optional.empty();
        long size = ItemSize.of(target.key()) + oldImage.map(ItemSize::of).orElse(0L) + newImage.map(ItemSize::of).orElse(0L);
        log.append(table.streamArn(), sequence -> new StreamRecord(UUID.randomUUID().toString().replace("-", ""),
                eventName, sequence, now, target.key(), oldImage, newImage, size, table.streamViewType(),
                table.streamArn(), region));
    }

    private Upstream createTable(HttpExchange exchange, byte[] body) {
        Upstream response = forward(exchange, body);
        if (response.status() == 200) {
            JsonNode request = Json.parse(body);
            keySchemas.remove(request.path("TableName").asText());
            JsonNode spec = request.path("StreamSpecification");
            if (spec.path("StreamEnabled").asBoolean(false)) {
                String name = request.path("TableName").asText();
                register(new StreamTable(name, StreamTable.keyAttributes(request.path("KeySchema")),
                        spec.path("StreamViewType").asText(), streamArnOfTable.apply(name)));
            }
        }
        return response;
    }

    private Upstream deleteTable(HttpExchange exchange, byte[] body) {
        Upstream response = forward(exchange, body);
        if (response.status() == 200) {
            // Its records stay readable until trimmed, as a deleted table's stream does on AWS.
            String name = Json.parse(body).path("TableName").asText();
            tables.remove(name);
            keySchemas.remove(name);
        }
        return response;
    }

    /** An index may have been added or deleted: read the key schema again at the next write. */
    private Upstream updateTable(HttpExchange exchange, byte[] body) {
        Upstream response = forward(exchange, body);
        if (response.status() == 200) {
            keySchemas.remove(Json.parse(body).path("TableName").asText());
        }
        return response;
    }

    /** dynalite knows nothing of streams: add what DescribeTable says on AWS for a stream-enabled table. */
    private Upstream describeTable(HttpExchange exchange, byte[] body) {
        Upstream response = forward(exchange, body);
        if (response.status() != 200) {
            return response;
        }
        JsonNode parsed = Json.parse(response.body());
        StreamTable table = tables.get(parsed.path("Table").path("TableName").asText());
        if (table == null || !(parsed.path("Table") instanceof ObjectNode description)) {
            return response;
        }
        ObjectNode spec = description.putObject("StreamSpecification");
        spec.put("StreamEnabled", true);
        spec.put("StreamViewType", table.streamViewType());
        description.put("LatestStreamArn", table.streamArn());
        description.put("LatestStreamLabel", table.streamArn().substring(table.streamArn().lastIndexOf('/') + 1));
        return response.withBody(Json.bytes(parsed));
    }

    private Upstream forward(HttpExchange exchange, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(dynalite.resolve(exchange.getRequestURI().getRawPath()))
                .timeout(UPSTREAM_TIMEOUT)
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : FORWARDED_REQUEST_HEADERS) {
            List<String> values = exchange.getRequestHeaders().get(name);
            if (values != null) {
                values.forEach(value -> request.header(name, value));
            }
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : FORWARDED_RESPONSE_HEADERS) {
                response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
            }
            return new Upstream(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("dynalite at " + dynalite + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling dynalite", e);
        }
    }

    /** A 400 answer as DynamoDB gives it; {@code type} is the whole {@code __type}. */
    private static void sendError(HttpExchange exchange, String type, String message) throws IOException {
        ObjectNode error = Json.object();
        error.put("__type", type);
        error.put("message", message);
        new Upstream(400, Map.of("Content-Type", CONTENT_TYPE), new byte[0]).withBody(Json.bytes(error)).send(exchange);
    }

    /** One item a write touches; the lock key is the table name and the key in key-schema order. */
    private record Target(StreamTable table, ObjectNode key) {
        String lockKey() {
            return table.tableName() + '\u0000' + key;
        }
    }

    /** dynalite's answer, sent on to the client. */
    private record Upstream(int status, Map<String, String> headers, byte[] body) {

        /** The same answer with another body and a matching CRC32 header (the SDK checks it). */
        Upstream withBody(byte[] newBody) {
            CRC32 crc = new CRC32();
            crc.update(newBody);
            Map<String, String> newHeaders = new LinkedHashMap<>(headers);
            newHeaders.put("x-amz-crc32", Long.toString(crc.getValue()));
            return new Upstream(status, newHeaders, newBody);
        }

        void send(HttpExchange exchange) throws IOException {
            headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
