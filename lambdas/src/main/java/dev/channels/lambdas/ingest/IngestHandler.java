package dev.channels.lambdas.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.channels.lambdas.AwsClients;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.MetadataAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Stores each object from the channel's inbox as the latest version of its item. A message that
 * cannot be stored fails alone: it is reported in the partial batch response (SQS redelivers it, then
 * moves it to the DLQ) while the rest of the batch is written.
 */
public final class IngestHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final String SENT_TIMESTAMP = "SentTimestamp";

    private final IngestConfig config;
    private final ItemParser parser;
    private final DynamoDbClient dynamo;
    private final Clock clock;

    /** Used by Lambda: everything from the function's environment, built once per execution environment. */
    public IngestHandler() {
        this(EnvVars.system());
    }

    IngestHandler(EnvVars env) {
        this(IngestConfig.from(env), AwsClients.dynamoDb(env), Clock.systemUTC());
    }

    public IngestHandler(IngestConfig config, DynamoDbClient dynamo, Clock clock) {
        this.config = config;
        this.parser = new ItemParser(config.idProperty());
        this.dynamo = dynamo;
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        LambdaLogger logger = context.getLogger();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSMessage message : event.getRecords()) {
            if (!storeSafely(message, logger)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        logger.log(config.channelName() + ": stored " + (event.getRecords().size() - failures.size())
                + " of " + event.getRecords().size() + " messages", LogLevel.INFO);
        return new SQSBatchResponse(failures);
    }

    /** A bug that shows with one message fails that message, not its neighbours. */
    private boolean storeSafely(SQSMessage message, LambdaLogger logger) {
        try {
            return store(message, logger);
        } catch (RuntimeException e) {
            logger.log("Unexpected error for message " + message.getMessageId() + ": " + e, LogLevel.ERROR);
            return false;
        }
    }

    /** Writes one message's object; false (after logging why) when the message must be retried or dead-lettered. */
    private boolean store(SQSMessage message, LambdaLogger logger) {
        ParsedItem parsed;
        try {
            parsed = parser.parse(message.getBody());
        } catch (InvalidMessageException e) {
            logger.log("Rejected message " + message.getMessageId() + ": " + e.getMessage(), LogLevel.WARN);
            return false;
        }
        Map<String, AttributeValue> item = new HashMap<>(parsed.attributes());
        item.put(MetadataAttributes.RECEIVED_AT, AttributeValue.fromS(receivedAt(message).toString()));
        item.put(MetadataAttributes.MESSAGE_ID, AttributeValue.fromS(message.getMessageId()));
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(config.tableName()).item(item).build());
            return true;
        } catch (SdkException e) {
            // DynamoDB's messages say what was wrong (sizes, types, names), not the attribute values.
            logger.log("Could not write message " + message.getMessageId() + " (id " + parsed.id() + ") to "
                    + config.tableName() + ": " + e.getMessage(), LogLevel.WARN);
            return false;
        }
    }

    /** When SQS accepted the message, so a redelivery does not change it; now if SQS did not say. */
    private Instant receivedAt(SQSMessage message) {
        String sent = message.getAttributes() == null ? null : message.getAttributes().get(SENT_TIMESTAMP);
        if (sent == null) {
            return clock.instant();
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(sent));
        } catch (NumberFormatException e) {
            return clock.instant();
        }
    }
}
