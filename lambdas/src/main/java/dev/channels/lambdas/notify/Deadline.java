package dev.channels.lambdas.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** When the invocation ends (Lambda stops it then), read against the handler's clock. */
record Deadline(Clock clock, Instant at) {

    static Deadline after(Clock clock, Duration remaining) {
        return new Deadline(clock, clock.instant().plus(remaining));
    }

    Duration remaining() {
        return Duration.between(clock.instant(), at);
    }
}
