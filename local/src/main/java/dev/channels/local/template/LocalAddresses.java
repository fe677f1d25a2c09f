package dev.channels.local.template;

import java.net.URI;

/**
 * Addresses that depend on where the local services listen; the resolver needs them for attributes whose
 * value is a URL (a queue's {@code Ref} is its queue URL).
 */
public interface LocalAddresses {

    /** The queue URL the local SQS serves for a queue: {@code <sqs endpoint>/<account>/<queue name>}. */
    String queueUrl(String accountId, String queueName);

    /** Addresses for an SQS endpoint at {@code sqsEndpoint} (no trailing slash). */
    static LocalAddresses of(URI sqsEndpoint) {
        String base = sqsEndpoint.toString().replaceAll("/+$", "");
        return (accountId, queueName) -> base + "/" + accountId + "/" + queueName;
    }
}
