package dev.channels.local.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.local.Fixtures;
import dev.channels.local.catalog.Emulation;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.catalog.ResourceType;
import dev.channels.local.service.Inventory;
import dev.channels.local.template.ResolvedStack;
import org.junit.jupiter.api.Test;

class InventoryTest {
    private final ResolvedStack stack = Fixtures.stack();
    private final Inventory inventory = Inventory.of(stack.stackName(), stack.template().resources().values(),
            stack.catalog(), stack.intrinsics());

    @Test
    void classifiesEveryTypeOfTheTemplate() {
        assertThat(inventory.entries(Emulation.EMULATED)).extracting(Inventory.Entry::type).containsExactly(
                "AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SQS::Queue", "AWS::SecretsManager::Secret");
        assertThat(inventory.entries(Emulation.ACCEPTED_NOT_EMULATED)).extracting(Inventory.Entry::type).containsExactly(
                "AWS::CDK::Metadata", "AWS::CloudWatch::Alarm", "AWS::IAM::Role", "AWS::KMS::Key",
                "AWS::Lambda::Alias", "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Function", "AWS::Lambda::Version",
                "AWS::Logs::LogGroup", "Custom::S3AutoDeleteObjects");
        assertThat(inventory.entries(Emulation.UNKNOWN)).extracting(Inventory.Entry::type).containsExactly("AWS::Pipes::Pipe");
        int listed = inventory.entries().stream().mapToInt(entry -> entry.logicalIds().size()).sum();
        assertThat(listed + inventory.skipped().size())
                .as("every resource is listed or skipped, none dropped")
                .isEqualTo(stack.template().resources().size());
    }

    @Test
    void resourcesWhoseConditionIsFalseAreListedAsNotCreated() {
        assertThat(inventory.skipped()).containsExactly("ProdOnlyTable4C1D2E3F (AWS::DynamoDB::Table): condition IsProd is false");
        assertThat(inventory.entries(Emulation.EMULATED).get(0).logicalIds())
                .containsExactly("JobOrderTable7857BD03", "JobOrderHistoryB1E5F0C2");
    }

    @Test
    void theReportListsEachGroupWithTheNoteOfEachType() {
        inventory.note(stack.resource("JobOrderInbox9156956C"), "KmsMasterKeyId (no encryption at rest locally)");
        inventory.note(stack.resource("JobOrderInboxDlq7ED0581D"), "KmsMasterKeyId (no encryption at rest locally)");

        String report = inventory.report();

        assertThat(report).startsWith("Resources of stack test-channels:\n  emulated:\n");
        assertThat(report).containsPattern("    AWS::SQS::Queue +2  ElasticMQ\n");
        assertThat(report).contains("  accepted, not emulated:\n");
        assertThat(report).containsPattern("    AWS::CloudWatch::Alarm +1  alarms are not evaluated locally\n");
        assertThat(report).containsPattern("    AWS::KMS::Key +1  no encryption at rest locally\n");
        assertThat(report).contains("  unknown to the local cloud, not emulated:\n");
        assertThat(report).containsPattern("    AWS::Pipes::Pipe +1  not in the local cloud's catalog\n");
        assertThat(report).contains("    KmsMasterKeyId (no encryption at rest locally): JobOrderInbox9156956C, JobOrderInboxDlq7ED0581D\n");
    }

    @Test
    void aLaterLayerFlipsATypeToEmulatedInPlace() {
        ResourceCatalog catalog = ResourceCatalog.defaults();
        ResourceType function = catalog.find("AWS::Lambda::Function").orElseThrow();

        ResourceCatalog extended = catalog.with(function.withEmulation(Emulation.EMULATED, "one JVM per function"));

        assertThat(extended.emulation("AWS::Lambda::Function")).isEqualTo(Emulation.EMULATED);
        assertThat(extended.find("AWS::Lambda::Function").orElseThrow().attribute("Arn")).isPresent();
        assertThat(extended.types()).hasSameSizeAs(catalog.types());
        assertThat(catalog.emulation("AWS::Lambda::Function")).isEqualTo(Emulation.ACCEPTED_NOT_EMULATED);
        assertThat(catalog.emulation("Custom::Anything")).isEqualTo(Emulation.ACCEPTED_NOT_EMULATED);
        assertThat(catalog.emulation("AWS::Pipes::Pipe")).isEqualTo(Emulation.UNKNOWN);
    }
}
