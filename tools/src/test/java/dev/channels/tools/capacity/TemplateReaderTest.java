package dev.channels.tools.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings read from the dev template of the real app equal what the template says: each is compared with the
 * template's own property, and with the value the app is known to set (constructs' {@code Defaults}, cdk.json's dev
 * throttle), so a reader that followed the wrong reference fails.
 */
class TemplateReaderTest {
    private final Path template = Templates.devSnapshot();
    private final JsonNode json = Templates.read(template);

    @Test
    void readsJobOrdersSettingsAsTheTemplateHasThem() throws Exception {
        ChannelSettings jobOrder = TemplateReader.read(template, "JobOrder");

        JsonNode stage = Templates.properties(json, "AWS::ApiGateway::Stage", "EnvironmentApiDeploymentStage");
        JsonNode throttle = stage.get("MethodSettings").get(0);
        assertThat(jobOrder.api()).isEqualTo(new ChannelSettings.Api(stage.get("StageName").asText(),
                throttle.get("ThrottlingRateLimit").asDouble(), throttle.get("ThrottlingBurstLimit").asDouble(),
                "method settings /* *", stage.get("TracingEnabled").asBoolean(), true, 90));
        // cdk.json, dev: throttle rateLimit 50, burstLimit 100; the stage traces (X-Ray) and writes an access log.
        assertThat(jobOrder.api().rateLimit()).isEqualTo(50);
        assertThat(jobOrder.api().burstLimit()).isEqualTo(100);
        assertThat(jobOrder.route()).isEqualTo("/job-order");
        assertThat(jobOrder.env()).isEqualTo("dev");

        JsonNode inbox = Templates.properties(json, "AWS::SQS::Queue", "JobOrderInbox9");
        assertThat(jobOrder.inbox()).isEqualTo(new ChannelSettings.Inbox(inbox.get("QueueName").asText(),
                inbox.get("MaximumMessageSize").asInt(), true, 300));
        assertThat(inbox.has("KmsDataKeyReusePeriodSeconds")).as("the template leaves the reuse period to SQS's default")
                .isFalse();

        JsonNode source = Templates.properties(json, "AWS::Lambda::EventSourceMapping", "JobOrderIngestAliasInboxSource");
        assertThat(jobOrder.ingestSource()).isEqualTo(new ChannelSettings.SqsSource(source.get("BatchSize").asInt(),
                OptionalInt.of(source.get("ScalingConfig").get("MaximumConcurrency").asInt())));
        // Defaults.INGEST_BATCH_SIZE = 10, Defaults.INGEST_MAX_CONCURRENCY = 10.
        assertThat(jobOrder.ingestSource()).isEqualTo(new ChannelSettings.SqsSource(10, OptionalInt.of(10)));

        JsonNode ingest = Templates.properties(json, "AWS::Lambda::Function", "JobOrderIngest8");
        assertThat(jobOrder.ingestFunction()).isEqualTo(new ChannelSettings.Function(ingest.get("FunctionName").asText(),
                ingest.get("MemorySize").asInt(), ingest.get("Architectures").get(0).asText(), true,
                Templates.properties(json, "AWS::Logs::LogGroup", "JobOrderIngestLogs").get("RetentionInDays").asInt()));
        // Defaults.INGEST_MEMORY_MB = 1024, arm64, 3 months' retention.
        assertThat(jobOrder.ingestFunction()).isEqualTo(new ChannelSettings.Function("dev-job-order-ingest", 1024, "arm64",
                true, 90));

        JsonNode stream = Templates.properties(json, "AWS::Lambda::EventSourceMapping", "JobOrderNotifyAliasStreamSource");
        assertThat(jobOrder.notifySource()).isEqualTo(new ChannelSettings.StreamSource(stream.get("BatchSize").asInt(),
                stream.get("ParallelizationFactor").asInt()));
        // Defaults.NOTIFY_BATCH_SIZE = 20, NOTIFY_PARALLELIZATION_FACTOR = 1.
        assertThat(jobOrder.notifySource()).isEqualTo(new ChannelSettings.StreamSource(20, 1));
        assertThat(jobOrder.notifyFunction()).isEqualTo(new ChannelSettings.Function("dev-job-order-notify", 1024, "arm64",
                true, 90));

        JsonNode table = Templates.properties(json, "AWS::DynamoDB::Table", "JobOrderTable");
        JsonNode index = table.get("GlobalSecondaryIndexes").get(0);
        assertThat(jobOrder.table()).isEqualTo(new ChannelSettings.Table(table.get("TableName").asText(), true,
                List.of(new ChannelSettings.Index(index.get("IndexName").asText(),
                        index.get("Projection").get("ProjectionType").asText()))));
        assertThat(jobOrder.table().indexes()).containsExactly(new ChannelSettings.Index("by-status-updatedAt", "ALL"));
        assertThat(jobOrder.ledger()).isEqualTo(new ChannelSettings.Table("dev-channels-notify-ledger", true, List.of()));

        assertThat(jobOrder.archive()).isEqualTo(new ChannelSettings.Archive("dev-job-order-archive-111111111111-eu-west-1",
                false, true));
        assertThat(jobOrder.slackSecret()).isEqualTo(new ChannelSettings.Secret("dev/channels/slack-webhook", true));
        // docs/architecture.md, Alarms: 13 per channel; the env adds its alarm-delivery DLQ alarm.
        assertThat(jobOrder.alarms()).isEqualTo(13);
        assertThat(jobOrder.shared()).isEqualTo(new ChannelSettings.Shared(1, 1, 1, 1));
    }

    @Test
    void eachChannelGetsItsOwnResources() throws Exception {
        ChannelSettings candidate = TemplateReader.read(template, "Candidate");

        assertThat(candidate.route()).isEqualTo("/candidate");
        assertThat(candidate.inbox().name()).isEqualTo("dev-candidate-inbox");
        assertThat(candidate.table()).isEqualTo(new ChannelSettings.Table("dev-candidate", true, List.of()));
        assertThat(candidate.ingestFunction().name()).isEqualTo("dev-candidate-ingest");
        assertThat(candidate.notifyFunction().name()).isEqualTo("dev-candidate-notify");
        assertThat(candidate.alarms()).isEqualTo(13);
    }

    @Test
    void aChannelWhoseNameStartsAnotherOnesCountsOnlyItsOwnAlarms(@TempDir Path dir) throws Exception {
        // A channel "Job" next to "JobOrder": its alarms are dev-job-*, JobOrder's dev-job-order-*.
        ObjectNode changed = Templates.read(template);
        Templates.properties(changed, "AWS::Lambda::Function", "CandidateIngest").put("FunctionName", "dev-job-ingest");
        Path file = Templates.write(changed, dir.resolve("job.template.json"));

        assertThat(TemplateReader.read(file, "JobOrder").alarms()).isEqualTo(13);
        assertThat(TemplateReader.read(file, "Candidate").alarms()).as("no alarm is named dev-job-<role> but JobOrder's")
                .isZero();
    }

    @Test
    void findsAnEventSourceThatNamesItsFunctionAsText(@TempDir Path dir) throws Exception {
        // Another app may write FunctionName as "name:alias" instead of a Ref to the alias.
        ObjectNode changed = Templates.read(template);
        ObjectNode source = Templates.properties(changed, "AWS::Lambda::EventSourceMapping", "JobOrderIngestAliasInboxSource");
        source.put("FunctionName", "dev-job-order-ingest:live").put("BatchSize", 5);
        Path file = Templates.write(changed, dir.resolve("named.template.json"));

        assertThat(TemplateReader.read(file, "JobOrder").ingestSource().batchSize()).isEqualTo(5);
    }

    @Test
    void saysWhichChannelsTheTemplateHas() {
        assertThatThrownBy(() -> TemplateReader.read(template, "Placement"))
                .hasMessage("the template has no channel 'Placement'; its channels: Candidate, JobOrder");
    }

    @Test
    void refusesAProvisionedTable(@TempDir Path dir) {
        ObjectNode changed = Templates.read(template);
        Templates.properties(changed, "AWS::DynamoDB::Table", "JobOrderTable").put("BillingMode", "PROVISIONED");
        Path file = Templates.write(changed, dir.resolve("provisioned.template.json"));

        assertThatThrownBy(() -> TemplateReader.read(file, "JobOrder"))
                .hasMessage("the table dev-job-order is not on-demand (BillingMode PROVISIONED): only on-demand tables are priced");
    }

    @Test
    void aMissingOrBrokenFileIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TemplateReader.read(dir.resolve("none.json"), "JobOrder")).hasMessageStartingWith("no template at ");
        Path broken = java.nio.file.Files.writeString(dir.resolve("broken.json"), "{\"Resources\":");
        assertThatThrownBy(() -> TemplateReader.read(broken, "JobOrder")).hasMessageContaining("is not JSON");
        Path notATemplate = java.nio.file.Files.writeString(dir.resolve("other.json"), "{\"a\":1}");
        assertThatThrownBy(() -> TemplateReader.read(notATemplate, "JobOrder")).hasMessageEndingWith("it has no Resources");
    }
}
