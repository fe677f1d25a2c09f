package dev.channels.constructs;

/** The kinds of change a DynamoDB stream record carries (its {@code eventName}). */
public enum StreamEventKind {
    INSERT,
    MODIFY,
    REMOVE
}
