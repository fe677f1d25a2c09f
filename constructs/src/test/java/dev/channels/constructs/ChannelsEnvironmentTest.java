package dev.channels.constructs;

import static dev.channels.constructs.TestEnvironments.getAtt;
import static dev.channels.constructs.TestEnvironments.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * What an environment shares between its channels, asserted on a dev stack with one channel, in one group per
 * class the environment is composed of.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelsEnvironmentTest {
    private ChannelsEnvironment environment;
    private Template template;

    @BeforeAll
    void synthesize() {
        Stack stack = TestEnvironments.stack(new App(), "dev");
        environment = TestEnvironments.environment(stack, TestEnvironments.envProps("dev").build());
        // A REST API needs at least one method to synthesize.
        new Channel(stack, "Candidate", environment, TestEnvironments.candidate());
        template = Template.fromStack(stack);
    }

    /** {@link EnvironmentKey}: the env key and who may use it. */
    @Nested
    class Key {
        @Test
        void keyRotatesAndLetsCloudWatchAlarmsOfThisAccountOnlyUseTheEncryptedTopic() {
            template.hasResourceProperties("AWS::KMS::Key", Map.of(
                    "EnableKeyRotation", true,
                    "PendingWindowInDays", 7,
                    "KeyPolicy", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Map.of(
                            "Sid", "AllowCloudWatchAlarmsToPublishToEncryptedTopic",
                            "Action", List.of("kms:Decrypt", "kms:GenerateDataKey"),
                            "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", TestEnvironments.ACCOUNT)),
                            "Effect", "Allow",
                            "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                            "Resource", "*")))))));
            template.hasResourceProperties("AWS::KMS::Alias", Map.of("AliasName", "alias/dev-channels-key"));
        }

        @Test
        @SuppressWarnings("unchecked")
        void everyServicePrincipalOfTheKeyPolicyIsBoundToItsSource() {
            List<Map<String, Object>> statements = new ArrayList<>();
            template.findResources("AWS::KMS::Key").values().forEach(key -> statements.addAll((List<Map<String, Object>>)
                    ((Map<String, Object>) ((Map<String, Object>) key.get("Properties")).get("KeyPolicy")).get("Statement")));
            List<Map<String, Object>> services = statements.stream()
                    .filter(statement -> ((Map<String, Object>) statement.get("Principal")).containsKey("Service")).toList();

            assertThat(services).extracting(statement -> ((Map<String, Object>) statement.get("Principal")).get("Service"))
                    .containsExactlyInAnyOrder("cloudwatch.amazonaws.com", "sns.amazonaws.com");
            assertThat(services).allSatisfy(statement -> assertThat(String.valueOf(statement.get("Condition")))
                    .containsAnyOf("aws:SourceAccount", "aws:SourceArn"));
        }
    }

    /** {@link AccessLogBucket}: where every bucket of the env logs its access. */
    @Nested
    class AccessLogs {
        @Test
        void accessLogBucketIsPrivateTlsOnlyAndExpiresLogs() {
            template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                    "BucketName", "dev-channels-access-logs-123456789012-eu-west-1",
                    "OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))),
                    "AccessControl", Match.absent(),
                    "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                            "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                    "PublicAccessBlockConfiguration", Map.of(
                            "BlockPublicAcls", true,
                            "BlockPublicPolicy", true,
                            "IgnorePublicAcls", true,
                            "RestrictPublicBuckets", true),
                    "LifecycleConfiguration", Map.of("Rules", List.of(Map.of(
                            "Id", "expire-access-logs",
                            "Status", "Enabled",
                            "ExpirationInDays", 90,
                            "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7))))));
        }

        @Test
        void oneLogBucketStatementAdmitsTheServerAccessLogsOfEveryBucketOfTheEnv() {
            template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                    "Bucket", ref(environment.accessLogBucket()),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                            Match.objectLike(Map.of(
                                    "Effect", "Deny",
                                    "Action", "s3:*",
                                    "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                            Map.of("Sid", "AllowServerAccessLogsOfThisEnv",
                                    "Action", "s3:PutObject",
                                    "Effect", "Allow",
                                    "Principal", Map.of("Service", "logging.s3.amazonaws.com"),
                                    "Resource", Map.of("Fn::Join", List.of("", List.of(
                                            getAtt(environment.accessLogBucket(), "Arn"), "/*"))),
                                    "Condition", Map.of(
                                            "ArnLike", Map.of("aws:SourceArn", Map.of("Fn::Join", List.of("", List.of(
                                                    "arn:", Map.of("Ref", "AWS::Partition"), ":s3:::dev-*")))),
                                            "StringEquals", Map.of("aws:SourceAccount", "123456789012")))))))));
        }
    }

    /** {@link EnvironmentAlarms}: where alarms go. */
    @Nested
    class Alarms {
        @Test
        void alarmTopicIsEncryptedTlsOnlyAndMailsTheRecipientWithARedrivePolicy() {
            template.hasResourceProperties("AWS::SNS::Topic", Map.of(
                    "TopicName", "dev-channels-alarms",
                    "KmsMasterKeyId", getAtt(environment.key(), "Arn")));
            template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
                    "Topics", List.of(ref(environment.alarmTopic())),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", List.of(
                            Map.of("Sid", "AllowPublishThroughSSLOnly",
                                    "Action", "sns:Publish",
                                    "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")),
                                    "Effect", "Deny",
                                    "Principal", "*",
                                    "Resource", ref(environment.alarmTopic())),
                            Match.objectLike(Map.of(
                                    "Sid", "AllowCloudWatchAlarmsOfThisAccount",
                                    "Action", "sns:Publish",
                                    "Effect", "Allow",
                                    "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                                    "Condition", Match.objectLike(Map.of(
                                            "StringEquals", Map.of("aws:SourceAccount", "123456789012"))))))))));
            template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                    "Protocol", "email",
                    "Endpoint", "alarms@example.com",
                    "TopicArn", ref(environment.alarmTopic()),
                    "RedrivePolicy", Map.of("deadLetterTargetArn", getAtt(environment.alarmDeliveryDlq(), "Arn"))));
            template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", "dev-channels-alarm-delivery-dlq",
                    "KmsMasterKeyId", getAtt(environment.key(), "Arn")));
        }
    }

    /** {@link EnvironmentApi}: the REST API every channel adds its route to. */
    @Nested
    class Api {
        @Test
        void oneRegionalRestApiPerEnvWithIamAuthByDefault() {
            template.resourceCountIs("AWS::ApiGateway::RestApi", 1);
            template.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of(
                    "Name", "dev-channels-api",
                    "EndpointConfiguration", Map.of("Types", List.of("REGIONAL"))));
            template.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of(
                    "RestApiId", ref(environment.api()),
                    "ValidateRequestBody", true,
                    "ValidateRequestParameters", true));
            template.resourceCountIs("AWS::ApiGateway::Account", 0);
        }

        @Test
        void stageLogsJsonAccessLinesTracesAndThrottlesFromTheSettings() {
            template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                    "StageName", "v1",
                    "TracingEnabled", true,
                    "AccessLogSetting", Map.of(
                            "DestinationArn", getAtt(environment.apiAccessLogs(), "Arn"),
                            "Format", "{\"requestId\":\"$context.requestId\",\"requestTime\":\"$context.requestTime\","
                                    + "\"caller\":\"$context.identity.userArn\",\"sourceIp\":\"$context.identity.sourceIp\","
                                    + "\"httpMethod\":\"$context.httpMethod\",\"resourcePath\":\"$context.resourcePath\","
                                    + "\"status\":\"$context.status\",\"responseLength\":\"$context.responseLength\","
                                    + "\"integrationStatus\":\"$context.integrationStatus\","
                                    + "\"integrationError\":\"$context.integrationErrorMessage\","
                                    + "\"error\":\"$context.error.message\","
                                    + "\"validationError\":\"$context.error.validationErrorString\","
                                    + "\"xrayTraceId\":\"$context.xrayTraceId\"}"),
                    "MethodSettings", List.of(Map.of(
                            "HttpMethod", "*",
                            "ResourcePath", "/*",
                            "DataTraceEnabled", false,
                            "MetricsEnabled", true,
                            "ThrottlingRateLimit", 50,
                            "ThrottlingBurstLimit", 100))));
            template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                    "LogGroupName", "dev-channels-api-access",
                    "RetentionInDays", 90));
        }
    }

    /** The env dashboard every channel adds its row to. */
    @Nested
    class Dashboard {
        @Test
        void oneDashboardPerEnv() {
            template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
            template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "dev-channels"));
            // Only the one cfn-lint rule whose schema lags CloudFormation (Tags on dashboards) is suppressed, here only.
            template.hasResource("AWS::CloudWatch::Dashboard", Map.of("Metadata", Map.of(
                    "cfn-lint", Map.of("config", Map.of("ignore_checks", List.of("E3002"))))));
        }
    }

    /** {@link SlackWebhookSecret}: the webhook URL, never in the template. */
    @Nested
    class Secret {
        @Test
        void slackSecretIsCreatedEncryptedUnderTheEnvPrefixWithoutItsValueInTheTemplate() {
            template.hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                    "Name", "dev/channels/slack-webhook",
                    "KmsKeyId", getAtt(environment.key(), "Arn"),
                    "GenerateSecretString", Map.of(),
                    "SecretString", Match.absent()));
        }

        @Test
        void settingsMayNameTheSecret() {
            Stack stack = TestEnvironments.stack(new App(), "dev");
            ChannelsEnvironment env = TestEnvironments.environment(stack,
                    TestEnvironments.envProps("dev").slackSecretName("dev/slack/ops-webhook").build());
            new Channel(stack, "Candidate", env, TestEnvironments.candidate());

            Template.fromStack(stack).hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                    "Name", "dev/slack/ops-webhook"));
        }
    }

    /** {@link NotifyLedger}: notify's idempotency table. */
    @Nested
    class Ledger {
        @Test
        void oneIdempotencyTableForNotifyKeyedByIdWithTtlPitrAndTheEnvKey() {
            template.hasResource("AWS::DynamoDB::Table", Map.of(
                    "Properties", Map.of(
                            "TableName", "dev-channels-notify-ledger",
                            "KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")),
                            "AttributeDefinitions", List.of(Map.of("AttributeName", "id", "AttributeType", "S")),
                            "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                            "BillingMode", "PAY_PER_REQUEST",
                            "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                            "SSESpecification", Map.of(
                                    "KMSMasterKeyId", getAtt(environment.key(), "Arn"),
                                    "SSEEnabled", true,
                                    "SSEType", "KMS"),
                            "DeletionProtectionEnabled", false,
                            "StreamSpecification", Match.absent()),
                    "DeletionPolicy", "Delete",
                    "UpdateReplacePolicy", "Delete"));
            assertThat(TestEnvironments.logicalId(environment.idempotencyTable())).startsWith("EnvironmentIdempotencyTable");
        }
    }
}
