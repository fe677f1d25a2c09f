package dev.channels.tools.replay;

import java.time.Instant;

/** The channel's inbox queue as replay needs it. */
public interface Inbox {
    /**
     * Sends the body with the replay attributes that tell ingest where it came from; returns the new
     * message's id.
     */
    String send(String body, String originalMessageId, Instant originalSentAt);
}
