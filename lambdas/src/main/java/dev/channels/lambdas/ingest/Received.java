package dev.channels.lambdas.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Instant;
import java.util.Optional;

/**
 * A message of the batch as read before anything is written: the object it carries, or what reading it threw
 * (an {@link InvalidMessageException} for a message that can never be stored, any other exception for a bug).
 * Reading first gives each message the id that orders it among the batch's messages of the same object.
 *
 * @param sentAt when SQS accepted the message ({@link InboxReader#sentAt})
 * @param inbox the message read; null when it could not be
 * @param unreadable why it could not be read; null when it was
 */
record Received(SQSMessage message, Instant sentAt, InboxMessage inbox, Exception unreadable) {

    String messageId() {
        return message.getMessageId();
    }

    /** The object's id; none when the message could not be read, so it orders nothing and waits for nothing. */
    Optional<String> id() {
        return inbox == null ? Optional.empty() : Optional.of(inbox.id());
    }
}
