package dev.channels.lambdas.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.channels.contract.ArchiveKeys;
import dev.channels.contract.Metrics;
import dev.channels.lambdas.observe.JsonLog;
import dev.channels.lambdas.payload.PayloadStore;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The steps of storing one inbox message: read it, archive the raw body (when the channel keeps them), put a body
 * too big for an item in the archive bucket (claim check), check DynamoDB's rules, and write the item only when
 * it is newer than the stored version. A message that can never be stored (not a JSON object, no id, a value
 * DynamoDB refuses) is parked in the inbox DLQ on its first receive, body intact and the reason attached; one
 * that failed for a reason a retry can fix is FAILED, for SQS to redeliver.
 */
final class MessageStore {
    /** DynamoDB's error code for a request it refuses as invalid: retrying the same item cannot help. */
    private static final String VALIDATION = "ValidationException";

    /** What became of one message, and the metric that counts it. */
    enum Outcome {
        WRITTEN(Metrics.WRITTEN), DUPLICATE(Metrics.DUPLICATE), STALE(Metrics.STALE), PARKED(Metrics.PARKED),
        FAILED(Metrics.FAILED);

        private final String metric;

        Outcome(String metric) {
            this.metric = metric;
        }

        String metric() {
            return metric;
        }
    }

    private final IngestConfig config;
    private final InboxReader reader;
    private final StorageRules rules;
    private final ConditionalWriter writer;
    private final PayloadStore payloads;
    private final DeadLetters deadLetters;

    MessageStore(IngestConfig config, InboxReader reader, StorageRules rules, ConditionalWriter writer,
            PayloadStore payloads, DeadLetters deadLetters) {
        this.config = config;
        this.reader = reader;
        this.rules = rules;
        this.writer = writer;
        this.payloads = payloads;
        this.deadLetters = deadLetters;
    }

    /**
     * Reads the message, before anything of the batch is written. Never throws: what went wrong is kept for
     * {@link #store}.
     */
    Received receive(SQSMessage message) {
        Instant sentAt = reader.sentAt(message);
        try {
            return new Received(message, sentAt, reader.read(message, sentAt), null);
        } catch (InvalidMessageException | RuntimeException e) {
            return new Received(message, sentAt, null, e);
        }
    }

    /** Stores the message's object; a bug that shows with one message fails that message, not its neighbours. */
    Outcome store(Received message, JsonLog log) {
        try {
            return message.unreadable() == null ? storeOrPark(message.inbox(), log) : refuse(message, log);
        } catch (RuntimeException e) {
            return unexpected(message, e, log);
        }
    }

    /** A message that could not be read: parked when it can never be stored, FAILED when reading it hit a bug. */
    private Outcome refuse(Received message, JsonLog log) {
        if (message.unreadable() instanceof InvalidMessageException invalid) {
            return park(message.message(), message.sentAt(), null, invalid.getMessage(), log);
        }
        return unexpected(message, message.unreadable(), log);
    }

    private static Outcome unexpected(Received message, Exception e, JsonLog log) {
        log.error("failed", "messageId", message.messageId(), "reason", "unexpected error: " + e);
        return Outcome.FAILED;
    }

    /**
     * Writes one message's object; PARKED when it can never be stored, FAILED (after logging why) when
     * the message must be retried.
     */
    private Outcome storeOrPark(InboxMessage inbox, JsonLog log) {
        SQSMessage message = inbox.message();
        Instant sentAt = inbox.sentAt();
        String messageId = inbox.messageId();
        String step = "archive";
        try {
            // A replayed body is archived already, under its original message.
            if (config.rawArchive() && inbox.replay().isEmpty()) {
                payloads.put(ArchiveKeys.raw(sentAt, messageId), inbox.body());
            }
            Map<String, AttributeValue> item;
            String payloadKey = null;
            if (inbox.fitsInline()) {
                item = inbox.inlineItem();
            } else {
                step = "claim check";
                payloadKey = ArchiveKeys.payload(inbox.id(), messageId);
                payloads.put(payloadKey, inbox.body());
                item = inbox.claimCheckedItem(payloadKey, config.idProperty(), config.versionProperty());
            }
            Optional<String> refused = rules.violation(item);
            if (refused.isPresent()) {
                return park(message, sentAt, inbox.id(), refused.get(), log);
            }
            step = "write";
            ConditionalWriter.Outcome written = writer.write(inbox.id(), item, inbox.version(), inbox.replay().isPresent());
            log.info(written.name().toLowerCase(Locale.ROOT),
                    "messageId", messageId, "id", inbox.id(),
                    "version", inbox.version().number(), "versionKind", inbox.version().kind().label(),
                    "payloadKey", payloadKey,
                    "replayOf", inbox.replay().map(InboxMessage.Replay::originalMessageId).orElse(null));
            return Outcome.valueOf(written.name());
        } catch (DynamoDbException e) {
            if (step.equals("write") && VALIDATION.equals(errorCode(e))) {
                // A rule StorageRules does not know: DynamoDB refuses this item whatever the retry.
                return park(message, sentAt, inbox.id(), "DynamoDB refused the item: " + e.awsErrorDetails().errorMessage(),
                        log);
            }
            log.warn("failed", "messageId", messageId, "id", inbox.id(), "step", step,
                    "table", step.equals("write") ? config.tableName() : null, "reason", e.getMessage());
            return Outcome.FAILED;
        } catch (SdkException e) {
            // DynamoDB's and S3's messages say what was wrong (sizes, types, names, access), not the values.
            log.warn("failed", "messageId", messageId, "id", inbox.id(), "step", step,
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
}
