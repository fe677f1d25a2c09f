package dev.channels.support.poll;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in tests for something another thread or process does: asks a probe again and again until it has an
 * answer, and fails with {@link AssertionError} naming what was awaited once a deadline passes. The deadline is
 * the only time it depends on, so give a generous one: a probe that answers early returns at once, and the
 * pauses between asks (from 10 ms, doubling, at most 100 ms) only spare the CPU.
 *
 * <pre>{@code
 * Item item = Poll.until("item a in the table", Duration.ofSeconds(30), () -> Optional.ofNullable(table.get("a")));
 * Poll.until("the queue is empty", Duration.ofSeconds(30), () -> queue.isEmpty());
 * }</pre>
 */
public final class Poll {
    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long LONGEST_PAUSE_MILLIS = 100;

    private Poll() {
    }

    /** The probe's first value; asks until it has one or {@code limit} has passed. */
    public static <T> T until(String what, Duration limit, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + describe(limit) + " waiting for " + what);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    /** Returns once {@code condition} holds; asks until it does or {@code limit} has passed. */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        until(what, limit, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    private static String describe(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }
}
