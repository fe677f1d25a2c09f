package dev.channels.local.iam.gate;

import dev.channels.local.iam.sigv4.Verification;

/** Errors of the AWS query protocols (SQS's query form, SNS): the codes a refused signature gets. */
final class QueryErrors {

    private QueryErrors() {
    }

    /** The authentication error code the query services share: the request never reached the service. */
    static String authenticationCode(Verification.Failure failure) {
        return switch (failure) {
            case MISSING -> "MissingAuthenticationToken";
            case UNKNOWN_KEY, INVALID_TOKEN -> "InvalidClientTokenId";
            case MALFORMED -> "IncompleteSignature";
            case BAD_SIGNATURE, SKEWED, EXPIRED -> "SignatureDoesNotMatch";
        };
    }
}
