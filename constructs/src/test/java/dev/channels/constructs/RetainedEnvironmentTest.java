package dev.channels.constructs;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** A production env (retain): its data outlives the stack and cannot be deleted by accident. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetainedEnvironmentTest {
    private Template template;

    @BeforeAll
    void synthesize() {
        Stack stack = TestEnvironments.stack(new App(), "prod");
        ChannelsEnvironment environment = TestEnvironments.environment(stack,
                TestEnvironments.envProps("prod").retain(true).build());
        new Channel(stack, "JobOrder", environment, TestEnvironments.jobOrder());
        template = Template.fromStack(stack);
    }

    @Test
    void statefulResourcesAreRetained() {
        for (String type : List.of("AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::S3::Bucket", "AWS::Logs::LogGroup",
                "AWS::KMS::Key", "AWS::SecretsManager::Secret")) {
            template.allResources(type, Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        }
    }

    @Test
    void tableHasDeletionProtectionAndPointInTimeRecovery() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TableName", "prod-job-order",
                "DeletionProtectionEnabled", true,
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
    }

    @Test
    void idempotencyTableHasDeletionProtection() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TableName", "prod-channels-notify-ledger",
                "DeletionProtectionEnabled", true,
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
    }

    @Test
    void bucketsAreNeverEmptiedAutomatically() {
        template.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
        template.allResourcesProperties("AWS::S3::Bucket", Map.of("Tags", Match.absent()));
    }

    @Test
    void keyKeepsTheDefaultPendingWindow() {
        template.hasResourceProperties("AWS::KMS::Key", Map.of("PendingWindowInDays", Match.absent()));
    }
}
