package dev.channels.local.iam;

import java.util.Objects;

/**
 * IAM's answer to an {@link AccessRequest}.
 *
 * @param outcome what was decided
 * @param reason  which policy and statement decided it, or why nothing allowed it; for the local cloud's log and
 *                the conformance tests, never sent to the caller (AWS does not say which statement matched)
 */
public record AccessDecision(Outcome outcome, String reason) {
    public enum Outcome {
        ALLOWED,
        /** No statement allowed it. */
        IMPLICITLY_DENIED,
        /** A {@code Deny} statement matched: wins over every allow. */
        EXPLICITLY_DENIED
    }

    public AccessDecision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }
}
