package dev.channels.contract;

import java.util.Optional;

/**
 * The kinds of change a DynamoDB stream record carries (its {@code eventName}), and how a Slack message says
 * them ({@code {event}} in a title template). The constructs filter the stream by them, notify tells them.
 */
public enum ChangeKind {
    INSERT("created"),
    MODIFY("updated"),
    REMOVE("removed");

    private final String pastTense;

    ChangeKind(String pastTense) {
        this.pastTense = pastTense;
    }

    public String pastTense() {
        return pastTense;
    }

    /** The kind a stream record's {@code eventName} names; empty for any other name. */
    public static Optional<ChangeKind> of(String eventName) {
        for (ChangeKind kind : values()) {
            if (kind.name().equals(eventName)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
