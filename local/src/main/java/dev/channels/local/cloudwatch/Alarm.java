package dev.channels.local.cloudwatch;

import java.time.Instant;
import java.util.Optional;

/** One alarm while the local cloud runs: its definition, state, reason and when they last changed. Thread-safe. */
public final class Alarm {
    /** A change of state, for the alarm's actions. */
    public record Transition(Alarm alarm, AlarmState oldState, AlarmState newState, String reason, Instant time) {
    }

    private final AlarmDefinition definition;
    private final Instant configuredAt;
    private AlarmState state = AlarmState.INSUFFICIENT_DATA;
    private String reason;
    private Instant stateUpdatedAt;

    Alarm(AlarmDefinition definition, Instant createdAt) {
        this.definition = definition;
        this.configuredAt = createdAt;
        this.stateUpdatedAt = createdAt;
        this.reason = definition.notEvaluated().orElse("Unchecked: Initial alarm creation");
    }

    public AlarmDefinition definition() {
        return definition;
    }

    public Instant configuredAt() {
        return configuredAt;
    }

    public synchronized AlarmState state() {
        return state;
    }

    public synchronized String reason() {
        return reason;
    }

    public synchronized Instant stateUpdatedAt() {
        return stateUpdatedAt;
    }

    /** Moves to {@code newState}; a transition when the state changed (CloudWatch acts on changes only). */
    synchronized Optional<Transition> moveTo(AlarmState newState, String newReason, Instant time) {
        if (newState == state) {
            return Optional.empty();
        }
        Transition transition = new Transition(this, state, newState, newReason, time);
        state = newState;
        reason = newReason;
        stateUpdatedAt = time;
        return Optional.of(transition);
    }
}
