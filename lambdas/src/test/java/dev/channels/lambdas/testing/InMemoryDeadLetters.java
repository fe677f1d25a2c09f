package dev.channels.lambdas.testing;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.channels.lambdas.ingest.DeadLetters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The inbox DLQ as a list, for handler tests; the SQS path runs end to end on the local cloud. */
public final class InMemoryDeadLetters implements DeadLetters {
    /** One parked message: its id, body exactly as received, when the inbox accepted it, and why. */
    public record Parked(String messageId, String body, Instant sentAt, String reason) {
    }

    private final List<Parked> parked = new ArrayList<>();
    private RuntimeException failParks;

    @Override
    public synchronized void park(SQSMessage message, Instant sentAt, String reason) {
        if (failParks != null) {
            throw failParks;
        }
        parked.add(new Parked(message.getMessageId(), message.getBody(), sentAt, reason));
    }

    public synchronized List<Parked> parked() {
        return List.copyOf(parked);
    }

    /** Every later park throws {@code failure}, as SQS would when the DLQ cannot be reached. */
    public synchronized void failParks(RuntimeException failure) {
        this.failParks = failure;
    }
}
