package dev.channels.lambdas.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.channels.contract.ArchiveKeys;
import dev.channels.contract.MetadataAttributes;
import dev.channels.contract.Metrics;
import dev.channels.contract.ReplayAttributes;
import dev.channels.lambdas.AwsClients;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.Json;
import dev.channels.lambdas.observe.Counters;
import dev.channels.lambdas.observe.JsonLog;
import dev.channels.lambdas.payload.PayloadStore;
import dev.channels.lambdas.payload.S3PayloadStore;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Stores each object from the channel's inbox as the latest version of its item. A write succeeds
 * only when it is newer than the stored version; a duplicate or an older message is a no-op, counted
 * and logged, never an error. A body too big for an item goes to the archive bucket and the item
 * keeps a pointer (claim check). A message that can never be stored (not a JSON object, no id, a
 * value DynamoDB refuses) is parked in the inbox DLQ on its first receive, body intact and the reason
 * attached. A message that failed for a reason a retry can fix fails alone: it is reported in the
 * partial batch response (SQS redelivers it, then moves it to the DLQ) while the rest of the batch is
 * written.
 */
public final class IngestHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {
    private static final String SENT_TIMESTAMP = "SentTimestamp";
    /** DynamoDB's error code for a request it refuses as invalid: retrying the same item cannot help. */
    private static final String VALIDATION = "ValidationException";
    /** A key ingest can never write (ids must not be blank), so the priming GetItem finds nothing. */
    static final String PRIMING_ID = " ";

    private final IngestConfig config;
    private final ItemParser parser;
    private final VersionReader versions;
    private final StorageRules rules;
    private final ConditionalWriter writer;
    private final DynamoDbClient dynamo;
    private final PayloadStore payloads;
    private final DeadLetters deadLetters;
    private final Clock clock;

    /** Used by Lambda: everything from the function's environment, built once per execution environment. */
    public IngestHandler() {
        this(EnvVars.system());
        Core.getGlobalContext().register(this);
    }

    IngestHandler(EnvVars env) {
        this(IngestConfig.from(env), env);
    }

    private IngestHandler(IngestConfig config, EnvVars env) {
        this(config, AwsClients.dynamoDb(env), new S3PayloadStore(config.archiveBucket(), () -> AwsClients.s3(env)),
                new SqsDeadLetters(config.inboxDlqUrl(), () -> AwsClients.sqs(env)), Clock.systemUTC());
    }

    public IngestHandler(IngestConfig config, DynamoDbClient dynamo, PayloadStore payloads, DeadLetters deadLetters,
            Clock clock) {
        this.config = config;
        this.parser = new ItemParser(config.idProperty());
        this.versions = new VersionReader(config.versionProperty());
        this.rules = new StorageRules(config.idProperty(), config.indexKeys());
        this.writer = new ConditionalWriter(dynamo, config.tableName(), config.idProperty());
        this.dynamo = dynamo;
        this.payloads = payloads;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** What became of one message, and the metric that counts it. */
    private enum Outcome {
        WRITTEN(Metrics.WRITTEN), DUPLICATE(Metrics.DUPLICATE), STALE(Metrics.STALE), PARKED(Metrics.PARKED),
        FAILED(Metrics.FAILED);

        private final String metric;

        Outcome(String metric) {
            this.metric = metric;
        }
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        JsonLog log = new JsonLog(context.getLogger(), Metrics.INGEST_HANDLER, config.channelName(), context.getAwsRequestId());
        Counters counters = new Counters(config.envName(), config.channelName(), Metrics.INGEST_HANDLER, Metrics.INGEST_METRICS);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        counters.add(Metrics.RECEIVED, event.getRecords().size());
        for (SQSMessage message : event.getRecords()) {
            Outcome outcome = storeSafely(message, log);
            counters.increment(outcome.metric);
            if (outcome == Outcome.FAILED) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        log.info("batch",
                "received", Long.toString(counters.get(Metrics.RECEIVED)),
                "written", Long.toString(counters.get(Metrics.WRITTEN)),
                "duplicate", Long.toString(counters.get(Metrics.DUPLICATE)),
                "stale", Long.toString(counters.get(Metrics.STALE)),
                "parked", Long.toString(counters.get(Metrics.PARKED)),
                "failed", Long.toString(counters.get(Metrics.FAILED)));
        log.raw(counters.toEmf(clock.instant()));
        return new SQSBatchResponse(failures);
    }

    /** A bug that shows with one message fails that message, not its neighbours. */
    private Outcome storeSafely(SQSMessage message, JsonLog log) {
        try {
            return store(message, log);
        } catch (RuntimeException e) {
            log.error("failed", "messageId", message.getMessageId(), "reason", "unexpected error: " + e);
            return Outcome.FAILED;
        }
    }

    /**
     * Writes one message's object; PARKED when it can never be stored, FAILED (after logging why) when
     * the message must be retried.
     */
    private Outcome store(SQSMessage message, JsonLog log) {
        String messageId = message.getMessageId();
        ParsedItem parsed;
        Optional<Replay> replay;
        Version version;
        Instant sentAt = sentAt(message);
        try {
            parsed = parser.parse(message.getBody());
            replay = replay(message);
            version = versions.read(parsed, replay.map(Replay::originalSentAt).orElse(sentAt));
        } catch (InvalidMessageException e) {
            return park(message, sentAt, null, e.getMessage(), log);
        }
        String step = "archive";
        try {
            // A replayed body is archived already, under its original message.
            if (config.rawArchive() && replay.isEmpty()) {
                payloads.put(ArchiveKeys.raw(sentAt, messageId), message.getBody());
            }
            String digest = BodyDigest.of(message.getBody());
            Map<String, AttributeValue> item = withMetadata(parsed.attributes(), message, sentAt, version, digest, replay);
            String payloadKey = null;
            if (ItemSize.of(item) > ItemSize.INLINE_LIMIT) {
                step = "claim check";
                payloadKey = ArchiveKeys.payload(parsed.id(), messageId);
                payloads.put(payloadKey, message.getBody());
                item = withMetadata(ClaimCheck.slim(parsed, config.idProperty(), config.versionProperty()),
                        message, sentAt, version, digest, replay);
                item.put(MetadataAttributes.PAYLOAD_KEY, AttributeValue.fromS(payloadKey));
            }
            Optional<String> refused = rules.violation(item);
            if (refused.isPresent()) {
                return park(message, sentAt, parsed.id(), refused.get(), log);
            }
            step = "write";
            ConditionalWriter.Outcome written = writer.write(parsed.id(), item, version, replay.isPresent());
            log.info(written.name().toLowerCase(Locale.ROOT),
                    "messageId", messageId, "id", parsed.id(),
                    "version", version.number(), "versionKind", version.kind().label(),
                    "payloadKey", payloadKey,
                    "replayOf", replay.map(Replay::originalMessageId).orElse(null));
            return Outcome.valueOf(written.name());
        } catch (DynamoDbException e) {
            if (step.equals("write") && VALIDATION.equals(errorCode(e))) {
                // A rule StorageRules does not know: DynamoDB refuses this item whatever the retry.
                return park(message, sentAt, parsed.id(), "DynamoDB refused the item: " + e.awsErrorDetails().errorMessage(), log);
            }
            log.warn("failed", "messageId", messageId, "id", parsed.id(), "step", step,
                    "table", step.equals("write") ? config.tableName() : null, "reason", e.getMessage());
            return Outcome.FAILED;
        } catch (SdkException e) {
            // DynamoDB's and S3's messages say what was wrong (sizes, types, names, access), not the values.
            log.warn("failed", "messageId", messageId, "id", parsed.id(), "step", step,
                    "table", step.equals("write") ? config.tableName() : null, "reason", e.getMessage());
            return Outcome.FAILED;
        }
    }

    /**
     * Sends a message that can never be stored to the inbox DLQ, so it is not received five times first;
     * FAILED (retried as usual, and dead-lettered by the redrive policy at the latest) when that fails.
     */
    private Outcome park(SQSMessage message, Instant sentAt, String id, String reason, JsonLog log) {
        try {
            deadLetters.park(message, sentAt, reason);
        } catch (RuntimeException e) {
            log.warn("failed", "messageId", message.getMessageId(), "id", id, "step", "park",
                    "reason", reason + "; and parking it in the inbox DLQ failed: " + e.getMessage());
            return Outcome.FAILED;
        }
        log.warn("parked", "messageId", message.getMessageId(), "id", id, "reason", reason);
        return Outcome.PARKED;
    }

    private static String errorCode(DynamoDbException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static Map<String, AttributeValue> withMetadata(Map<String, AttributeValue> attributes, SQSMessage message,
            Instant sentAt, Version version, String digest, Optional<Replay> replay) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put(MetadataAttributes.BODY_DIGEST, AttributeValue.fromS(digest));
        item.put(MetadataAttributes.RECEIVED_AT, AttributeValue.fromS(sentAt.toString()));
        item.put(MetadataAttributes.MESSAGE_ID, AttributeValue.fromS(message.getMessageId()));
        item.put(MetadataAttributes.VERSION, version.numberValue());
        item.put(MetadataAttributes.VERSION_KIND, version.kindValue());
        replay.ifPresent(r -> item.put(MetadataAttributes.REPLAY_OF, AttributeValue.fromS(r.originalMessageId())));
        return item;
    }

    /** When SQS accepted the message, so a redelivery does not change it; now if SQS did not say. */
    private Instant sentAt(SQSMessage message) {
        String sent = message.getAttributes() == null ? null : message.getAttributes().get(SENT_TIMESTAMP);
        if (sent == null) {
            return clock.instant();
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(sent));
        } catch (NumberFormatException e) {
            return clock.instant();
        }
    }

    /** A body the replay tool re-sent from the raw archive. */
    private record Replay(String originalMessageId, Instant originalSentAt) {
    }

    private static Optional<Replay> replay(SQSMessage message) throws InvalidMessageException {
        Map<String, MessageAttribute> attributes = message.getMessageAttributes();
        MessageAttribute of = attributes == null ? null : attributes.get(ReplayAttributes.ORIGINAL_MESSAGE_ID);
        MessageAttribute sent = attributes == null ? null : attributes.get(ReplayAttributes.ORIGINAL_SENT_TIMESTAMP);
        if (of == null && sent == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Replay(of.getStringValue(), Instant.ofEpochMilli(Long.parseLong(sent.getStringValue()))));
        } catch (RuntimeException e) {
            throw new InvalidMessageException("replay attributes " + ReplayAttributes.ORIGINAL_MESSAGE_ID + " and "
                    + ReplayAttributes.ORIGINAL_SENT_TIMESTAMP + " must come together, the second in epoch milliseconds");
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: the clients keep no per-environment state that must differ after a restore.
    }

    /**
     * SnapStart priming: runs the code paths of a write without writing. Parses a sample body, builds
     * the item and its conditional request, asks DynamoDB for a key ingest can never write, asks S3
     * for a key never written and renders a metrics line without printing it. Best effort: a failure
     * here must not fail the snapshot, only make the first invocation slower.
     */
    void prime() {
        long start = System.nanoTime();
        String failure = null;
        try {
            Instant now = clock.instant();
            ParsedItem parsed = parser.parse(primingBody());
            Version version = versions.read(parsed, now);
            SQSMessage sample = new SQSMessage();
            sample.setMessageId("priming");
            Map<String, AttributeValue> item = withMetadata(parsed.attributes(), sample, now, version,
                    BodyDigest.of(primingBody()), Optional.empty());
            rules.violation(item);
            ItemSize.of(ClaimCheck.slim(parsed, config.idProperty(), config.versionProperty()));
            ArchiveKeys.payload(parsed.id(), "priming");
            ArchiveKeys.raw(now, "priming");
            writer.request(item, version, false);
            dynamo.getItem(request -> request.tableName(config.tableName())
                    .key(Map.of(config.idProperty(), AttributeValue.fromS(PRIMING_ID))));
            payloads.prime();
            new Counters(config.envName(), config.channelName(), Metrics.INGEST_HANDLER, Metrics.INGEST_METRICS).toEmf(now);
        } catch (InvalidMessageException | RuntimeException e) {
            failure = e.toString();
        }
        new JsonLog(LambdaRuntime.getLogger(), Metrics.INGEST_HANDLER, config.channelName(), null)
                .info(failure == null ? "primed" : "priming failed",
                        "millis", Long.toString((System.nanoTime() - start) / 1_000_000), "reason", failure);
    }

    /** A body with every JSON type, carrying the channel's own id and version properties. */
    private String primingBody() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField(config.idProperty(), "priming");
            if (config.versionProperty().isPresent()) {
                json.writeNumberField(config.versionProperty().get(), 1);
            }
            json.writeStringField("text", "Gr\u00f6\u00dfe \uD83D\uDE80");
            json.writeNumberField("amount", new BigDecimal("12.50"));
            json.writeBooleanField("flag", true);
            json.writeNullField("none");
            json.writeArrayFieldStart("list");
            json.writeNumber(1);
            json.writeString("a");
            json.writeEndArray();
            json.writeObjectFieldStart("nested");
            json.writeStringField("k", "v");
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
