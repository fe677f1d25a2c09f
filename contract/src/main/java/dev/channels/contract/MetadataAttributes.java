package dev.channels.contract;

/**
 * Attributes the pipeline adds to each item next to the producer's properties. They share a prefix
 * that ingest refuses in producer payloads, so a producer property can never overwrite one, and notify
 * can leave them out of what changed.
 */
public final class MetadataAttributes {
    public static final String PREFIX = "_channels_";
    /** ISO-8601 instant at which SQS accepted the message (its SentTimestamp). */
    public static final String RECEIVED_AT = PREFIX + "receivedAt";
    /** SQS message id of the message that wrote this version of the item. */
    public static final String MESSAGE_ID = PREFIX + "messageId";
    /**
     * The version that orders writes, as a DynamoDB number: the version property's number, the
     * timestamp as epoch seconds (with fraction), or the SQS SentTimestamp in epoch milliseconds.
     */
    public static final String VERSION = PREFIX + "version";
    /** Where {@link #VERSION} came from: {@code number}, {@code timestamp} or {@code sqs-sent-timestamp}. */
    public static final String VERSION_KIND = PREFIX + "versionKind";
    /**
     * Key in the archive bucket of the full JSON body, on an item too big for DynamoDB: the item then
     * holds only the id, the version and the small top-level scalars.
     */
    public static final String PAYLOAD_KEY = PREFIX + "payloadKey";
    /**
     * SHA-256 (lower-case hex) of the body that wrote this version. Two different bodies with the same
     * version (e.g. sent in the same SQS millisecond) are ordered by it, so every replica of the history
     * converges on the same one whatever the arrival order; only the same body is a duplicate.
     */
    public static final String BODY_DIGEST = PREFIX + "bodySha256";
    /** SQS message id of the original message, on an item written by a replayed message. */
    public static final String REPLAY_OF = PREFIX + "replayOf";

    private MetadataAttributes() {
    }

    public static boolean isMetadata(String attributeName) {
        return attributeName.startsWith(PREFIX);
    }
}
