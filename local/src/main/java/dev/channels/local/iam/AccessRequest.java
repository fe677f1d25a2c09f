package dev.channels.local.iam;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One authorization question, as IAM asks it: may this principal take this action on this resource, in this
 * request context.
 *
 * @param principal   who signed the request (or on whose behalf a service acts)
 * @param action      {@code service:Action}, e.g. {@code dynamodb:PutItem}, {@code kms:Decrypt}
 * @param resourceArn the resource's ARN, e.g. a table, a queue, an object ({@code arn:aws:s3:::bucket/key}), a key
 * @param context     condition keys and their values, e.g. {@code aws:SecureTransport=[true]},
 *                    {@code kms:ViaService=[sqs.eu-west-1.amazonaws.com]}, {@code dynamodb:LeadingKeys=[id-1]}
 */
public record AccessRequest(Principal principal, String action, String resourceArn, Map<String, List<String>> context) {
    public AccessRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceArn, "resourceArn");
        context = Map.copyOf(context);
    }
}
