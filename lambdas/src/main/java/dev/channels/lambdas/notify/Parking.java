package dev.channels.lambdas.notify;

import dev.channels.contract.NotifyDefaults;
import java.time.Duration;
import java.util.Objects;

/**
 * When notify gives up on telling a change and parks it in the channel's notices queue instead of
 * reporting it to the stream: at once when Slack refuses it for good (the webhook is gone), after
 * {@code afterAttempts} deliveries of its record failed, or when the record is {@code atRecordAge} old.
 * Both limits must come before the stream mapping's own (retry attempts, maximum record age), so that
 * its on-failure destination only receives what notify could not even park.
 *
 * @param queue where parked notices go
 * @param afterAttempts deliveries of one record (ledger claims) that may fail before it is parked
 * @param atRecordAge a record this old is parked at its first failure
 */
public record Parking(NoticeQueue queue, int afterAttempts, Duration atRecordAge) {
    public Parking {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(atRecordAge, "atRecordAge");
        if (afterAttempts < 1) {
            throw new IllegalArgumentException("afterAttempts must be at least 1, not " + afterAttempts);
        }
    }

    /** The limits the constructs plan the stream mapping's own around ({@link NotifyDefaults}). */
    public static Parking defaults(NoticeQueue queue) {
        return new Parking(queue, NotifyDefaults.PARK_AFTER_ATTEMPTS, NotifyDefaults.PARK_AT_RECORD_AGE);
    }
}
