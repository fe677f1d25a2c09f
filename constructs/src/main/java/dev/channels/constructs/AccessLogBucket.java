package dev.channels.constructs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/** The env's server-access-log bucket, and how any bucket of the env sends its access logs there. */
final class AccessLogBucket {
    private final Bucket bucket;

    AccessLogBucket(Construct scope, Naming naming, boolean retain) {
        String account = Stack.of(scope).getAccount();
        this.bucket = new Bucket(scope, "AccessLogBucket", Defaults.bucket()
                .bucketName(naming.bucketName(Naming.SHARED, "access-logs", account, Stack.of(scope).getRegion()))
                // S3 server access logging only delivers to buckets encrypted with S3-managed keys.
                .encryption(BucketEncryption.S3_MANAGED)
                // No ACLs: S3 delivers the logs under the bucket policy below.
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Defaults.ACCESS_LOG_EXPIRATION)
                        .abortIncompleteMultipartUploadAfter(Defaults.ABORT_INCOMPLETE_UPLOAD_AFTER)
                        .build()))
                .removalPolicy(Defaults.removalPolicy(retain))
                .autoDeleteObjects(!retain)
                .build());
        // One statement for every bucket of this env, so that adding a channel leaves this policy unchanged
        // (CDK's serverAccessLogsBucket would add a statement per logged bucket).
        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowServerAccessLogsOfThisEnv")
                .principals(List.of(new ServicePrincipal("logging.s3.amazonaws.com")))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(bucket.arnForObjects("*")))
                .conditions(new TreeMap<>(Map.of(
                        "ArnLike", Map.of("aws:SourceArn", "arn:" + Aws.PARTITION + ":s3:::" + naming.env() + "-*"),
                        "StringEquals", Map.of("aws:SourceAccount", account))))
                .build());
    }

    Bucket bucket() {
        return bucket;
    }

    /** Sends the server access logs of {@code logged} to this bucket, under {@code prefix}. */
    void logServerAccess(Bucket logged, String prefix) {
        ((CfnBucket) logged.getNode().getDefaultChild()).setLoggingConfiguration(
                CfnBucket.LoggingConfigurationProperty.builder()
                        .destinationBucketName(bucket.getBucketName())
                        .logFilePrefix(prefix)
                        .build());
        logged.getNode().addDependency(bucket.getPolicy());
    }
}
