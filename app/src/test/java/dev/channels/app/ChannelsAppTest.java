package dev.channels.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.channels.constructs.ChannelProps;
import dev.channels.constructs.NagChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/** The real app, built with the context of the real cdk.json, as {@code cdk synth -c env=NAME} builds it. */
class ChannelsAppTest {
    private static final Path CDK_JSON = Path.of("..", "cdk.json");

    @Test
    void shipsJobOrderWithAStatusIndexAndCandidate() {
        // startsWith, not containsExactly: a team adding its channel line must not have to edit this test.
        assertThat(ChannelsApp.CHANNELS).extracting(ChannelProps::name).startsWith("JobOrder", "Candidate");
        assertThat(ChannelsApp.CHANNELS.get(0).indexes()).singleElement()
                .satisfies(index -> {
                    assertThat(index.getPartitionKey().getName()).isEqualTo("status");
                    assertThat(index.getSortKey().getName()).isEqualTo("updatedAt");
                });
    }

    @Test
    void buildsTheDevStackInItsAccountAndRegionWithoutFindings() {
        App app = ChannelsApp.appFor(CDK_JSON, "dev");
        ChannelsStack stack = ChannelsApp.build(app);

        assertThat(stack.getStackName()).isEqualTo("dev-channels");
        assertThat(stack.getAccount()).isEqualTo("111111111111");
        assertThat(stack.getRegion()).isEqualTo("eu-west-1");
        assertThat(stack.getTerminationProtection()).isFalse();
        assertThat(stack.channels()).hasSameSizeAs(ChannelsApp.CHANNELS);
        Template template = Template.fromStack(stack);
        // One table per channel, plus notify's idempotency table shared by the env.
        template.resourceCountIs("AWS::DynamoDB::Table", ChannelsApp.CHANNELS.size() + 1);
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName", "dev-channels-notify-ledger"));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Endpoint", "channels-dev-alarms@example.com"));
        template.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("Name", "dev/channels/slack-webhook"));
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TableName", "dev-job-order",
                "Tags", List.of(Map.of("Key", "channels:env", "Value", "dev"))));
        assertThat(NagChecks.findings(app)).isEmpty();
    }

    @Test
    void buildsTheProdStackProtected() {
        ChannelsStack stack = ChannelsApp.build(ChannelsApp.appFor(CDK_JSON, "prod"));

        assertThat(stack.getStackName()).isEqualTo("prod-channels");
        assertThat(stack.getAccount()).isEqualTo("222222222222");
        assertThat(stack.getTerminationProtection()).isTrue();
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of("MethodSettings", List.of(Map.of(
                "HttpMethod", "*",
                "ResourcePath", "/*",
                "DataTraceEnabled", false,
                "MetricsEnabled", true,
                "ThrottlingRateLimit", 500,
                "ThrottlingBurstLimit", 1000))));
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TableName", "prod-job-order",
                "DeletionProtectionEnabled", true));
    }

    @Test
    void anExtraChannelLineAddsThatChannel() {
        List<ChannelProps> channels = new ArrayList<>(ChannelsApp.CHANNELS);
        channels.add(ChannelProps.builder().name("ProbeOnlyInTests").build());

        Template template = Template.fromStack(ChannelsApp.build(ChannelsApp.appFor(CDK_JSON, "dev"), channels));

        // One table per channel plus the env's notify ledger.
        template.resourceCountIs("AWS::DynamoDB::Table", channels.size() + 1);
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName", "dev-probe-only-in-tests"));
        template.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "probe-only-in-tests"));
    }

    @Test
    void aChannelListedTwiceFailsNamingIt() {
        List<ChannelProps> channels = List.of(ChannelsApp.CHANNELS.get(0), ChannelsApp.CHANNELS.get(1),
                ChannelProps.builder().name("JobOrder").build());

        assertThatThrownBy(() -> ChannelsApp.build(ChannelsApp.appFor(CDK_JSON, "dev"), channels))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channel 'JobOrder' is listed twice: list each channel once (its resource names would "
                        + "collide)");
    }

    @Test
    void anUnknownEnvFailsListingTheKnownOnes() {
        assertThatThrownBy(() -> ChannelsApp.build(ChannelsApp.appFor(CDK_JSON, "nope")))
                .hasMessageStartingWith("unknown env 'nope': known envs are ")
                .hasMessageContainingAll("dev", "prod", "test", "pass one of them with -c env=NAME, or add 'nope' there");
    }
}
