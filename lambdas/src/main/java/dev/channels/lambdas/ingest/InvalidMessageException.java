package dev.channels.lambdas.ingest;

/**
 * A message body the channel cannot store. The message says why without quoting the body, so it can
 * be logged at INFO.
 */
public final class InvalidMessageException extends Exception {
    public InvalidMessageException(String reason) {
        super(reason, null, false, false);
    }
}
