package dev.channels.lambdas.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.channels.contract.Metrics;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.observe.Counters;
import dev.channels.lambdas.observe.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crac.Core;

/**
 * The notify function's entry point: tells Slack about the changes in the channel's table stream, one batch
 * per invocation ({@link NotifyBatch} holds the steps), and answers which records the stream must retry, with
 * the batch's log line and metrics. The webhook URL comes from the secret ({@link Slack}): while the secret
 * holds no URL (a new environment, before the operator sets it), every record of the batch is reported, so the
 * stream retries them and then the on-failure destination keeps them; init never fails on the secret's value.
 */
public final class NotifyHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final NotifyConfig config;
    private final ChangeReader changes;
    private final Slack slack;
    private final PostLedger ledger;
    private final Parking parking;
    private final Clock clock;
    private final Sleeper sleeper;
    /** Registered with SnapStart by the no-argument constructor; held here so it lives as long as the handler. */
    private final NotifyPriming priming;

    /**
     * Used by Lambda: everything from the function's environment, built once per execution environment; the
     * webhook URL read from Secrets Manager at init and again after each SnapStart restore.
     */
    public NotifyHandler() {
        this(NotifyDependencies.fromEnvironment(EnvVars.system()));
        Core.getGlobalContext().register(priming);
    }

    NotifyHandler(NotifyDependencies dependencies) {
        this.config = dependencies.config();
        this.changes = new ChangeReader(config.idProperty(), dependencies.payloads(), config.properties());
        this.slack = new Slack(config.channelName(), SlackTitle.parse(config.titleTemplate()), dependencies.webhooks(),
                dependencies.sleeper(), dependencies.jitter(), dependencies.policy());
        this.ledger = new PostLedger(dependencies.dynamo(), config.idempotencyTable(), config.channelName(),
                dependencies.clock());
        this.parking = dependencies.parking();
        this.clock = dependencies.clock();
        this.sleeper = dependencies.sleeper();
        this.priming = new NotifyPriming(config, changes, slack, ledger, dependencies.payloads(), clock);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        JsonLog log = new JsonLog(context.getLogger(), Metrics.NOTIFY_HANDLER, config.channelName(), context.getAwsRequestId());
        Counters counters = new Counters(config.envName(), config.channelName(), Metrics.NOTIFY_HANDLER, Metrics.NOTIFY_METRICS);
        Deadline deadline = Deadline.after(clock, Duration.ofMillis(context.getRemainingTimeInMillis()));
        List<DynamodbStreamRecord> records = event.getRecords();
        counters.add(Metrics.RECEIVED, records.size());

        Slack.Connection connection = slack.connect(deadline);
        if (connection instanceof Slack.NotConfigured notConfigured) {
            // Nothing can be posted: every record is reported, untouched (no claims), for retry.
            log.error("webhook_not_configured", "reason", notConfigured.reason()
                    + "; reporting the whole batch for retry (then the notify DLQ keeps it)");
            return finish(records, 0, log, counters);
        }
        NotifyBatch batch = new NotifyBatch(config, changes, ledger, parking, clock, sleeper,
                (Slack.Connected) connection, context.getAwsRequestId(), log, counters);
        return finish(records, batch.tell(records), log, counters);
    }

    /** Reports every record from {@code failedFrom} on, logs the batch summary and the metrics. */
    private StreamsEventResponse finish(List<DynamodbStreamRecord> records, int failedFrom, JsonLog log,
            Counters counters) {
        // From the first failure on, every record is reported, so none is told out of order.
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbStreamRecord record : records.subList(failedFrom, records.size())) {
            failures.add(new StreamsEventResponse.BatchItemFailure(NotifyBatch.sequenceNumber(record)));
        }
        counters.add(Metrics.FAILED, failures.size());
        log.info("batch",
                "received", Long.toString(counters.get(Metrics.RECEIVED)),
                "posted", Long.toString(counters.get(Metrics.SLACK_POSTED)),
                "duplicate", Long.toString(counters.get(Metrics.DUPLICATE)),
                "retried", Long.toString(counters.get(Metrics.SLACK_RETRIED)),
                "rejected", Long.toString(counters.get(Metrics.SLACK_REJECTED)),
                "parked", Long.toString(counters.get(Metrics.PARKED)),
                "failed", Long.toString(counters.get(Metrics.FAILED)),
                "firstFailedSequenceNumber", failures.isEmpty() ? null : failures.get(0).getItemIdentifier());
        log.raw(counters.toEmf(clock.instant()));
        return new StreamsEventResponse(failures);
    }

    /** The SnapStart hooks, for tests (Lambda calls them through the registration above). */
    NotifyPriming priming() {
        return priming;
    }
}
