/**
 * IAM in the local cloud: who signed a request, and whether the template's policies allow what it asks.
 */
package dev.channels.local.iam;
