package dev.channels.lambdas.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * What one webhook call came to, sorted by what to do next.
 *
 * @param status the HTTP status, 0 when there was no answer
 * @param retryAfter Slack's Retry-After on a 429
 * @param reason a loggable reason (a status or an exception class, never the URL)
 */
record SlackResponse(Kind kind, int status, Optional<Duration> retryAfter, String reason) {

    enum Kind {
        /** 2xx: posted. */
        ACCEPTED,
        /** 429: wait as Slack says, then try again. */
        RATE_LIMITED,
        /** 5xx, 408, a timeout or an I/O error: back off and try again, a few times. */
        TRANSIENT,
        /**
         * Any other status, 400/403/404/410 above all: the webhook is gone or revoked, or the message
         * is invalid. Trying again cannot help.
         */
        REJECTED
    }

    static SlackResponse of(int status, Optional<Duration> retryAfter) {
        String reason = "Slack answered HTTP " + status;
        if (status / 100 == 2) {
            return new SlackResponse(Kind.ACCEPTED, status, Optional.empty(), reason);
        }
        if (status == 429) {
            return new SlackResponse(Kind.RATE_LIMITED, status, retryAfter, reason);
        }
        if (status / 100 == 5 || status == 408) {
            return new SlackResponse(Kind.TRANSIENT, status, Optional.empty(), reason);
        }
        return new SlackResponse(Kind.REJECTED, status, Optional.empty(), reason);
    }

    static SlackResponse transientFailure(String reason) {
        return new SlackResponse(Kind.TRANSIENT, 0, Optional.empty(), reason);
    }
}
