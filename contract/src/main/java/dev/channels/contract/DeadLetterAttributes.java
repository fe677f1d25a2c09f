package dev.channels.contract;

/**
 * SQS message attributes ingest adds to a message it parks in the channel's inbox DLQ because it can never be
 * stored; the message also keeps its body, its own attributes and the {@link ReplayAttributes} of the
 * original. The constructs name them in the DLQ alarm, so an operator knows where to look.
 */
public final class DeadLetterAttributes {
    /** String: why the message was parked. */
    public static final String REASON = "ChannelsParkReason";
    /** String: the handler that parked it, e.g. {@code ingest} ({@link Metrics#INGEST_HANDLER}). */
    public static final String PARKED_BY = "ChannelsParkedBy";

    private DeadLetterAttributes() {
    }
}
