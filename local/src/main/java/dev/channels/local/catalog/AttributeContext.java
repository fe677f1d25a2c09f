package dev.channels.local.catalog;

import java.util.Optional;

/** What an attribute rule of the {@link ResourceCatalog} may use to compute a {@code Ref} or {@code Fn::GetAtt}. */
public interface AttributeContext {
    String logicalId();

    /** The resource's physical name: its name property, resolved, or one generated the way CloudFormation does. */
    String name();

    /**
     * A stable id of {@code length} lower-case letters and digits derived from the logical id and {@code salt}
     * (API ids, resource ids, secret ARN suffixes): the same on every run, so persisted state keeps matching.
     */
    String id(String salt, int length);

    /** A stable UUID derived from the logical id (KMS key ids, event source mapping ids). */
    String uuid();

    String accountId();

    String region();

    String partition();

    String urlSuffix();

    String stackName();

    /** A property of this resource, resolved, as text; fails with the property path when it is missing. */
    String property(String name);

    Optional<String> optionalProperty(String name);

    /** The local SQS queue URL of a queue name (depends on the SQS endpoint's port). */
    String queueUrl(String queueName);

    default String arn(String service, String resource) {
        return "arn:" + partition() + ":" + service + ":" + region() + ":" + accountId() + ":" + resource;
    }

    /** An ARN of a global service (IAM, S3): no region, and for S3 no account. */
    default String globalArn(String service, String account, String resource) {
        return "arn:" + partition() + ":" + service + "::" + account + ":" + resource;
    }
}
