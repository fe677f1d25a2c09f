package dev.channels.constructs;

import static dev.channels.constructs.TestEnvironments.getAtt;
import static dev.channels.constructs.TestEnvironments.logicalId;
import static dev.channels.constructs.TestEnvironments.properties;
import static dev.channels.constructs.TestEnvironments.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.channels.contract.ChangeKind;
import dev.channels.contract.HandlerEnv;
import dev.channels.contract.LambdaHandler;
import dev.channels.contract.LedgerTable;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Alias;

/**
 * What one channel creates, asserted on the template of a dev stack with JobOrder and Candidate, in one group
 * per class the channel is composed of.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelTest {
    private ChannelsEnvironment environment;
    private Channel jobOrder;
    private Channel candidate;
    private Template template;
    /** A channel with every optional setting, alone in a stack of its own. */
    private ChannelsEnvironment configuredEnvironment;
    private Channel configured;
    private Template configuredTemplate;
    /** A channel that overrides the defaults it may, alone in a stack of its own. */
    private ChannelsEnvironment tunedEnvironment;
    private Channel tuned;
    private Template tunedTemplate;

    @BeforeAll
    void synthesize() {
        Stack stack = TestEnvironments.stack(new App(), "dev");
        environment = TestEnvironments.environment(stack, TestEnvironments.envProps("dev").build());
        jobOrder = new Channel(stack, "JobOrder", environment, TestEnvironments.jobOrder());
        candidate = new Channel(stack, "Candidate", environment, TestEnvironments.candidate());
        template = Template.fromStack(stack);

        Stack configuredStack = TestEnvironments.stack(new App(), "dev");
        configuredEnvironment = TestEnvironments.environment(configuredStack, TestEnvironments.envProps("dev").build());
        configured = new Channel(configuredStack, "Placement", configuredEnvironment, TestEnvironments.placement());
        configuredTemplate = Template.fromStack(configuredStack);

        Stack tunedStack = TestEnvironments.stack(new App(), "dev");
        tunedEnvironment = TestEnvironments.environment(tunedStack, TestEnvironments.envProps("dev").build());
        tuned = new Channel(tunedStack, "Placement", tunedEnvironment, TestEnvironments.tuned());
        tunedTemplate = Template.fromStack(tunedStack);
    }

    /** {@link ChannelQueues}: encrypted, TLS-only queues with the retention and redrive each needs. */
    @Nested
    class Queues {
        @Test
        void inboxIsEncryptedRedrivesAfterFiveReceivesAndOutwaitsSixIngestTimeouts() {
            template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", "dev-job-order-inbox",
                    "KmsMasterKeyId", getAtt(environment.key(), "Arn"),
                    "VisibilityTimeout", 180,
                    "MessageRetentionPeriod", 345_600,
                    "MaximumMessageSize", 1_048_576,
                    "RedrivePolicy", Map.of(
                            "deadLetterTargetArn", getAtt(jobOrder.inboxDlq(), "Arn"),
                            "maxReceiveCount", 5)));
        }

        @Test
        void inboxDlqTakesEveryMessageTheInboxTook() {
            template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", "dev-job-order-inbox-dlq",
                    "MaximumMessageSize", 1_048_576));
        }

        @Test
        void deadLetterQueuesAreEncryptedAndKeepMessagesFourteenDays() {
            for (String name : List.of("dev-job-order-inbox-dlq", "dev-job-order-notify-dlq")) {
                template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                        "QueueName", name,
                        "KmsMasterKeyId", getAtt(environment.key(), "Arn"),
                        "MessageRetentionPeriod", 1_209_600,
                        "RedrivePolicy", Match.absent()));
            }
        }

        @Test
        void noticesQueueIsEncryptedAndKeepsParkedNoticesFourteenDaysWithoutADlq() {
            template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", "dev-job-order-notices",
                    "KmsMasterKeyId", getAtt(environment.key(), "Arn"),
                    "MessageRetentionPeriod", 1_209_600,
                    "RedrivePolicy", Match.absent()));
            assertThat(logicalId(jobOrder.noticesQueue())).startsWith("JobOrderNotices");
        }

        @Test
        void everyQueueRefusesRequestsWithoutTls() {
            for (var queue : List.of(jobOrder.inbox(), jobOrder.inboxDlq(), jobOrder.notifyDlq(), jobOrder.noticesQueue())) {
                template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                        "Queues", List.of(ref(queue)),
                        "PolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
                                "Action", "sqs:*",
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")),
                                "Effect", "Deny",
                                "Principal", Map.of("AWS", "*"),
                                "Resource", getAtt(queue, "Arn")))))));
            }
        }

        @Test
        void inboxVisibilityFollowsAnOverriddenIngestTimeout() {
            tunedTemplate.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", "dev-placement-inbox",
                    "VisibilityTimeout", 6 * 45));
        }
    }

    /** {@link ChannelStorage} and {@link ChannelTableProps}: the table and the archive bucket. */
    @Nested
    class Storage {
        @Test
        void tableIsKeyedByTheIdPropertyWithTheDeclaredIndexStreamPitrAndKms() {
            template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                    "TableName", "dev-job-order",
                    "KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")),
                    "AttributeDefinitions", List.of(
                            Map.of("AttributeName", "id", "AttributeType", "S"),
                            Map.of("AttributeName", "status", "AttributeType", "S"),
                            Map.of("AttributeName", "updatedAt", "AttributeType", "S")),
                    "GlobalSecondaryIndexes", List.of(Map.of(
                            "IndexName", "by-status-updatedAt",
                            "KeySchema", List.of(
                                    Map.of("AttributeName", "status", "KeyType", "HASH"),
                                    Map.of("AttributeName", "updatedAt", "KeyType", "RANGE")),
                            "Projection", Map.of("ProjectionType", "ALL"))),
                    "BillingMode", "PAY_PER_REQUEST",
                    "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                    "SSESpecification", Map.of(
                            "KMSMasterKeyId", getAtt(environment.key(), "Arn"),
                            "SSEEnabled", true,
                            "SSEType", "KMS"),
                    "DeletionProtectionEnabled", false));
            template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                    "TableName", "dev-candidate",
                    "GlobalSecondaryIndexes", Match.absent()));
        }

        @Test
        void archiveIsKmsEncryptedVersionedPrivateAccessLoggedAndTiered() {
            template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                    "BucketName", "dev-job-order-archive-123456789012-eu-west-1",
                    "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                            "BucketKeyEnabled", true,
                            "ServerSideEncryptionByDefault", Map.of(
                                    "KMSMasterKeyID", getAtt(environment.key(), "Arn"),
                                    "SSEAlgorithm", "aws:kms")))),
                    "VersioningConfiguration", Map.of("Status", "Enabled"),
                    "PublicAccessBlockConfiguration", Map.of(
                            "BlockPublicAcls", true,
                            "BlockPublicPolicy", true,
                            "IgnorePublicAcls", true,
                            "RestrictPublicBuckets", true),
                    "LoggingConfiguration", Map.of(
                            "DestinationBucketName", ref(environment.accessLogBucket()),
                            "LogFilePrefix", "job-order-archive/"),
                    "LifecycleConfiguration", Map.of("Rules", List.of(Map.of(
                            "Id", "tier-and-clean-up",
                            "Status", "Enabled",
                            "Transitions", List.of(Map.of("StorageClass", "STANDARD_IA", "TransitionInDays", 30)),
                            "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30),
                            "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7))))));
            template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                    "Bucket", ref(jobOrder.archiveBucket()),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Action", "s3:*",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")),
                            "Effect", "Deny"))))))));
        }

        @Test
        void tableOverridesApplyOnTopOfTheDefaultsAndTheGuaranteesStay() {
            tunedTemplate.hasResourceProperties("AWS::DynamoDB::Table", properties(
                    "TableName", "dev-placement",
                    "BillingMode", Match.absent(),
                    "ProvisionedThroughput", Map.of("ReadCapacityUnits", 4, "WriteCapacityUnits", 2),
                    "TableClass", "STANDARD_INFREQUENT_ACCESS",
                    "KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")),
                    "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                    "SSESpecification", Map.of(
                            "KMSMasterKeyId", getAtt(tunedEnvironment.key(), "Arn"),
                            "SSEEnabled", true,
                            "SSEType", "KMS"),
                    "DeletionProtectionEnabled", false,
                    "GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of("IndexName", "by-status")))));
        }
    }

    /** {@link ChannelFunctions} and {@link HandlerVariables}: the functions, their settings and what invokes them. */
    @Nested
    class Functions {
        @Test
        void functionsRunJava25OnArm64WithSnapStartTracingAndTheirSettings() {
            template.hasResourceProperties("AWS::Lambda::Function", properties(
                    "FunctionName", "dev-job-order-ingest",
                    "Handler", LambdaHandler.INGEST.handler(),
                    "Runtime", "java25",
                    "Architectures", List.of("arm64"),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "TracingConfig", Map.of("Mode", "Active"),
                    "MemorySize", Defaults.INGEST_MEMORY_MB,
                    "Timeout", 30,
                    "Role", getAtt(jobOrder.ingestFunction().getRole(), "Arn"),
                    "LoggingConfig", Map.of("LogFormat", "Text", "LogGroup", ref(jobOrder.ingestFunction().getLogGroup())),
                    "Environment", Map.of("Variables", Map.of(
                            "ENV_NAME", "dev",
                            "CHANNEL_NAME", "JobOrder",
                            "TABLE_NAME", ref(jobOrder.table()),
                            "ID_PROPERTY", "id",
                            "ARCHIVE_BUCKET", ref(jobOrder.archiveBucket()),
                            "RAW_ARCHIVE", "false",
                            "INBOX_DLQ_URL", ref(jobOrder.inboxDlq()),
                            "INDEX_KEYS", "status=S/partition,updatedAt=S/sort"))));
            template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", "dev-job-order-notify",
                    "Handler", LambdaHandler.NOTIFY.handler(),
                    "Runtime", "java25",
                    "Architectures", List.of("arm64"),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "TracingConfig", Map.of("Mode", "Active"),
                    "MemorySize", Defaults.NOTIFY_MEMORY_MB,
                    "Timeout", 60,
                    "Environment", Map.of("Variables", Map.of(
                            "ENV_NAME", "dev",
                            "CHANNEL_NAME", "JobOrder",
                            "ID_PROPERTY", "id",
                            "SLACK_SECRET_ARN", ref(environment.slackSecret()),
                            "ARCHIVE_BUCKET", ref(jobOrder.archiveBucket()),
                            "IDEMPOTENCY_TABLE", ref(environment.idempotencyTable()),
                            "NOTIFY_EVENTS", "INSERT,MODIFY",
                            "NOTICES_QUEUE_URL", ref(jobOrder.noticesQueue())))));
        }

        @Test
        void functionsGetTheChannelsOptionalSettings() {
            configuredTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", "dev-placement-ingest",
                    "Environment", Map.of("Variables", Map.of(
                            "ENV_NAME", "dev",
                            "CHANNEL_NAME", "Placement",
                            "TABLE_NAME", ref(configured.table()),
                            "ID_PROPERTY", "placementId",
                            "ARCHIVE_BUCKET", ref(configured.archiveBucket()),
                            "RAW_ARCHIVE", "true",
                            "VERSION_PROPERTY", "revision",
                            "INBOX_DLQ_URL", ref(configured.inboxDlq())))));
            configuredTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", "dev-placement-notify",
                    "Environment", Map.of("Variables", properties(
                            "ENV_NAME", "dev",
                            "CHANNEL_NAME", "Placement",
                            "ID_PROPERTY", "placementId",
                            "SLACK_SECRET_ARN", ref(configuredEnvironment.slackSecret()),
                            "ARCHIVE_BUCKET", ref(configured.archiveBucket()),
                            "IDEMPOTENCY_TABLE", ref(configuredEnvironment.idempotencyTable()),
                            "NOTIFY_EVENTS", "INSERT,REMOVE",
                            "NOTICES_QUEUE_URL", ref(configured.noticesQueue()),
                            "NOTIFY_PROPERTIES", "status,candidateId",
                            "TITLE_TEMPLATE", "Placement {id} {event}: {property:status}"))));
        }

        @Test
        void noFunctionGetsTheLocalCloudsSlackSinkSetting() {
            for (Template synthesized : List.of(template, configuredTemplate)) {
                assertThat(synthesized.findResources("AWS::Lambda::Function", Map.of("Properties", Map.of(
                        "Environment", Map.of("Variables", Map.of(HandlerEnv.LOCAL_SLACK_SINK_URL, Match.anyValue()))))))
                        .isEmpty();
                assertThat(synthesized.findResources("AWS::Lambda::Function")).isNotEmpty();
            }
        }

        @Test
        void eventSourcesInvokeALiveAliasOfAPublishedVersion() {
            template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                    "Name", "live",
                    "FunctionName", ref(jobOrder.ingestFunction()),
                    // currentVersion's logical id ends with a hash of the function's configuration.
                    "FunctionVersion", Map.of("Fn::GetAtt", List.of(
                            Match.stringLikeRegexp("^JobOrderIngestCurrentVersion[0-9A-Fa-f]+$"), "Version"))));
            template.resourceCountIs("AWS::Lambda::Alias", 4);
            template.resourceCountIs("AWS::Lambda::Version", 4);
        }

        @Test
        void functionsLogToExplicitLogGroupsWithRetention() {
            for (String name : List.of("/aws/lambda/dev-job-order-ingest", "/aws/lambda/dev-job-order-notify")) {
                template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                        "LogGroupName", name,
                        "RetentionInDays", 90));
            }
        }

        @Test
        void inboxFeedsTheIngestAliasInPartialBatches() {
            template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                    "EventSourceArn", getAtt(jobOrder.inbox(), "Arn"),
                    "FunctionName", aliasFunctionName(jobOrder.ingestAlias()),
                    "BatchSize", 10,
                    "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                    "ScalingConfig", Map.of("MaximumConcurrency", 10)));
        }

        @Test
        void streamFeedsNotifyWithBisectionBoundedRetriesAFailureQueueAndAFilter() {
            template.hasResourceProperties("AWS::Lambda::EventSourceMapping", properties(
                    "EventSourceArn", getAtt(jobOrder.table(), "StreamArn"),
                    "FunctionName", aliasFunctionName(jobOrder.notifyAlias()),
                    "StartingPosition", "TRIM_HORIZON",
                    "BatchSize", 20,
                    "ParallelizationFactor", 1,
                    "BisectBatchOnFunctionError", true,
                    "MaximumRetryAttempts", 5,
                    "MaximumRecordAgeInSeconds", 3600,
                    "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                    "DestinationConfig", Map.of("OnFailure", Map.of("Destination", getAtt(jobOrder.notifyDlq(), "Arn"))),
                    "FilterCriteria", Map.of("Filters", List.of(Map.of(
                            "Pattern", "{\"eventName\":[\"INSERT\",\"MODIFY\"]}")))));
        }

        @Test
        void filterFollowsTheKindsTheChannelNotifiesOn() {
            Stack stack = TestEnvironments.stack(new App(), "dev");
            ChannelsEnvironment env = TestEnvironments.environment(stack, TestEnvironments.envProps("dev").build());
            Channel removals = new Channel(stack, "Placement", env, ChannelProps.builder()
                    .name("Placement")
                    .notifyOn(ChangeKind.REMOVE, ChangeKind.INSERT)
                    .build());

            Template.fromStack(stack).hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                    "EventSourceArn", getAtt(removals.table(), "StreamArn"),
                    "FilterCriteria", Map.of("Filters", List.of(Map.of(
                            "Pattern", "{\"eventName\":[\"INSERT\",\"REMOVE\"]}")))));
        }

        @Test
        void memoryTimeoutsAndBatchSizesFollowTheOverrides() {
            tunedTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", "dev-placement-ingest",
                    "MemorySize", 2048,
                    "Timeout", 45,
                    "Runtime", "java25",
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
            tunedTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", "dev-placement-notify",
                    "MemorySize", 512,
                    "Timeout", 120,
                    "Runtime", "java25",
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
            tunedTemplate.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                    "EventSourceArn", getAtt(tuned.inbox(), "Arn"),
                    "BatchSize", 5,
                    "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                    "ScalingConfig", Map.of("MaximumConcurrency", 10)));
            tunedTemplate.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                    "EventSourceArn", getAtt(tuned.table(), "StreamArn"),
                    "BatchSize", 50,
                    "BisectBatchOnFunctionError", true,
                    "MaximumRetryAttempts", 5,
                    "DestinationConfig", Map.of("OnFailure", Map.of("Destination", getAtt(tuned.notifyDlq(), "Arn")))));
        }
    }

    /** {@link ChannelGrants}: what each role may do, and nothing more. */
    @Nested
    class Grants {
        @Test
        void ingestMayConsumeItsInboxWriteItsTableAndPutClaimChecksIntoItsArchiveOnly() {
            template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                    "Roles", List.of(ref(jobOrder.ingestFunction().getRole())),
                    "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
                            Map.of("Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                    "Effect", "Allow",
                                    "Resource", getAtt(jobOrder.ingestFunction().getLogGroup(), "Arn")),
                            Map.of("Action", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                                    "Effect", "Allow",
                                    "Resource", "*"),
                            // What the SQS event source mapping needs, and the key only through SQS.
                            Map.of("Action", List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                                    "Effect", "Allow",
                                    "Resource", getAtt(jobOrder.inbox(), "Arn")),
                            keyVia("sqs", List.of("kms:Decrypt")),
                            Map.of("Action", List.of("dynamodb:PutItem", "dynamodb:GetItem"),
                                    "Effect", "Allow",
                                    "Resource", getAtt(jobOrder.table(), "Arn")),
                            keyVia("dynamodb", List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")),
                            Map.of("Action", "s3:PutObject",
                                    "Effect", "Allow",
                                    "Resource", archiveObjects(jobOrder, "payloads/*")),
                            keyVia("s3", List.of("kms:GenerateDataKey")),
                            Map.of("Action", "sqs:SendMessage",
                                    "Effect", "Allow",
                                    "Resource", getAtt(jobOrder.inboxDlq(), "Arn")),
                            keyVia("sqs", List.of("kms:Decrypt", "kms:GenerateDataKey"))))));
        }

        @Test
        void ingestWritesTheRawArchiveOnlyWhenTheChannelKeepsOne() {
            configuredTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of(
                    "Roles", List.of(ref(configured.ingestFunction().getRole())),
                    "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", Match.arrayWith(List.of(
                            Map.of("Action", "s3:PutObject",
                                    "Effect", "Allow",
                                    "Resource", List.of(archiveObjects(configured, "payloads/*"),
                                            archiveObjects(configured, "raw/*"))))))));
        }

        @Test
        void notifyMayReadTheStreamTheSecretAndClaimChecksKeepItsLedgerAndSendToItsDlqOnly() {
            template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                    "Roles", List.of(ref(jobOrder.notifyFunction().getRole())),
                    "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
                            Map.of("Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                    "Effect", "Allow",
                                    "Resource", getAtt(jobOrder.notifyFunction().getLogGroup(), "Arn")),
                            Map.of("Action", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                                    "Effect", "Allow",
                                    "Resource", "*"),
                            // What the stream event source mapping needs, and the key only through DynamoDB.
                            Map.of("Action", List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                                            "dynamodb:GetShardIterator"),
                                    "Effect", "Allow",
                                    "Resource", getAtt(jobOrder.table(), "StreamArn")),
                            Map.of("Action", "dynamodb:ListStreams",
                                    "Effect", "Allow",
                                    "Resource", "*"),
                            keyVia("dynamodb", List.of("kms:Decrypt")),
                            Map.of("Action", "secretsmanager:GetSecretValue",
                                    "Effect", "Allow",
                                    "Resource", ref(environment.slackSecret())),
                            keyVia("secretsmanager", List.of("kms:Decrypt")),
                            // PostLedger: claim (conditional put), complete (conditional update), release
                            // (conditional delete), read (a refused claim, priming). Nothing else: no Scan, no Query,
                            // and only the entries of this channel in the env's shared table.
                            Map.of("Action", List.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
                                    "Condition", Map.of("ForAllValues:StringLike", Map.of(
                                            "dynamodb:LeadingKeys", List.of("notify#JobOrder#*"))),
                                    "Effect", "Allow",
                                    "Resource", getAtt(environment.idempotencyTable(), "Arn")),
                            keyVia("dynamodb", List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")),
                            Map.of("Action", "s3:GetObject",
                                    "Effect", "Allow",
                                    "Resource", archiveObjects(jobOrder, "payloads/*")),
                            keyVia("s3", List.of("kms:Decrypt")),
                            // Parking: its own notices queue, through SQS with the env key.
                            Map.of("Action", "sqs:SendMessage",
                                    "Effect", "Allow",
                                    "Resource", getAtt(jobOrder.noticesQueue(), "Arn")),
                            keyVia("sqs", List.of("kms:Decrypt", "kms:GenerateDataKey")),
                            Map.of("Action", "sqs:SendMessage",
                                    "Effect", "Allow",
                                    "Resource", getAtt(jobOrder.notifyDlq(), "Arn"))))));
        }

        @Test
        void eachNotifyMayTouchOnlyItsOwnChannelsLedgerEntriesUnderTheKeysItWrites() {
            template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                    "Roles", List.of(ref(candidate.notifyFunction().getRole())),
                    "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of(
                            "Action", List.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
                            "Condition", Map.of("ForAllValues:StringLike", Map.of(
                                    "dynamodb:LeadingKeys", List.of(LedgerTable.keyPrefix("Candidate") + "*"))),
                            "Effect", "Allow",
                            "Resource", getAtt(environment.idempotencyTable(), "Arn")))))));
            assertThat(LedgerTable.keyPrefix("Candidate")).isEqualTo("notify#Candidate#");
        }

        @Test
        void noKmsStatementWithoutACondition() {
            List<String> unconditioned = new ArrayList<>();
            for (Template synthesized : List.of(template, configuredTemplate)) {
                synthesized.findResources("AWS::IAM::Policy").forEach((id, resource) -> statements(resource).forEach(statement -> {
                    Object action = statement.get("Action");
                    boolean kms = (action instanceof List<?> list ? list : List.of(action)).stream()
                            .anyMatch(one -> String.valueOf(one).startsWith("kms:"));
                    if (kms && statement.get("Condition") == null) {
                        unconditioned.add(id + ": " + statement);
                    }
                }));
            }
            assertThat(unconditioned).isEmpty();
        }

        @Test
        void noPolicyUsesAWildcardAction() {
            List<String> wildcardActions = new ArrayList<>();
            template.findResources("AWS::IAM::Policy").forEach((id, resource) -> statements(resource).forEach(statement -> {
                Object action = statement.get("Action");
                for (Object one : action instanceof List<?> list ? list : List.of(action)) {
                    if (String.valueOf(one).contains("*")) {
                        wildcardActions.add(id + ": " + one);
                    }
                }
            }));
            assertThat(wildcardActions).isEmpty();
        }

        @Test
        void ourRolesHaveNoManagedPolicies() {
            for (var role : List.of(jobOrder.ingestFunction().getRole(), jobOrder.notifyFunction().getRole(),
                    jobOrder.apiRole())) {
                assertThat(template.findResources("AWS::IAM::Role", Map.of("Properties", Map.of(
                        "ManagedPolicyArns", Match.anyValue()))))
                        .doesNotContainKey(logicalId(role));
            }
        }
    }

    /** {@link ChannelApi}: the route, its integration and API Gateway's role. */
    @Nested
    class Api {
        @Test
        void routesPostOfTheKebabPathToTheInboxWithoutLambda() {
            template.hasResourceProperties("AWS::ApiGateway::Resource", Map.of(
                    "PathPart", "job-order",
                    "RestApiId", ref(environment.api())));
            template.hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                    "HttpMethod", "POST",
                    "ResourceId", ref(jobOrder.route()),
                    "AuthorizationType", "AWS_IAM",
                    "RequestValidatorId", ref(environment.requestValidator()),
                    "Integration", Match.objectLike(Map.of(
                            "Type", "AWS",
                            "IntegrationHttpMethod", "POST",
                            "Credentials", getAtt(jobOrder.apiRole(), "Arn"),
                            "PassthroughBehavior", "NEVER",
                            "RequestParameters", Map.of("integration.request.header.Content-Type",
                                    "'application/x-www-form-urlencoded'"),
                            "RequestTemplates", Map.of("application/json",
                                    "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"),
                            "Uri", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                    ":apigateway:eu-west-1:sqs:path/123456789012/",
                                    getAtt(jobOrder.inbox(), "QueueName"))))))));
        }

        @Test
        void integrationRoleMaySendToItsInboxOnly() {
            template.hasResourceProperties("AWS::IAM::Role", Map.of(
                    "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
                            "Action", "sts:AssumeRole",
                            "Effect", "Allow",
                            "Principal", Map.of("Service", "apigateway.amazonaws.com"))))),
                    "ManagedPolicyArns", Match.absent()));
            template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                    "Roles", List.of(ref(jobOrder.apiRole())),
                    "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
                            Map.of("Action", "sqs:SendMessage",
                                    "Effect", "Allow",
                                    "Resource", getAtt(jobOrder.inbox(), "Arn")),
                            keyVia("sqs", List.of("kms:Decrypt", "kms:GenerateDataKey"))))));
        }
    }

    /** {@link ChannelMonitoring}: the alarms and the dashboard row. */
    @Nested
    class Monitoring {
        @Test
        void raisesEachAlarmOnTheEnvTopic() {
            Map<String, List<Object>> alarms = Map.ofEntries(
                    Map.entry("dev-job-order-inbox-dlq-depth", List.of("ApproximateNumberOfMessagesVisible", 0)),
                    Map.entry("dev-job-order-notify-dlq-depth", List.of("ApproximateNumberOfMessagesVisible", 0)),
                    Map.entry("dev-job-order-notices-depth", List.of("ApproximateNumberOfMessagesVisible", 0)),
                    Map.entry("dev-job-order-inbox-age", List.of("ApproximateAgeOfOldestMessage", 900)),
                    Map.entry("dev-job-order-ingest-errors", List.of("Errors", 0)),
                    Map.entry("dev-job-order-ingest-throttles", List.of("Throttles", 0)),
                    Map.entry("dev-job-order-notify-errors", List.of("Errors", 0)),
                    Map.entry("dev-job-order-notify-throttles", List.of("Throttles", 0)),
                    Map.entry("dev-job-order-stream-iterator-age", List.of("IteratorAge", 300_000)),
                    Map.entry("dev-job-order-api-5xx", List.of("5XXError", 0)),
                    Map.entry("dev-job-order-ingest-failed", List.of("failed", 0)),
                    Map.entry("dev-job-order-notify-failed", List.of("failed", 0)),
                    Map.entry("dev-job-order-slack-rejected", List.of("slack_rejected", 0)));
            alarms.forEach((name, metricAndThreshold) -> template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "AlarmName", name,
                    "MetricName", metricAndThreshold.get(0),
                    "Threshold", metricAndThreshold.get(1),
                    "ComparisonOperator", "GreaterThanThreshold",
                    "EvaluationPeriods", 1,
                    "TreatMissingData", "notBreaching",
                    "AlarmActions", List.of(ref(environment.alarmTopic())))));
            // Thirteen per channel, plus the env's own alarm on undeliverable alarm notifications.
            template.resourceCountIs("AWS::CloudWatch::Alarm", 2 * alarms.size() + 1);
        }

        @Test
        void noticesDepthAlarmSaysHowToRedriveWithThisChannelsQueueLedgerAndSecret() {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "AlarmName", "dev-job-order-notices-depth",
                    "Namespace", "AWS/SQS",
                    "MetricName", "ApproximateNumberOfMessagesVisible",
                    "Dimensions", List.of(Map.of("Name", "QueueName", "Value", getAtt(jobOrder.noticesQueue(), "QueueName"))),
                    "AlarmDescription", Map.of("Fn::Join", List.of("", List.of(
                            "Changes parked after Slack failed; fix Slack and run `java -jar tools/target/channels-tools.jar "
                                    + "redrive-notices --queue-url ",
                            ref(jobOrder.noticesQueue()),
                            " --ledger-table ",
                            ref(environment.idempotencyTable()),
                            " --secret-id ",
                            ref(environment.slackSecret()),
                            "` (docs/operations.md, 'Redriving parked notices')")))));
        }

        @Test
        void api5xxAlarmWatchesThisRouteOnly() {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "AlarmName", "dev-job-order-api-5xx",
                    "Namespace", "AWS/ApiGateway",
                    "Statistic", "Sum",
                    "Dimensions", List.of(
                            Map.of("Name", "ApiName", "Value", "dev-channels-api"),
                            Map.of("Name", "Method", "Value", "POST"),
                            Map.of("Name", "Resource", "Value", "/job-order"),
                            Map.of("Name", "Stage", "Value", "v1"))));
        }

        @Test
        void failureAlarmsWatchTheHandlersOwnMetricsOfThisChannel() {
            Map<String, List<String>> alarms = Map.of(
                    "dev-job-order-ingest-failed", List.of("failed", "ingest"),
                    "dev-job-order-notify-failed", List.of("failed", "notify"),
                    "dev-job-order-slack-rejected", List.of("slack_rejected", "notify"));
            alarms.forEach((name, metricAndHandler) -> template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "AlarmName", name,
                    "Namespace", "Channels",
                    "MetricName", metricAndHandler.get(0),
                    "Statistic", "Sum",
                    "Period", 300,
                    "Dimensions", List.of(
                            Map.of("Name", "Channel", "Value", "JobOrder"),
                            Map.of("Name", "Env", "Value", "dev"),
                            Map.of("Name", "Handler", "Value", metricAndHandler.get(1))),
                    "TreatMissingData", "notBreaching")));
        }

        @Test
        void streamIteratorAgeAlarmWatchesNotify() {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "AlarmName", "dev-job-order-stream-iterator-age",
                    "Namespace", "AWS/Lambda",
                    "Statistic", "Maximum",
                    "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(jobOrder.notifyFunction())))));
        }

        @Test
        void dashboardRowGraphsTheHandlersOutcomes() {
            Map<String, JsonNode> widgets = dashboardWidgetsByTitle();

            assertThat(metricsOf(widgets.get("JobOrder: Ingest outcomes"))).containsExactly(
                    handlerMetric("received", "JobOrder", "ingest"),
                    handlerMetric("written", "JobOrder", "ingest"),
                    handlerMetric("duplicate", "JobOrder", "ingest"),
                    handlerMetric("stale", "JobOrder", "ingest"),
                    handlerMetric("parked", "JobOrder", "ingest"),
                    handlerMetric("failed", "JobOrder", "ingest"));
            assertThat(metricsOf(widgets.get("JobOrder: Notify and Slack"))).containsExactly(
                    handlerMetric("received", "JobOrder", "notify"),
                    handlerMetric("duplicate", "JobOrder", "notify"),
                    handlerMetric("failed", "JobOrder", "notify"),
                    handlerMetric("slack_posted", "JobOrder", "notify"),
                    handlerMetric("slack_retried", "JobOrder", "notify"),
                    handlerMetric("slack_rejected", "JobOrder", "notify"),
                    handlerMetric("parked", "JobOrder", "notify"));
            assertThat(widgets).containsKeys("Candidate: Ingest outcomes", "Candidate: Notify and Slack");
        }

        @Test
        void dashboardRowIsATitleOverFourQuarterGraphsAndTwoHalfGraphs() {
            List<JsonNode> row = dashboardWidgets().stream()
                    .filter(widget -> widget.path("properties").path("title").asText().startsWith("JobOrder: ")
                            || widget.path("properties").path("markdown").asText().startsWith("## JobOrder "))
                    .toList();

            assertThat(row).extracting(widget -> widget.path("properties").path("markdown").asText(
                    widget.path("properties").path("title").asText())).containsExactly(
                    "## JobOrder (`POST /job-order`)", "JobOrder: API", "JobOrder: Inbox", "JobOrder: Functions",
                    "JobOrder: Dead letters", "JobOrder: Ingest outcomes", "JobOrder: Notify and Slack");
            assertThat(row).extracting(widget -> widget.path("width").asInt()).containsExactly(24, 6, 6, 6, 6, 12, 12);
            assertThat(row.get(0).path("height").asInt()).isEqualTo(1);
        }
    }

    /** {@link Channel} itself: one per name and env, names AWS accepts, getters, removal. */
    @Nested
    class Composition {
        @Test
        void aChannelNameAppearsOncePerEnv() {
            Stack stack = TestEnvironments.stack(new App(), "dev");
            ChannelsEnvironment env = TestEnvironments.environment(stack, TestEnvironments.envProps("dev").build());
            new Channel(stack, "First", env, TestEnvironments.candidate());

            assertThatThrownBy(() -> new Channel(stack, "Second", env, TestEnvironments.candidate()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("channel 'Candidate' is defined twice in env 'dev': list each channel once (its resource "
                            + "names would collide)");
        }

        @Test
        void aChannelNameTooLongForAnAwsLimitFailsAtSynthTime() {
            Stack stack = TestEnvironments.stack(new App(), "dev");
            ChannelsEnvironment env = TestEnvironments.environment(stack, TestEnvironments.envProps("dev").build());
            ChannelProps longName = ChannelProps.builder().name("CandidateApplicationStatusHistory").build();

            assertThatThrownBy(() -> new Channel(stack, "Long", env, longName))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("S3 bucket name 'dev-candidate-application-status-history-archive-123456789012-eu-west-1'"
                            + " is 71 characters, over AWS's limit of 63: shorten the channel name or the env name 'dev'");
        }

        @Test
        void aStackWithoutAccountAndRegionCannotNameBuckets() {
            Stack envAgnostic = new Stack(new App(), "dev-channels", StackProps.builder().build());

            assertThatThrownBy(() -> TestEnvironments.environment(envAgnostic, TestEnvironments.envProps("dev").build()))
                    .hasMessage("bucket names include the account and region, so the stack needs an explicit env: "
                            + "give the stack of env 'dev' an account and a region (the Channels app takes them from -c account=... "
                            + "-c region=..., cdk.json or the CLI's credentials)");
        }

        @Test
        void gettersExposeWhatTheChannelCreated() {
            assertThat(jobOrder.props().name()).isEqualTo("JobOrder");
            assertThat(logicalId(jobOrder.table())).startsWith("JobOrderTable");
            assertThat(logicalId(jobOrder.inbox())).startsWith("JobOrderInbox");
            assertThat(logicalId(jobOrder.archiveBucket())).startsWith("JobOrderArchive");
            assertThat(jobOrder.postMethod().getHttpMethod()).isEqualTo("POST");
        }

        @Test
        void nonProductionEnvsDeleteEverythingOnDestroy() {
            for (String type : List.of("AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::S3::Bucket", "AWS::Logs::LogGroup")) {
                template.allResources(type, Map.of("DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete"));
            }
            template.hasResourceProperties("Custom::S3AutoDeleteObjects", Map.of("BucketName",
                    ref(jobOrder.archiveBucket())));
        }
    }

    /**
     * The env dashboard's widgets, in order. The body is JSON joined with tokens (the region); each token sits
     * inside a JSON string, so a placeholder keeps it parseable.
     */
    private List<JsonNode> dashboardWidgets() {
        Map<String, Object> dashboard = template.findResources("AWS::CloudWatch::Dashboard").values().iterator().next();
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) ((Map<String, Object>) dashboard.get("Properties"))
                .get("DashboardBody");
        @SuppressWarnings("unchecked")
        List<Object> parts = (List<Object>) ((List<Object>) body.get("Fn::Join")).get(1);
        StringBuilder json = new StringBuilder();
        parts.forEach(part -> json.append(part instanceof String text ? text : "<token>"));
        List<JsonNode> widgets = new ArrayList<>();
        try {
            new ObjectMapper().readTree(json.toString()).path("widgets").forEach(widgets::add);
        } catch (JsonProcessingException e) {
            throw new AssertionError("dashboard body is not JSON: " + json, e);
        }
        return widgets;
    }

    /** The env dashboard's graphs by title. */
    private Map<String, JsonNode> dashboardWidgetsByTitle() {
        Map<String, JsonNode> widgets = new HashMap<>();
        dashboardWidgets().forEach(widget -> widgets.put(widget.path("properties").path("title").asText(), widget));
        return widgets;
    }

    private static List<JsonNode> metricsOf(JsonNode widget) {
        List<JsonNode> metrics = new ArrayList<>();
        widget.path("properties").path("metrics").forEach(metrics::add);
        return metrics;
    }

    /** A dashboard metric as CloudWatch writes it: namespace, name, dimension pairs (sorted), rendering options. */
    private static JsonNode handlerMetric(String metricName, String channel, String handler) {
        ArrayNode metric = JsonNodeFactory.instance.arrayNode()
                .add("Channels").add(metricName)
                .add("Channel").add(channel)
                .add("Env").add("dev")
                .add("Handler").add(handler);
        metric.addObject().put("stat", "Sum");
        return metric;
    }

    /** {@code <archive bucket ARN>/<pattern>}, as CDK writes a grant on objects. */
    private static Map<String, Object> archiveObjects(Channel channel, String pattern) {
        return Map.of("Fn::Join", List.of("", List.of(getAtt(channel.archiveBucket(), "Arn"), "/" + pattern)));
    }

    private Map<String, Object> keyVia(String service, List<String> actions) {
        return Map.of("Action", actions.size() == 1 ? actions.get(0) : actions,
                "Condition", Map.of("StringEquals", Map.of("kms:ViaService", service + ".eu-west-1.amazonaws.com")),
                "Effect", "Allow",
                "Resource", Map.of("Fn::GetAtt", List.of(logicalId(environment.key()), "Arn")));
    }

    /** How CDK names an alias in an event source mapping: {@code <function name>:live}. */
    private static Map<String, Object> aliasFunctionName(Alias alias) {
        return Map.of("Fn::Join", List.of("", List.of(
                Map.of("Fn::Select", List.of(6, Map.of("Fn::Split", List.of(":", ref(alias))))),
                ":live")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> policy) {
        Map<String, Object> properties = (Map<String, Object>) policy.get("Properties");
        Map<String, Object> document = (Map<String, Object>) properties.get("PolicyDocument");
        return (List<Map<String, Object>>) document.get("Statement");
    }
}
