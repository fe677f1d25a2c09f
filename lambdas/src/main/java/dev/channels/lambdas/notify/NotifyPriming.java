package dev.channels.lambdas.notify;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.channels.contract.ChangeKind;
import dev.channels.contract.Metrics;
import dev.channels.lambdas.snapstart.Priming;
import dev.channels.lambdas.observe.Counters;
import dev.channels.lambdas.payload.PayloadStore;
import java.time.Clock;
import java.util.Map;
import org.crac.Resource;

/**
 * The SnapStart hooks of a notify function: before the snapshot, runs the code paths of a notification without
 * notifying; after a restore, has the webhook read again.
 */
final class NotifyPriming extends Priming {
    /** A claim-checked body as S3 would hold it. */
    private static final String PRIMING_PAYLOAD =
            "{\"id\":\"priming\",\"n\":1.50,\"o\":{\"b\":[1e2,true],\"a\":null},\"s\":\"\u00e9\"}";

    private final NotifyConfig config;
    private final ChangeReader changes;
    private final Slack slack;
    private final PostLedger ledger;
    private final PayloadStore payloads;
    private final Clock clock;

    NotifyPriming(NotifyConfig config, ChangeReader changes, Slack slack, PostLedger ledger, PayloadStore payloads,
            Clock clock) {
        super(Metrics.NOTIFY_HANDLER, config.channelName());
        this.config = config;
        this.changes = changes;
        this.slack = slack;
        this.ledger = ledger;
        this.payloads = payloads;
        this.clock = clock;
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // The snapshot holds the webhook as it was when the version was published; the operator may
        // have set or changed the secret since. The first invocation reads it again (lazily: a read
        // that failed here would fail the restore). The jitter generator is created at the first
        // retry, after any restore.
        slack.forgetWebhook();
    }

    /**
     * Reads a sample record, composes its Slack message and posts it through the webhook's HTTP client to a
     * loopback stub (never to Slack), marks a ledger entry that was never claimed (DynamoDB refuses it) and
     * reads it, reads an S3 key that is never written, parses a sample payload and renders a metrics line
     * without printing it.
     */
    @Override
    protected void steps() throws Exception {
        Notice notice = changes.readNotice(primingRecord()).orElseThrow();
        slack.prime(notice);
        PayloadJson.properties(PRIMING_PAYLOAD, config.idProperty());
        ledger.prime();
        payloads.prime();
        new Counters(config.envName(), config.channelName(), Metrics.NOTIFY_HANDLER, Metrics.NOTIFY_METRICS)
                .toEmf(clock.instant());
    }

    /** An INSERT (always told, whatever properties the channel shows) with every attribute type. */
    private DynamodbStreamRecord primingRecord() {
        Map<String, AttributeValue> image = Map.of(
                config.idProperty(), new AttributeValue().withS("priming"),
                "title", new AttributeValue().withS("Gr\u00f6\u00dfe \uD83D\uDE80 <b>"),
                "amount", new AttributeValue().withN("12.5"),
                "flag", new AttributeValue().withBOOL(true),
                "none", new AttributeValue().withNULL(true),
                "list", new AttributeValue().withL(new AttributeValue().withS("a")),
                "nested", new AttributeValue().withM(Map.of("k", new AttributeValue().withN("1"))));
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID("priming");
        record.setEventName(ChangeKind.INSERT.name());
        record.setDynamodb(new StreamRecord()
                .withKeys(Map.of(config.idProperty(), new AttributeValue().withS("priming")))
                .withNewImage(image)
                .withSequenceNumber("0"));
        return record;
    }
}
