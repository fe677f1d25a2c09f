package dev.channels.lambdas.notify;

import java.util.ArrayList;
import java.util.List;

/** The notices queue in memory: what was parked, in order; {@link #refuse} makes every park fail. */
final class InMemoryNoticeQueue implements NoticeQueue {
    private final List<ParkedNotice> parked = new ArrayList<>();
    private String refusal;

    @Override
    public synchronized void park(ParkedNotice notice) {
        if (refusal != null) {
            throw software.amazon.awssdk.services.sqs.model.SqsException.builder().message(refusal).build();
        }
        parked.add(notice);
    }

    synchronized void refuse(String message) {
        refusal = message;
    }

    synchronized List<ParkedNotice> parked() {
        return List.copyOf(parked);
    }
}
