package dev.channels.lambdas.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Notify's one way to Slack: composes changes into messages ({@link SlackComposer}), takes the webhook the
 * secret names ({@link WebhookSource}) and delivers with the retry rules of {@link SlackDelivery}. An invocation
 * {@link #connect}s once and posts through what it gets.
 */
final class Slack {
    private final SlackComposer composer;
    private final WebhookSource webhooks;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final SlackDelivery.Policy policy;

    /** {@code jitter} returns a number in [0, 1). */
    Slack(String channelName, SlackTitle title, WebhookSource webhooks, Sleeper sleeper, DoubleSupplier jitter,
            SlackDelivery.Policy policy) {
        this.composer = new SlackComposer(channelName, title);
        this.webhooks = webhooks;
        this.sleeper = sleeper;
        this.jitter = jitter;
        this.policy = policy;
    }

    /** What one invocation has of Slack: a webhook to post to, or why there is none. */
    sealed interface Connection permits Connected, NotConfigured {
    }

    /** {@code reason}: one line naming the secret, never quoting its value. */
    record NotConfigured(String reason) implements Connection {
    }

    /** The invocation's webhook, posted to within the invocation's deadline. */
    static final class Connected implements Connection {
        private final SlackComposer composer;
        private final SlackDelivery delivery;
        private final Deadline deadline;

        private Connected(SlackComposer composer, SlackDelivery delivery, Deadline deadline) {
            this.composer = composer;
            this.delivery = delivery;
            this.deadline = deadline;
        }

        Deadline deadline() {
            return deadline;
        }

        /** The notices packed into as few messages as Slack's limits allow, in order. */
        List<SlackComposer.Composed> compose(List<Notice> notices) {
            return composer.compose(notices);
        }

        /** The message that tells the notice alone. */
        SlackMessage alone(Notice notice) {
            return composer.alone(notice);
        }

        SlackDelivery.Result deliver(SlackMessage message) {
            return delivery.deliver(message.toJson(), deadline);
        }

        /** The longest wait after which one post still fits before the deadline (zero: none). */
        Duration longestWait() {
            return delivery.longestWait(deadline);
        }
    }

    /**
     * The cached webhook, or (none cached) the secret read once for this invocation. Call once per
     * invocation.
     */
    Connection connect(Deadline deadline) {
        WebhookSource.State webhook = webhooks.forInvocation();
        if (webhook instanceof WebhookSource.NotConfigured notConfigured) {
            return new NotConfigured(notConfigured.reason());
        }
        SlackWebhook configured = ((WebhookSource.Configured) webhook).webhook();
        return new Connected(composer, new SlackDelivery(configured, sleeper, jitter, policy), deadline);
    }

    /**
     * SnapStart priming: composes the notice's message and posts it through the webhook's HTTP client to a
     * loopback stub, never to Slack.
     */
    void prime(Notice notice) throws IOException, InterruptedException {
        webhooks.forPriming().primeThroughLoopback(composer.alone(notice).toJson());
    }

    /** After a SnapStart restore: the next invocation reads the secret again (no I/O here). */
    void forgetWebhook() {
        webhooks.invalidate();
    }
}
