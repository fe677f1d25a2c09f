package dev.channels.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.channels.constructs.ChannelProps;
import dev.channels.constructs.NagChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The real app, built as {@code cdk synth -c env=NAME} builds it, with the tests' copy of cdk.json's context (so a
 * user's own account in cdk.json changes no test) and none of the CDK CLI's variables unless a test gives them.
 */
class ChannelsAppTest {
    static final Path FIXTURE = Path.of("..", "test", "src", "test", "resources", "cdk-context.json");
    private static final Map<String, String> NO_CLI_ENVIRONMENT = Map.of();

    @Test
    void shipsJobOrderWithAStatusIndexAndCandidate() {
        // startsWith, not containsExactly: a team adding its channel line must not have to edit this test.
        assertThat(ChannelsApp.channels()).extracting(ChannelProps::name).startsWith("JobOrder", "Candidate");
        assertThat(ChannelsApp.channels().get(0).indexes()).singleElement()
                .satisfies(index -> {
                    assertThat(index.getPartitionKey().getName()).isEqualTo("status");
                    assertThat(index.getSortKey().getName()).isEqualTo("updatedAt");
                });
    }

    @Test
    void buildsTheDevStackInItsAccountAndRegionWithoutFindings() {
        App app = ChannelsApp.appFor(FIXTURE, "dev");
        ChannelsStack stack = build(app);

        assertThat(stack.getStackName()).isEqualTo("dev-channels");
        assertThat(stack.getAccount()).isEqualTo("111111111111");
        assertThat(stack.getRegion()).isEqualTo("eu-west-1");
        assertThat(stack.getTerminationProtection()).isFalse();
        assertThat(stack.channels()).hasSameSizeAs(ChannelsApp.channels());
        Template template = Template.fromStack(stack);
        // One table per channel, plus notify's idempotency table shared by the env.
        template.resourceCountIs("AWS::DynamoDB::Table", ChannelsApp.channels().size() + 1);
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
        ChannelsStack stack = build(ChannelsApp.appFor(FIXTURE, "prod"));

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
        List<ChannelProps> channels = new ArrayList<>(ChannelsApp.channels());
        channels.add(ChannelProps.builder().name("ProbeOnlyInTests").build());

        Template template = Template.fromStack(
                ChannelsApp.build(ChannelsApp.appFor(FIXTURE, "dev"), channels, NO_CLI_ENVIRONMENT));

        // One table per channel plus the env's notify ledger.
        template.resourceCountIs("AWS::DynamoDB::Table", channels.size() + 1);
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName", "dev-probe-only-in-tests"));
        template.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "probe-only-in-tests"));
    }

    @Test
    void aChannelListedTwiceFailsNamingIt() {
        List<ChannelProps> channels = List.of(ChannelsApp.channels().get(0), ChannelsApp.channels().get(1),
                ChannelProps.builder().name("JobOrder").build());

        assertThatThrownBy(() -> ChannelsApp.build(ChannelsApp.appFor(FIXTURE, "dev"), channels, NO_CLI_ENVIRONMENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channel 'JobOrder' is listed twice: list each channel once (its resource names would "
                        + "collide)");
    }

    @Test
    void anUnknownEnvFailsListingTheKnownOnes() {
        assertThatThrownBy(() -> build(ChannelsApp.appFor(FIXTURE, "nope")))
                .hasMessageStartingWith("unknown env 'nope': known envs are ")
                .hasMessageContainingAll("dev", "prod", "test", "pass one of them with -c env=NAME, or add 'nope' there");
    }

    @Test
    void commandLineAccountAndRegionOverrideCdkJson() {
        App app = ChannelsApp.appFor(FIXTURE, Map.of("env", "prod", "account", "123456789012", "region", "us-east-2"));
        ChannelsStack stack = build(app);

        assertThat(stack.getAccount()).isEqualTo("123456789012");
        assertThat(stack.getRegion()).isEqualTo("us-east-2");
        Template.fromStack(stack).hasResourceProperties("AWS::S3::Bucket", Map.of(
                "BucketName", "prod-job-order-archive-123456789012-us-east-2"));
    }

    @Test
    void anEnvWithoutAccountAndRegionTakesTheCliDefaults() {
        App app = appWithout("dev", "account", "region");
        ChannelsStack stack = ChannelsApp.build(app, ChannelsApp.channels(),
                Map.of("CDK_DEFAULT_ACCOUNT", "123456789012", "CDK_DEFAULT_REGION", "us-east-2"));

        assertThat(stack.getAccount()).isEqualTo("123456789012");
        assertThat(stack.getRegion()).isEqualTo("us-east-2");
    }

    @Test
    void anEnvWithAnAccountKeepsItWhateverTheCliDefaults() {
        ChannelsStack stack = ChannelsApp.build(ChannelsApp.appFor(FIXTURE, "dev"), ChannelsApp.channels(),
                Map.of("CDK_DEFAULT_ACCOUNT", "123456789012", "CDK_DEFAULT_REGION", "us-east-2"));

        assertThat(stack.getAccount()).isEqualTo("111111111111");
        assertThat(stack.getRegion()).isEqualTo("eu-west-1");
    }

    @Test
    void noAccountAnywhereIsOneLineAndNothingIsBuilt() {
        App app = appWithout("dev", "account");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        boolean built = ChannelsApp.buildOrExplain(app, ChannelsApp::channels, NO_CLI_ENVIRONMENT, printer(err));

        assertThat(built).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("channels: env 'dev' has no account: pass "
                + "-c account=123456789012, set account in cdk.json (channels:envs), or run with AWS credentials "
                + "(CDK_DEFAULT_ACCOUNT)" + System.lineSeparator());
        assertThat(app.getNode().getChildren()).isEmpty();
    }

    @Test
    void aMistakeInAChannelLineIsOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        boolean built = ChannelsApp.buildOrExplain(ChannelsApp.appFor(FIXTURE, "dev"), () -> List.of(
                        ChannelProps.builder().name("JobOrder").build(),
                        ChannelProps.builder().name("job_order").build()),
                NO_CLI_ENVIRONMENT, printer(err));

        assertThat(built).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("channels: channel name 'job_order' is not "
                + "PascalCase: start each word with an upper-case letter followed by lower-case letters or digits, "
                + "and write acronyms as words (JobOrder, HttpLog; not jobOrder, job_order or HTTPLog)"
                + System.lineSeparator());
    }

    @Test
    void aChannelLineWithoutItsNameIsOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        boolean built = ChannelsApp.buildOrExplain(ChannelsApp.appFor(FIXTURE, "dev"),
                () -> List.of(ChannelProps.builder().index("status").build()), NO_CLI_ENVIRONMENT, printer(err));

        assertThat(built).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("channels: channel name is required, e.g. JobOrder" + System.lineSeparator());
    }

    @Test
    void aBugKeepsItsStackTrace() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<ChannelProps> broken = null;

        assertThatThrownBy(() -> ChannelsApp.buildOrExplain(ChannelsApp.appFor(FIXTURE, "dev"),
                () -> List.copyOf(broken), NO_CLI_ENVIRONMENT, printer(err)))
                .isInstanceOf(NullPointerException.class);
        assertThat(err.size()).isZero();
    }

    private static ChannelsStack build(App app) {
        return ChannelsApp.build(app, ChannelsApp.channels(), NO_CLI_ENVIRONMENT);
    }

    /** The tests' app for {@code env}, with {@code keys} removed from that env's settings. */
    private static App appWithout(String env, String... keys) {
        Map<String, Object> context = new HashMap<>(ChannelsApp.cdkJsonContext(FIXTURE));
        @SuppressWarnings("unchecked")
        Map<String, Object> envs = new HashMap<>((Map<String, Object>) context.get(EnvSettings.ENVS_CONTEXT_KEY));
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = new HashMap<>((Map<String, Object>) envs.get(env));
        for (String key : keys) {
            settings.remove(key);
        }
        envs.put(env, settings);
        context.put(EnvSettings.ENVS_CONTEXT_KEY, envs);
        context.put(EnvSettings.ENV_CONTEXT_KEY, env);
        return new App(AppProps.builder().context(context).build());
    }

    private static PrintStream printer(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
