package dev.channels.local.cloudwatch;

/** An alarm's state, as {@code StateValue} names it. */
public enum AlarmState {
    OK, ALARM, INSUFFICIENT_DATA
}
