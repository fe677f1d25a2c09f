package dev.channels.lambdas.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.channels.lambdas.observe.JsonLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One batch of the inbox, stored: every message is read first; then the messages of one object are stored one
 * after the other, in the batch's order, while different objects are stored at the same time ({@link Writers}).
 * Once a message of an object has FAILED, its later messages in the batch are not written and FAILED too: SQS
 * redelivers them all, and none of them overtakes the one that failed. A message that could not be read has no
 * object: it stands alone, and parking it is its own step.
 */
final class IngestBatch {
    /** What became of one message. */
    record Stored(Received message, MessageStore.Outcome outcome) {
    }

    private final MessageStore store;
    private final Writers writers;

    IngestBatch(MessageStore store, Writers writers) {
        this.store = store;
        this.writers = writers;
    }

    /** Every message's outcome, grouped by object: the objects in the order they first appear in the batch. */
    List<Stored> store(List<SQSMessage> messages, JsonLog log) {
        List<Received> batch = new ArrayList<>();
        for (SQSMessage message : messages) {
            batch.add(store.receive(message));
        }
        List<Stored> outcomes = new ArrayList<>();
        for (List<Stored> sameObject : writers.map(byObject(batch), sameObject -> storeInOrder(sameObject, log))) {
            outcomes.addAll(sameObject);
        }
        return outcomes;
    }

    private List<Stored> storeInOrder(List<Received> sameObject, JsonLog log) {
        List<Stored> outcomes = new ArrayList<>();
        Received failed = null;
        for (Received message : sameObject) {
            if (failed != null) {
                log.warn("failed", "messageId", message.messageId(), "id", message.id().orElseThrow(),
                        "reason", "not written: message " + failed.messageId() + " of the same id failed before it"
                                + " in this batch; both are retried");
                outcomes.add(new Stored(message, MessageStore.Outcome.FAILED));
                continue;
            }
            MessageStore.Outcome outcome = store.store(message, log);
            if (outcome == MessageStore.Outcome.FAILED) {
                failed = message;
            }
            outcomes.add(new Stored(message, outcome));
        }
        return outcomes;
    }

    /** The batch's messages, one list per object id in the batch's order; each message without an id on its own. */
    private static List<List<Received>> byObject(List<Received> batch) {
        Map<String, List<Received>> byId = new LinkedHashMap<>();
        List<List<Received>> groups = new ArrayList<>();
        for (Received message : batch) {
            Optional<String> id = message.id();
            if (id.isEmpty()) {
                groups.add(List.of(message));
            } else {
                byId.computeIfAbsent(id.get(), first -> {
                    List<Received> group = new ArrayList<>();
                    groups.add(group);
                    return group;
                }).add(message);
            }
        }
        return groups;
    }
}
