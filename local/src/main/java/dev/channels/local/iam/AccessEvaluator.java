package dev.channels.local.iam;

/**
 * Evaluates {@link AccessRequest}s against a stack's policies: the principal's identity policies, the resource's
 * policy (queue, bucket, topic, key, secret policies) and IAM's rules for combining them (explicit deny over
 * allow; same-account access allowed by either; a KMS key only through its key policy).
 */
@FunctionalInterface
public interface AccessEvaluator {

    AccessDecision evaluate(AccessRequest request);
}
