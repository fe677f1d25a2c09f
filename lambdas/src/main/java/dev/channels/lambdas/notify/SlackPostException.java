package dev.channels.lambdas.notify;

/**
 * A post the webhook did not accept. Carries only a reason this code wrote (status code or failure
 * kind), never a cause: HTTP client exceptions may quote the request URI, and that is the secret.
 */
public final class SlackPostException extends Exception {
    public SlackPostException(String reason) {
        super(reason, null, false, false);
    }
}
