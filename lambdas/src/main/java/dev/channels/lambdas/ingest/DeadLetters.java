package dev.channels.lambdas.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Instant;

/**
 * Where ingest parks a message that can never be stored: the channel's inbox DLQ, on its first receive,
 * with the body exactly as received and the reason beside it ({@link dev.channels.contract.DeadLetterAttributes}).
 * A failure to park is thrown, so the message stays in the inbox and is retried like any other failure.
 */
public interface DeadLetters {
    /** {@code sentAt}: when the inbox accepted the message; kept so a redrive orders it as the original. */
    void park(SQSMessage message, Instant sentAt, String reason);
}
