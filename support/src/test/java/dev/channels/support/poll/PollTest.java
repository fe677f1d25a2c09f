package dev.channels.support.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {
    @Test
    void returnsTheFirstValueTheProbeHas() {
        AtomicInteger asked = new AtomicInteger();
        String value = Poll.until("the third ask", Duration.ofMinutes(1),
                () -> asked.incrementAndGet() == 3 ? Optional.of("three") : Optional.empty());
        assertThat(value).isEqualTo("three");
        assertThat(asked).hasValue(3);
    }

    @Test
    void aConditionThatHoldsAtOnceIsAskedOnce() {
        AtomicInteger asked = new AtomicInteger();
        Poll.until("true", Duration.ZERO, () -> asked.incrementAndGet() > 0);
        assertThat(asked).hasValue(1);
    }

    @Test
    void failsNamingWhatItAwaitedOnceTheDeadlinePassed() {
        AtomicInteger asked = new AtomicInteger();
        assertThatThrownBy(() -> Poll.until("the impossible", Duration.ofMillis(50), () -> asked.incrementAndGet() < 0))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Timed out after 50 ms waiting for the impossible");
        assertThat(asked.get()).as("asked again until the deadline, at least once after it").isGreaterThanOrEqualTo(2);
    }

    @Test
    void anInterruptedWaitFailsAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Poll.until("an interrupted wait", Duration.ofMinutes(1), () -> false))
                    .isInstanceOf(AssertionError.class).hasMessage("Interrupted while waiting for an interrupted wait");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
