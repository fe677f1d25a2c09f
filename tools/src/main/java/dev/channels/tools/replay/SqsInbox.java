package dev.channels.tools.replay;

import dev.channels.contract.ReplayAttributes;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The channel's inbox on SQS. */
final class SqsInbox implements Inbox {
    private final SqsClient sqs;
    private final String queueUrl;

    SqsInbox(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public String send(String body, String originalMessageId, Instant originalSentAt) {
        return sqs.sendMessage(request -> request
                .queueUrl(queueUrl)
                .messageBody(body)
                .messageAttributes(Map.of(
                        ReplayAttributes.ORIGINAL_MESSAGE_ID, MessageAttributeValue.builder()
                                .dataType("String").stringValue(originalMessageId).build(),
                        ReplayAttributes.ORIGINAL_SENT_TIMESTAMP, MessageAttributeValue.builder()
                                .dataType("Number").stringValue(Long.toString(originalSentAt.toEpochMilli())).build())))
                .messageId();
    }
}
