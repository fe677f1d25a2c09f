package dev.channels.local.iam.sigv4;

import java.util.Objects;

/** The outcome of checking a request's signature: who signed it, or why it is refused. */
public sealed interface Verification {

    /** The signature is right: the request was signed with this key. */
    record Verified(String accessKeyId) implements Verification {
        public Verified {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
        }
    }

    /**
     * Refused, with the reason's kind (each service names it with its own error code) and a message in AWS's words.
     */
    record Refused(Failure failure, String message) implements Verification {
        public Refused {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(message, "message");
        }
    }

    enum Failure {
        /** No {@code Authorization} header and no presigned query: an anonymous request. */
        MISSING,
        /** An {@code Authorization} header or presigned query that cannot be read. */
        MALFORMED,
        /** No such access key. */
        UNKNOWN_KEY,
        /** The key needs a session token and the request has none, or another one. */
        INVALID_TOKEN,
        /** The signature (or the payload hash, or the credential scope) does not match. */
        BAD_SIGNATURE,
        /** {@code X-Amz-Date} is more than 15 minutes from now. */
        SKEWED,
        /** A presigned request past its {@code X-Amz-Expires}. */
        EXPIRED
    }
}
