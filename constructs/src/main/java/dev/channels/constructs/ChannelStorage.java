package dev.channels.constructs;

import java.util.List;

import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * Where a channel keeps its objects: the table (keyed by the id property, with the declared GSIs and the
 * stream notify reads; its props are {@link ChannelTableProps}) and the archive bucket (claim-checked
 * bodies, and the raw archive when kept).
 */
final class ChannelStorage {
    private final Table table;
    private final Bucket archiveBucket;

    ChannelStorage(Construct scope, ChannelsEnvironment environment, ChannelProps props) {
        String kebab = Naming.kebab(props.name());
        this.table = new Table(scope, "Table", ChannelTableProps.of(environment, props));
        props.indexes().forEach(table::addGlobalSecondaryIndex);
        this.archiveBucket = createArchiveBucket(scope, environment, kebab);
    }

    private static Bucket createArchiveBucket(Construct scope, ChannelsEnvironment environment, String kebab) {
        Bucket bucket = new Bucket(scope, "Archive", Defaults.bucket()
                .bucketName(environment.naming().bucketName(kebab, "archive", environment.account(),
                        environment.region()))
                .encryption(BucketEncryption.KMS)
                .encryptionKey(environment.key())
                // One data key per bucket instead of one KMS call per object.
                .bucketKeyEnabled(true)
                .versioned(true)
                // Current objects never expire: items in the table may point at them (claim check).
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("tier-and-clean-up")
                        .transitions(List.of(Transition.builder()
                                .storageClass(StorageClass.INFREQUENT_ACCESS)
                                .transitionAfter(Defaults.ARCHIVE_INFREQUENT_ACCESS_AFTER)
                                .build()))
                        .noncurrentVersionExpiration(Defaults.ARCHIVE_NONCURRENT_EXPIRATION)
                        .abortIncompleteMultipartUploadAfter(Defaults.ABORT_INCOMPLETE_UPLOAD_AFTER)
                        .build()))
                .removalPolicy(environment.removalPolicy())
                .autoDeleteObjects(!environment.retain())
                .build());
        environment.logServerAccess(bucket, kebab + "-archive/");
        return bucket;
    }

    /** How cdk-nag names a grant on the objects under {@code prefix} of the archive bucket. */
    String archiveObjectsFinding(String prefix) {
        Stack stack = Stack.of(archiveBucket);
        Object logicalId = stack.resolve(stack.getLogicalId((CfnElement) archiveBucket.getNode().getDefaultChild()));
        return "AwsSolutions-IAM5[Resource::<" + logicalId + ".Arn>/" + prefix + "*]";
    }

    Table table() {
        return table;
    }

    Bucket archiveBucket() {
        return archiveBucket;
    }
}
