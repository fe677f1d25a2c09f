package dev.channels.lambdas.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.channels.contract.MetadataAttributes;
import dev.channels.contract.ReplayAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads an SQS message of the channel's inbox as an {@link InboxMessage}: its body as the producer's object, its
 * replay attributes, the version that orders it and the metadata attributes that go with it. What makes a
 * message one that can never be stored is an {@link InvalidMessageException}.
 */
final class InboxReader {
    private static final String SENT_TIMESTAMP = "SentTimestamp";

    private final ItemParser parser;
    private final VersionReader versions;
    private final Clock clock;

    InboxReader(IngestConfig config, Clock clock) {
        this.parser = new ItemParser(config.idProperty());
        this.versions = new VersionReader(config.versionProperty());
        this.clock = clock;
    }

    /** When SQS accepted the message, so a redelivery does not change it; now if SQS did not say. */
    Instant sentAt(SQSMessage message) {
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

    /** {@code sentAt}: {@link #sentAt} of the message. */
    InboxMessage read(SQSMessage message, Instant sentAt) throws InvalidMessageException {
        ParsedItem parsed = parser.parse(message.getBody());
        Optional<InboxMessage.Replay> replay = replay(message);
        Version version = versions.read(parsed, replay.map(InboxMessage.Replay::originalSentAt).orElse(sentAt));
        return new InboxMessage(message, sentAt, parsed, replay, version,
                metadata(message, sentAt, version, BodyDigest.of(message.getBody()), replay));
    }

    private static Map<String, AttributeValue> metadata(SQSMessage message, Instant sentAt, Version version,
            String digest, Optional<InboxMessage.Replay> replay) {
        Map<String, AttributeValue> metadata = new HashMap<>();
        metadata.put(MetadataAttributes.BODY_DIGEST, AttributeValue.fromS(digest));
        metadata.put(MetadataAttributes.RECEIVED_AT, AttributeValue.fromS(sentAt.toString()));
        metadata.put(MetadataAttributes.MESSAGE_ID, AttributeValue.fromS(message.getMessageId()));
        metadata.put(MetadataAttributes.VERSION, version.numberValue());
        metadata.put(MetadataAttributes.VERSION_KIND, version.kindValue());
        replay.ifPresent(r -> metadata.put(MetadataAttributes.REPLAY_OF, AttributeValue.fromS(r.originalMessageId())));
        return metadata;
    }

    private static Optional<InboxMessage.Replay> replay(SQSMessage message) throws InvalidMessageException {
        Map<String, MessageAttribute> attributes = message.getMessageAttributes();
        MessageAttribute of = attributes == null ? null : attributes.get(ReplayAttributes.ORIGINAL_MESSAGE_ID);
        MessageAttribute sent = attributes == null ? null : attributes.get(ReplayAttributes.ORIGINAL_SENT_TIMESTAMP);
        if (of == null && sent == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new InboxMessage.Replay(of.getStringValue(),
                    Instant.ofEpochMilli(Long.parseLong(sent.getStringValue()))));
        } catch (RuntimeException e) {
            throw new InvalidMessageException("replay attributes " + ReplayAttributes.ORIGINAL_MESSAGE_ID + " and "
                    + ReplayAttributes.ORIGINAL_SENT_TIMESTAMP + " must come together, the second in epoch milliseconds");
        }
    }
}
