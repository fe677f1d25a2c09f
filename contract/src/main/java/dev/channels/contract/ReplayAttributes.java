package dev.channels.contract;

/**
 * SQS message attributes the replay tool sets on a re-sent body, and ingest reads. Producers cannot
 * set them: the API's SQS integration sends the request body only, never message attributes.
 *
 * <p>With them, a replayed body keeps its place in the object's history: ingest orders it by the
 * original SentTimestamp (when the channel has no version property) and lets it overwrite an equal
 * version (so a replay re-applies what a bug lost), never a newer one.
 */
public final class ReplayAttributes {
    /** String: the SQS message id the body was first received with. */
    public static final String ORIGINAL_MESSAGE_ID = "ChannelsReplayOf";
    /** Number: the original message's SentTimestamp, epoch milliseconds. */
    public static final String ORIGINAL_SENT_TIMESTAMP = "ChannelsReplaySentTimestamp";

    private ReplayAttributes() {
    }
}
