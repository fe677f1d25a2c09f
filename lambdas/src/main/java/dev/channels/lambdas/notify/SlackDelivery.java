package dev.channels.lambdas.notify;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delivers one message, retrying as each answer calls for, and only while the invocation has time
 * for it: a wait is taken only when, after it, one more attempt (connect plus response timeout) and
 * a reserve for the bookkeeping that follows still fit before the deadline. Otherwise the message
 * fails now and the stream retries its records later, rather than Lambda killing the invocation
 * mid-post.
 *
 * <ul>
 *   <li>429: wait Retry-After (or the backoff, if Slack sent none), then again, for as long as time allows.</li>
 *   <li>5xx, 408, timeout, I/O error: exponential backoff with full jitter, at most
 *       {@link Policy#transientAttempts()} attempts.</li>
 *   <li>Any other status: rejected at once.</li>
 * </ul>
 */
final class SlackDelivery {

    /**
     * @param transientAttempts attempts in all when Slack fails transiently
     * @param maxAttempts attempts in all, whatever the answers (429 with Retry-After 0 cannot loop)
     * @param baseBackoff the first backoff; doubled per attempt, up to {@code maxBackoff}
     * @param reserve time kept for marking records posted or released after the last attempt
     */
    record Policy(int transientAttempts, int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration reserve) {
        static final Policy DEFAULT = new Policy(4, 10, Duration.ofMillis(250), Duration.ofSeconds(4), Duration.ofSeconds(2));
    }

    enum Status { POSTED, REJECTED, FAILED }

    /** How delivery ended, Slack's last status (0: no answer), after how many retries, and why (loggable). */
    record Result(Status status, int httpStatus, int retries, String reason) {
    }

    private final SlackWebhook webhook;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final Policy policy;

    /** {@code jitter} returns a number in [0, 1). */
    SlackDelivery(SlackWebhook webhook, Sleeper sleeper, DoubleSupplier jitter, Policy policy) {
        this.webhook = webhook;
        this.sleeper = sleeper;
        this.jitter = jitter;
        this.policy = policy;
    }

    /** Whether one more attempt (and the reserve after it) fits before the deadline. */
    boolean hasTimeForAnAttempt(Deadline deadline) {
        return hasTimeToWait(Duration.ZERO, deadline);
    }

    /** Whether a wait, then one attempt and the reserve, fit before the deadline. */
    boolean hasTimeToWait(Duration wait, Deadline deadline) {
        return wait.compareTo(spareTime(deadline)) <= 0;
    }

    /** The longest wait after which one attempt and the reserve still fit before the deadline (zero: none). */
    Duration longestWait(Deadline deadline) {
        Duration spare = spareTime(deadline);
        return spare.isNegative() ? Duration.ZERO : spare;
    }

    /** The time left once one attempt and the reserve are set aside; negative when they do not fit. */
    private Duration spareTime(Deadline deadline) {
        return deadline.remaining().minus(webhook.attemptBudget()).minus(policy.reserve());
    }

    Result deliver(String messageJson, Deadline deadline) {
        int retries = 0;
        int transientFailures = 0;
        for (int attempt = 1; ; attempt++) {
            if (!hasTimeForAnAttempt(deadline)) {
                return new Result(Status.FAILED, 0, retries, "not enough time left in this invocation for a post");
            }
            SlackResponse response = webhook.send(messageJson);
            Duration wait;
            switch (response.kind()) {
                case ACCEPTED:
                    return new Result(Status.POSTED, response.status(), retries, response.reason());
                case REJECTED:
                    return new Result(Status.REJECTED, response.status(), retries, response.reason());
                case RATE_LIMITED:
                    wait = response.retryAfter().orElseGet(() -> backoff(1));
                    break;
                default:
                    transientFailures++;
                    if (transientFailures >= policy.transientAttempts()) {
                        return failed(response, retries, " (" + attempt + " attempts)");
                    }
                    wait = backoff(transientFailures);
            }
            if (attempt >= policy.maxAttempts()) {
                return failed(response, retries, " (" + attempt + " attempts)");
            }
            if (!hasTimeToWait(wait, deadline)) {
                return failed(response, retries, "; waiting " + wait.toMillis()
                        + " ms would leave too little of the invocation's " + deadline.remaining().toMillis() + " ms");
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(Status.FAILED, response.status(), retries, "interrupted while waiting to retry");
            }
            retries++;
        }
    }

    private static Result failed(SlackResponse last, int retries, String why) {
        return new Result(Status.FAILED, last.status(), retries, last.reason() + why);
    }

    /** Full jitter: uniform in [0, min(max, base * 2^(n-1))]. */
    private Duration backoff(int failures) {
        long cap = Math.min(policy.maxBackoff().toMillis(), policy.baseBackoff().toMillis() << Math.min(failures - 1, 20));
        return Duration.ofMillis((long) (jitter.getAsDouble() * (cap + 1)));
    }
}
