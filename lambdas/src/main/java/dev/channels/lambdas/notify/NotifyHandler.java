package dev.channels.lambdas.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.channels.lambdas.AwsClients;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.HandlerEnv;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Posts one Slack message per change in the channel's table stream. Records of a shard must be told
 * in order, so the first record whose post fails ends the batch: it and every later record are
 * reported by sequence number, and Lambda retries from the first of them.
 */
public final class NotifyHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final NotifyConfig config;
    private final ChangeReader changes;
    private final SlackWebhook slack;

    /** Used by Lambda: config from the environment, the webhook URL read from Secrets Manager once. */
    public NotifyHandler() {
        this(EnvVars.system());
    }

    NotifyHandler(EnvVars env) {
        this(NotifyConfig.from(env), SlackWebhook.create(webhookUrl(env)));
    }

    public NotifyHandler(NotifyConfig config, SlackWebhook slack) {
        this.config = config;
        this.changes = new ChangeReader(config.idProperty());
        this.slack = slack;
    }

    /** Needed only at init, so the client is closed right after. */
    private static URI webhookUrl(EnvVars env) {
        String secretArn = env.required(HandlerEnv.SLACK_SECRET_ARN);
        try (SecretsManagerClient secrets = AwsClients.secretsManager(env)) {
            return WebhookSecret.fetch(secrets, secretArn);
        }
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        LambdaLogger logger = context.getLogger();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        int posted = 0;
        boolean failed = false;
        for (DynamodbStreamRecord record : event.getRecords()) {
            if (!failed) {
                Outcome outcome = notifySafely(record, logger);
                posted += outcome == Outcome.POSTED ? 1 : 0;
                failed = outcome == Outcome.FAILED;
            }
            // From the first failure on, every record is reported, so none is told out of order.
            if (failed) {
                failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
            }
        }
        logger.log(config.channelName() + ": posted " + posted + " Slack messages for " + event.getRecords().size()
                + " records, " + failures.size() + " reported for retry", LogLevel.INFO);
        return new StreamsEventResponse(failures);
    }

    private enum Outcome { POSTED, NOTHING_TO_TELL, FAILED }

    /**
     * A bug that shows with one record fails it like a failed post: the stream retries it, then hands it
     * to the on-failure destination, rather than failing the whole batch again and again.
     */
    private Outcome notifySafely(DynamodbStreamRecord record, LambdaLogger logger) {
        try {
            return notify(record, logger);
        } catch (RuntimeException e) {
            logger.log("Unexpected error for " + config.channelName() + " record "
                    + record.getDynamodb().getSequenceNumber() + ": " + e
                    + "; reporting it and the rest of the batch for retry", LogLevel.ERROR);
            return Outcome.FAILED;
        }
    }

    private Outcome notify(DynamodbStreamRecord record, LambdaLogger logger) {
        Optional<Change> change = changes.read(record);
        if (change.isEmpty()) {
            return Outcome.NOTHING_TO_TELL;
        }
        try {
            slack.post(SlackMessage.describing(config.channelName(), change.get()).toJson());
            return Outcome.POSTED;
        } catch (SlackPostException e) {
            logger.log("Slack post failed for " + config.channelName() + " record "
                    + record.getDynamodb().getSequenceNumber() + " (" + change.get().kind() + " of id "
                    + change.get().objectId() + "): " + e.getMessage()
                    + "; reporting it and the rest of the batch for retry", LogLevel.WARN);
            return Outcome.FAILED;
        }
    }
}
