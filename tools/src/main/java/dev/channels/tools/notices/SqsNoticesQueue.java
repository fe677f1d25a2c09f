package dev.channels.tools.notices;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The notices queue on SQS. */
final class SqsNoticesQueue implements NoticesQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    SqsNoticesQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public List<Received> receive(Duration visibility) {
        // A short wait: an empty answer from one server must not end the redrive while others hold messages.
        return sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .visibilityTimeout((int) visibility.toSeconds()))
                .messages().stream()
                .map(message -> new Received(message.messageId(), message.receiptHandle(), message.body()))
                .toList();
    }

    @Override
    public void delete(String receiptHandle) {
        sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(receiptHandle));
    }

    @Override
    public void giveBack(String receiptHandle) {
        sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(0));
    }
}
