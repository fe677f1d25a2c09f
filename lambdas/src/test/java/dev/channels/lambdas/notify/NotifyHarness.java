package dev.channels.lambdas.notify;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.channels.lambdas.testing.DynaliteServer;
import dev.channels.lambdas.testing.FakeTime;
import dev.channels.lambdas.testing.InMemoryPayloadStore;
import dev.channels.lambdas.testing.SlackStub;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One notify function's surroundings for a test: a Slack stub, a fresh ledger table on dynalite, an
 * in-memory archive bucket, and fake time (waits are recorded, never taken). Jitter is fixed at 0.5,
 * so backoffs are exact.
 */
final class NotifyHarness implements AutoCloseable {
    static final double JITTER = 0.5;

    final SlackStub slack = new SlackStub();
    final FakeTime time = new FakeTime(Instant.parse("2025-11-25T10:00:00Z"));
    final InMemoryPayloadStore payloads = new InMemoryPayloadStore();
    final InMemoryNoticeQueue notices = new InMemoryNoticeQueue();
    final DynaliteServer dynamo;
    final String ledgerTable;

    NotifyHarness(DynaliteServer dynamo) {
        this.dynamo = dynamo;
        this.ledgerTable = dynamo.createTable("id");
    }

    NotifyConfig config() {
        return NotifyHandlerTest.config(ledgerTable);
    }

    NotifyHandler handler() {
        return handler(config());
    }

    NotifyHandler handler(NotifyConfig config) {
        return handler(config, dynamo.client());
    }

    /** A handler taking its webhook from {@code webhooks} (a secret, in the tests of that). */
    NotifyHandler handler(WebhookSource webhooks) {
        return new NotifyHandler(new NotifyDependencies(config(), webhooks, dynamo.client(), payloads, time,
                time.sleeper(), () -> JITTER, SlackDelivery.Policy.DEFAULT, parking()));
    }

    NotifyHandler handler(NotifyConfig config, DynamoDbClient client) {
        return new NotifyHandler(new NotifyDependencies(config, WebhookSource.fixed(SlackWebhook.create(slack.webhookUrl())),
                client, payloads, time, time.sleeper(), () -> JITTER, SlackDelivery.Policy.DEFAULT, parking()));
    }

    /** The default limits, parking into {@link #notices}. */
    Parking parking() {
        return Parking.defaults(notices);
    }

    /** The status of each ledger entry, by key. */
    Map<String, String> ledgerStatuses() {
        return ledger().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                entry -> entry.getValue().get("status").s()));
    }

    /** The ledger's entries, by key. */
    Map<String, Map<String, AttributeValue>> ledger() {
        return dynamo.client().scan(request -> request.tableName(ledgerTable).consistentRead(true)).items().stream()
                .collect(java.util.stream.Collectors.toMap(item -> item.get("id").s(), item -> item));
    }

    static List<String> failedSequenceNumbers(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Override
    public void close() {
        slack.close();
    }
}
