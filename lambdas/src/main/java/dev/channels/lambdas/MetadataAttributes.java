package dev.channels.lambdas;

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

    private MetadataAttributes() {
    }

    public static boolean isMetadata(String attributeName) {
        return attributeName.startsWith(PREFIX);
    }
}
