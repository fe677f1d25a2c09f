package dev.channels.lambdas.notify;

import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The notices queue on SQS. The client is built at the first park, never at init: parking is rare, and a
 * function that never parks never loads the SQS client.
 */
final class SqsNoticeQueue implements NoticeQueue {
    private final String queueUrl;
    private final Supplier<SqsClient> clients;
    private SqsClient sqs;

    SqsNoticeQueue(String queueUrl, Supplier<SqsClient> clients) {
        this.queueUrl = Objects.requireNonNull(queueUrl);
        this.clients = clients;
    }

    @Override
    public void park(ParkedNotice notice) {
        client().sendMessage(request -> request.queueUrl(queueUrl).messageBody(notice.toJson()));
    }

    private synchronized SqsClient client() {
        if (sqs == null) {
            sqs = clients.get();
        }
        return sqs;
    }
}
