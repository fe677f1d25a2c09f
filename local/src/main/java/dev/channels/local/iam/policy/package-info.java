/**
 * IAM policy evaluation for the local cloud: {@link dev.channels.local.iam.policy.StackPolicies} reads a stack's
 * identity-based, resource-based and key policies and decides {@link dev.channels.local.iam.AccessRequest}s the
 * way IAM does within one account; what it cannot evaluate is reported at start and fails closed.
 */
package dev.channels.local.iam.policy;
