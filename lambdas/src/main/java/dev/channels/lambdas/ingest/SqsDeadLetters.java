package dev.channels.lambdas.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.channels.contract.DeadLetterAttributes;
import dev.channels.contract.Metrics;
import dev.channels.contract.ReplayAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Parks messages in the inbox DLQ with SendMessage. The message keeps its body and its attributes and
 * carries the replay attributes of the original message (id and SentTimestamp), so a redrive of the
 * DLQ to the inbox, after the cause is fixed, orders it as the object's history had it, never over a
 * newer version. The SQS client is built at the first park: a channel whose messages are all storable
 * never loads it (cold start).
 */
final class SqsDeadLetters implements DeadLetters {
    /** Attributes count against the message size limit with the body: a reason stays short. */
    private static final int REASON_LIMIT = 1000;

    private final String queueUrl;
    private final Supplier<SqsClient> clients;
    private SqsClient client;

    SqsDeadLetters(String queueUrl, Supplier<SqsClient> clients) {
        this.queueUrl = queueUrl;
        this.clients = clients;
    }

    @Override
    public void park(SQSMessage message, Instant sentAt, String reason) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        if (message.getMessageAttributes() != null) {
            message.getMessageAttributes().forEach((name, value) -> attributes.put(name, copy(value)));
        }
        attributes.putIfAbsent(ReplayAttributes.ORIGINAL_MESSAGE_ID, string(message.getMessageId()));
        attributes.putIfAbsent(ReplayAttributes.ORIGINAL_SENT_TIMESTAMP, MessageAttributeValue.builder()
                .dataType("Number").stringValue(Long.toString(sentAt.toEpochMilli())).build());
        attributes.put(DeadLetterAttributes.REASON, string(shortened(reason, REASON_LIMIT)));
        attributes.put(DeadLetterAttributes.PARKED_BY, string(Metrics.INGEST_HANDLER));
        client().sendMessage(request -> request
                .queueUrl(queueUrl)
                .messageBody(message.getBody())
                .messageAttributes(attributes));
    }

    /** At most {@code limit} characters, never ending in half a surrogate pair (SQS refuses those). */
    static String shortened(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit);
    }

    private synchronized SqsClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static MessageAttributeValue copy(MessageAttribute value) {
        MessageAttributeValue.Builder copy = MessageAttributeValue.builder().dataType(value.getDataType());
        if (value.getStringValue() != null) {
            copy.stringValue(value.getStringValue());
        }
        if (value.getBinaryValue() != null) {
            copy.binaryValue(SdkBytes.fromByteBuffer(value.getBinaryValue().duplicate()));
        }
        return copy.build();
    }
}
