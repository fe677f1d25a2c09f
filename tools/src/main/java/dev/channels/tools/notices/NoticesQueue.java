package dev.channels.tools.notices;

import java.time.Duration;
import java.util.List;

/** A channel's notices queue as the redrive needs it. */
public interface NoticesQueue {
    /** One received message: its id, the handle to delete or return it with, and its body. */
    record Received(String messageId, String receiptHandle, String body) {
    }

    /** Up to 10 messages, hidden from other readers for {@code visibility}; empty when none is visible. */
    List<Received> receive(Duration visibility);

    void delete(String receiptHandle);

    /** Makes the message visible again at once, for the next redrive. */
    void giveBack(String receiptHandle);
}
