package dev.channels.lambdas.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.channels.contract.Metrics;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.observe.Counters;
import dev.channels.lambdas.observe.JsonLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.crac.Core;

/**
 * The ingest function's entry point: stores each object from the channel's inbox as the latest version of its
 * item ({@link MessageStore} holds the steps; {@link IngestBatch} writes different objects at the same time and
 * the messages of one object in order), and answers which messages SQS must redeliver, with the batch's log line
 * and metrics. A write succeeds only when it is newer than the stored version; a duplicate or an older
 * message is a no-op, counted and logged, never an error. A message that failed for a reason a retry can fix
 * is reported in the partial batch response (SQS redelivers it, then moves it to the DLQ), and so are the later
 * messages of its object in the batch, which must not overtake it; the rest of the batch is written.
 */
public final class IngestHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final IngestConfig config;
    private final IngestBatch batch;
    private final Clock clock;
    /** Registered with SnapStart by the no-argument constructor; held here so it lives as long as the handler. */
    private final IngestPriming priming;

    /** Used by Lambda: everything from the function's environment, built once per execution environment. */
    public IngestHandler() {
        this(IngestDependencies.fromEnvironment(EnvVars.system()));
        Core.getGlobalContext().register(priming);
    }

    public IngestHandler(IngestDependencies dependencies) {
        this.config = dependencies.config();
        InboxReader reader = new InboxReader(config, dependencies.clock());
        StorageRules rules = new StorageRules(config.idProperty(), config.indexKeys());
        ConditionalWriter writer = new ConditionalWriter(dependencies.dynamo(), config.tableName(), config.idProperty());
        MessageStore store = new MessageStore(config, reader, rules, writer, dependencies.payloads(), dependencies.deadLetters());
        Writers writers = new Writers(config.writers());
        this.batch = new IngestBatch(store, writers);
        this.clock = dependencies.clock();
        this.priming = new IngestPriming(config, reader, rules, writer, dependencies.payloads(), writers, clock);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        JsonLog log = new JsonLog(context.getLogger(), Metrics.INGEST_HANDLER, config.channelName(), context.getAwsRequestId());
        Counters counters = new Counters(config.envName(), config.channelName(), Metrics.INGEST_HANDLER, Metrics.INGEST_METRICS);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        counters.add(Metrics.RECEIVED, event.getRecords().size());
        // Counted here, on the invocation's thread, once every write is done.
        for (IngestBatch.Stored stored : batch.store(event.getRecords(), log)) {
            counters.increment(stored.outcome().metric());
            if (stored.outcome() == MessageStore.Outcome.FAILED) {
                failures.add(new SQSBatchResponse.BatchItemFailure(stored.message().messageId()));
            }
        }
        log.info("batch",
                "received", Long.toString(counters.get(Metrics.RECEIVED)),
                "written", Long.toString(counters.get(Metrics.WRITTEN)),
                "duplicate", Long.toString(counters.get(Metrics.DUPLICATE)),
                "stale", Long.toString(counters.get(Metrics.STALE)),
                "parked", Long.toString(counters.get(Metrics.PARKED)),
                "failed", Long.toString(counters.get(Metrics.FAILED)));
        log.raw(counters.toEmf(clock.instant()));
        return new SQSBatchResponse(failures);
    }

    /** The SnapStart hook, for tests (Lambda calls it through the registration above). */
    IngestPriming priming() {
        return priming;
    }
}
