package dev.channels.lambdas.notify;

import java.util.Optional;

/** The stream's event names, and how a Slack message says them. */
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

    static Optional<ChangeKind> of(String eventName) {
        for (ChangeKind kind : values()) {
            if (kind.name().equals(eventName)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
