package dev.channels.local.sns;

import java.util.List;

/** A topic of the stack and its subscriptions. */
public record Topic(String logicalId, String name, String arn, String displayName, List<Subscription> subscriptions) {

    public Topic {
        subscriptions = List.copyOf(subscriptions);
    }

    Topic with(Subscription subscription) {
        List<Subscription> all = new java.util.ArrayList<>(subscriptions);
        all.add(subscription);
        return new Topic(logicalId, name, arn, displayName, all);
    }

    /**
     * One subscription.
     *
     * @param delivered whether the local cloud delivers to it: {@code email} and {@code email-json} go to the mailbox
     */
    public record Subscription(String arn, String topicArn, String protocol, String endpoint, boolean delivered) {
    }
}
