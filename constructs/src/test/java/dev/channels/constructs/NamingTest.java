package dev.channels.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.channels.constructs.Naming.Kind;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.IStableStringProducer;

class NamingTest {
    private final Naming dev = Naming.forEnv("dev");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod", "ana", "a1", "abcdefghij"})
    void acceptsShortLowerCaseEnvNames(String env) {
        assertThat(Naming.forEnv(env).env()).isEqualTo(env);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dev", "1dev", "dev-1", "dev_1", "", "abcdefghijk"})
    void rejectsOtherEnvNamesSayingWhatIsAllowed(String env) {
        assertThatThrownBy(() -> Naming.forEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("env name '" + env + "' is not usable: use a lower-case letter followed by lower-case "
                        + "letters or digits, at most 10 characters (e.g. dev, test, prod, ana)");
    }

    @Test
    void rejectsMissingAndTokenEnvNames() {
        assertThatThrownBy(() -> Naming.forEnv(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("env name is required: pass -c env=NAME or set channels:defaultEnv in cdk.json");
        assertThatThrownBy(() -> Naming.forEnv(Aws.ACCOUNT_ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("env name must be a literal string, not a CDK token");
    }

    @ParameterizedTest
    @CsvSource({"JobOrder,job-order", "Candidate,candidate", "Job2Order,job2-order", "HttpLog,http-log",
            "PlacementV2,placement-v2"})
    void kebabCasesPascalCaseChannelNames(String channel, String kebab) {
        assertThat(Naming.kebab(channel)).isEqualTo(kebab);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jobOrder", "Job_Order", "Job-Order", "HTTPLog", "J", "Job Order", ""})
    void rejectsChannelNamesThatAreNotPascalCase(String channel) {
        assertThatThrownBy(() -> Naming.kebab(channel))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channel name '" + channel + "' is not PascalCase: start each word with an upper-case "
                        + "letter followed by lower-case letters or digits, and write acronyms as words (JobOrder, "
                        + "HttpLog; not jobOrder, job_order or HTTPLog)");
    }

    @Test
    void rejectsTheReservedSharedSlotAndTokensAsChannelNames() {
        assertThatThrownBy(() -> Naming.kebab("Channels"))
                .hasMessage("channel name 'Channels' is reserved for the resources shared by all channels of an "
                        + "environment: choose another name");
        // dev-channels-notify-ledger would be both this channel's table and the env's idempotency table.
        assertThatThrownBy(() -> Naming.kebab("ChannelsNotifyLedger"))
                .hasMessage("channel name 'ChannelsNotifyLedger' starts with the word Channels, which begins the names "
                        + "of the resources shared by all channels of an environment (<env>-channels-...): choose "
                        + "another name");
        assertThat(Naming.kebab("Channelside")).isEqualTo("channelside");
        String token = Lazy.string(new IStableStringProducer() {
            @Override
            public String produce() {
                return "JobOrder";
            }
        });
        assertThatThrownBy(() -> Naming.kebab(token))
                .hasMessageStartingWith("channel name must be a literal string, not a CDK token");
        assertThatThrownBy(() -> Naming.kebab(null)).hasMessage("channel name is required, e.g. JobOrder");
    }

    @Test
    void joinsEnvChannelAndRole() {
        assertThat(dev.stackName()).isEqualTo("dev-channels");
        assertThat(dev.name(Kind.SQS_QUEUE, "job-order", "inbox-dlq")).isEqualTo("dev-job-order-inbox-dlq");
        assertThat(dev.channel(Kind.DYNAMODB_TABLE, "job-order")).isEqualTo("dev-job-order");
        assertThat(dev.shared(Kind.SNS_TOPIC, "alarms")).isEqualTo("dev-channels-alarms");
        assertThat(dev.sharedName(Kind.DASHBOARD)).isEqualTo("dev-channels");
        assertThat(dev.functionLogGroupName("dev-job-order-ingest")).isEqualTo("/aws/lambda/dev-job-order-ingest");
        assertThat(dev.slackSecretName()).isEqualTo("dev/channels/slack-webhook");
    }

    @Test
    void bucketNamesEndWithAccountAndRegionBecauseTheyAreGlobal() {
        assertThat(dev.bucketName("job-order", "archive", "123456789012", "eu-west-1"))
                .isEqualTo("dev-job-order-archive-123456789012-eu-west-1");
        assertThatThrownBy(() -> dev.bucketName("job-order", "archive", Aws.ACCOUNT_ID, "eu-west-1"))
                .hasMessage("bucket names include the account and region, so the stack needs an explicit env: "
                        + "give the stack of env 'dev' an account and a region (the Channels app takes them from -c account=... "
                        + "-c region=..., cdk.json or the CLI's credentials)");
    }

    @Test
    void rejectsNamesOverTheServiceLimitSayingWhatToShorten() {
        String kebab = "a".repeat(29);
        assertThat(dev.bucketName("a".repeat(28), "archive", "123456789012", "eu-west-1")).hasSize(63);
        assertThatThrownBy(() -> dev.bucketName(kebab, "archive", "123456789012", "eu-west-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("S3 bucket name 'dev-" + kebab + "-archive-123456789012-eu-west-1' is 64 characters, "
                        + "over AWS's limit of 63: shorten the channel name or the env name 'dev'");
        assertThatThrownBy(() -> dev.name(Kind.LAMBDA_FUNCTION, "b".repeat(54), "ingest"))
                .hasMessageStartingWith("Lambda function name 'dev-bbbb")
                .hasMessageEndingWith("is 65 characters, over AWS's limit of 64: shorten the channel name or the "
                        + "env name 'dev'");
        assertThatThrownBy(() -> dev.name(Kind.SQS_QUEUE, "c".repeat(67), "inbox-dlq"))
                .hasMessageContaining("SQS queue name")
                .hasMessageContaining("over AWS's limit of 80");
    }

    @Test
    void secretNamesFromSettingsMustCarryTheEnvPrefix() {
        assertThat(dev.secretName("dev/slack/ops")).isEqualTo("dev/slack/ops");
        assertThatThrownBy(() -> dev.secretName("prod/channels/slack-webhook"))
                .hasMessage("secret name 'prod/channels/slack-webhook' must be a literal string starting with 'dev/' "
                        + "so that envs sharing an account never share a secret, e.g. dev/channels/slack-webhook");
    }
}
