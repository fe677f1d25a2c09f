package dev.channels.lambdas.notify;

/** Where notify parks the changes it gave up on: the channel's notices queue. */
@FunctionalInterface
public interface NoticeQueue {
    /** Sends the notice; throws when the queue did not take it. */
    void park(ParkedNotice notice);
}
