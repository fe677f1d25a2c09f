package dev.channels.lambdas.notify;

import java.time.Duration;

/** Waits; tests pass one that only moves their clock, so no test really waits. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
