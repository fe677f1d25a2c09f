package dev.channels.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.constructs.Node;

class EnvSettingsTest {
    private static final Path CDK_JSON = Path.of("..", "cdk.json");
    /** What the CDK CLI passes a user with credentials for 123456789012 and region us-east-2. */
    private static final Map<String, String> CLI_CREDENTIALS =
            Map.of("CDK_DEFAULT_ACCOUNT", "123456789012", "CDK_DEFAULT_REGION", "us-east-2");

    private static Map<String, Object> devSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("account", "111111111111");
        settings.put("region", "eu-west-1");
        settings.put("retain", false);
        settings.put("alarmEmail", "alarms@example.com");
        settings.put("throttle", Map.of("rateLimit", 50, "burstLimit", 100));
        return settings;
    }

    private static App app(Map<String, Object> context) {
        return new App(AppProps.builder().context(context).build());
    }

    @Test
    void parsesEverySetting() {
        Map<String, Object> raw = devSettings();
        raw.put("slackSecretName", "dev/slack/ops");

        EnvSettings settings = EnvSettings.parse("dev", raw);

        assertThat(settings).isEqualTo(new EnvSettings("dev", "111111111111", "eu-west-1", false,
                "alarms@example.com", Optional.of("dev/slack/ops"), new EnvSettings.Throttle(50, 100)));
    }

    @Test
    void slackSecretNameIsOptional() {
        assertThat(EnvSettings.parse("dev", devSettings()).slackSecretName()).isEmpty();
    }

    @Test
    void everyEnvOfTheRealCdkJsonParses() {
        // Only that each env parses, whatever the user put in it: an env without an account or region takes the
        // CLI's, as under cdk synth. The values the tests rely on come from their own copy of the context.
        Node node = app(ChannelsApp.cdkJsonContext(CDK_JSON)).getNode();

        // contains, not containsExactly: adding a personal env to cdk.json must not break the build.
        assertThat(EnvSettings.knownEnvs(node)).contains("dev", "prod", "test");
        for (String env : EnvSettings.knownEnvs(node)) {
            assertThat(EnvSettings.of(node, env, CLI_CREDENTIALS).name()).isEqualTo(env);
        }
    }

    @Test
    void everyEnvOfTheTestsContextParses() {
        Node node = app(ChannelsApp.cdkJsonContext(ChannelsAppTest.FIXTURE)).getNode();

        assertThat(EnvSettings.knownEnvs(node)).containsExactly("dev", "prod", "test");
        EnvSettings prod = EnvSettings.of(node, "prod", Map.of());
        assertThat(prod.retain()).isTrue();
        assertThat(prod.account()).isEqualTo("222222222222");
        assertThat(prod.throttle()).isEqualTo(new EnvSettings.Throttle(500, 1000));
        assertThat(EnvSettings.of(node, "dev", Map.of()).retain()).isFalse();
        assertThat(EnvSettings.of(node, "test", Map.of()).alarmEmail()).isEqualTo("channels-test-alarms@example.com");
    }

    @Test
    void picksTheEnvFromContextElseTheDefaultEnv() {
        Map<String, Object> context = new HashMap<>(ChannelsApp.cdkJsonContext(ChannelsAppTest.FIXTURE));
        assertThat(EnvSettings.selected(app(context).getNode(), Map.of()).name()).isEqualTo("dev");

        context.put("env", "test");
        assertThat(EnvSettings.selected(app(context).getNode(), Map.of()).name()).isEqualTo("test");
    }

    @Test
    void commandLineAccountAndRegionWinOverCdkJsonAndTheCli() {
        CliTarget cli = new CliTarget(Optional.of("123456789012"), Optional.of("us-east-2"),
                Optional.of("999999999999"), Optional.of("ap-south-1"));

        EnvSettings settings = EnvSettings.parse("dev", devSettings(), cli);

        assertThat(settings.account()).isEqualTo("123456789012");
        assertThat(settings.region()).isEqualTo("us-east-2");
    }

    @Test
    void cdkJsonWinsOverTheCli() {
        EnvSettings settings = EnvSettings.parse("dev", devSettings(), CliTarget.of(app(Map.of()).getNode(),
                CLI_CREDENTIALS));

        assertThat(settings.account()).isEqualTo("111111111111");
        assertThat(settings.region()).isEqualTo("eu-west-1");
    }

    @Test
    void withoutAccountAndRegionInCdkJsonTheCliDecides() {
        Map<String, Object> raw = devSettings();
        raw.remove("account");
        raw.remove("region");

        EnvSettings settings = EnvSettings.parse("dev", raw, CliTarget.of(app(Map.of()).getNode(), CLI_CREDENTIALS));

        assertThat(settings.account()).isEqualTo("123456789012");
        assertThat(settings.region()).isEqualTo("us-east-2");
    }

    @Test
    void readsTheCommandLineFromTheContextAndTheCliFromTheEnvironment() {
        CliTarget cli = CliTarget.of(app(Map.of("account", "123456789012", "region", "us-east-2")).getNode(),
                Map.of("CDK_DEFAULT_ACCOUNT", "999999999999", "CDK_DEFAULT_REGION", " ", "PATH", "/bin"));

        assertThat(cli).isEqualTo(new CliTarget(Optional.of("123456789012"), Optional.of("us-east-2"),
                Optional.of("999999999999"), Optional.empty()));
        assertThat(CliTarget.of(app(Map.of()).getNode(), Map.of())).isEqualTo(CliTarget.NONE);
    }

    @Test
    void noAccountOrRegionAnywhereSaysWhatToPass() {
        Map<String, Object> raw = devSettings();
        raw.remove("account");
        assertThatThrownBy(() -> EnvSettings.parse("dev", raw, CliTarget.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("env 'dev' has no account: pass -c account=123456789012, set account in cdk.json "
                        + "(channels:envs), or run with AWS credentials (CDK_DEFAULT_ACCOUNT)");

        raw.put("account", "111111111111");
        raw.remove("region");
        assertThatThrownBy(() -> EnvSettings.parse("dev", raw, CliTarget.NONE))
                .hasMessage("env 'dev' has no region: pass -c region=eu-west-1, set region in cdk.json "
                        + "(channels:envs), or configure an AWS region (CDK_DEFAULT_REGION)");
    }

    @Test
    void accountsAndRegionsFromTheCommandLineAndTheCliAreChecked() {
        assertThatThrownBy(() -> EnvSettings.parse("dev", devSettings(),
                new CliTarget(Optional.of("12345"), Optional.empty(), Optional.empty(), Optional.empty())))
                .hasMessage("-c account=12345 is not a 12-digit AWS account id: pass one such as "
                        + "-c account=123456789012");
        assertThatThrownBy(() -> EnvSettings.parse("dev", devSettings(),
                new CliTarget(Optional.empty(), Optional.of("Ohio"), Optional.empty(), Optional.empty())))
                .hasMessage("-c region=Ohio is not an AWS region: pass one such as -c region=eu-west-1");
        // Set in the context other than by -c, e.g. in cdk.json as a number: still refused, not converted.
        assertThatThrownBy(() -> EnvSettings.parse("dev", devSettings(),
                new CliTarget(Optional.of(123456789012L), Optional.empty(), Optional.empty(), Optional.empty())))
                .hasMessage("-c account=123456789012 is not a 12-digit AWS account id: pass one such as "
                        + "-c account=123456789012");

        Map<String, Object> raw = devSettings();
        raw.remove("account");
        assertThatThrownBy(() -> EnvSettings.parse("dev", raw,
                new CliTarget(Optional.empty(), Optional.empty(), Optional.of("unknown"), Optional.empty())))
                .hasMessage("CDK_DEFAULT_ACCOUNT=unknown (set by the CDK CLI) is not a 12-digit AWS account id: "
                        + "pass -c account=123456789012 or set account of env 'dev' in cdk.json");
    }

    @Test
    void unknownEnvFailsListingTheKnownOnes() {
        // Its own env list, so a personal env added to the real cdk.json does not change the message.
        Map<String, Object> context = Map.of(
                EnvSettings.ENVS_CONTEXT_KEY, Map.of("dev", devSettings(), "test", devSettings()),
                "env", "nope");

        assertThatThrownBy(() -> EnvSettings.selected(app(context).getNode(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown env 'nope': known envs are dev, test (cdk.json context channels:envs); pass "
                        + "one of them with -c env=NAME, or add 'nope' there");
    }

    @Test
    void noEnvAtAllSaysHowToChooseOne() {
        Map<String, Object> context = Map.of("channels:envs", Map.of("dev", devSettings(), "ana", devSettings()));

        assertThatThrownBy(() -> EnvSettings.selected(app(context).getNode(), Map.of()))
                .hasMessage("no env chosen: pass -c env=NAME or set channels:defaultEnv in cdk.json; known envs: ana, dev");
    }

    @Test
    void missingEnvsObjectSaysWhatIsExpected() {
        assertThatThrownBy(() -> EnvSettings.of(app(Map.of()).getNode(), "dev", Map.of()))
                .hasMessage("cdk.json context needs channels:envs as a JSON object, got nothing");
    }

    @Test
    void badEnvNamesAreRejected() {
        assertThatThrownBy(() -> EnvSettings.parse("Dev", devSettings()))
                .hasMessageStartingWith("env name 'Dev' is not usable");
    }

    @Test
    void eachSettingIsCheckedWithTheEnvAndSettingInTheMessage() {
        assertInvalid("account", "1234", "env 'dev' setting 'account' must be a 12-digit AWS account id, got '1234' "
                + "(cdk.json context channels:envs)");
        assertInvalid("account", null, "env 'dev' setting 'account' must be the 12-digit AWS account id, got nothing "
                + "(cdk.json context channels:envs)");
        assertInvalid("region", "Ireland", "env 'dev' setting 'region' must be an AWS region such as eu-west-1, got "
                + "'Ireland' (cdk.json context channels:envs)");
        assertInvalid("retain", "yes", "env 'dev' setting 'retain' must be true (production: keep data on destroy) or "
                + "false (delete everything), got 'yes' (cdk.json context channels:envs)");
        assertInvalid("alarmEmail", " ", "env 'dev' setting 'alarmEmail' must be the address that receives alarms, "
                + "got ' ' (cdk.json context channels:envs)");
        assertInvalid("throttle", List.of(50, 100), "env 'dev' needs throttle (rateLimit and burstLimit) as a JSON "
                + "object, got [50, 100]");
        assertInvalid("throttle", Map.of("rateLimit", 0, "burstLimit", 100), "env 'dev' setting 'throttle.rateLimit' "
                + "must be a number of requests per second > 0, got 0.0 (cdk.json context channels:envs)");
        assertInvalid("throttle", Map.of("rateLimit", 10, "burstLimit", 0), "env 'dev' setting 'throttle.burstLimit' "
                + "must be a whole number of requests >= 1, got 0 (cdk.json context channels:envs)");
        assertInvalid("throttle", Map.of("rateLimit", 10, "burstLimit", 2.5), "env 'dev' setting 'throttle.burstLimit' "
                + "must be a whole number of requests >= 1, got 2.5 (cdk.json context channels:envs)");
    }

    @Test
    void unknownSettingsAreRejectedSoTyposDoNotGoUnnoticed() {
        Map<String, Object> raw = devSettings();
        raw.put("alarmMail", "x@example.com");

        assertThatThrownBy(() -> EnvSettings.parse("dev", raw))
                .hasMessage("env 'dev' has unknown settings [alarmMail]: the known ones are [account, alarmEmail, "
                        + "region, retain, slackSecretName, throttle]");
    }

    @Test
    void checksValuesWhenBuiltDirectlyToo() {
        assertThatThrownBy(() -> new EnvSettings("ana", "12", "eu-west-1", false, "a@example.com", Optional.empty(),
                new EnvSettings.Throttle(1, 1)))
                .hasMessage("env 'ana' setting 'account' must be a 12-digit AWS account id, got '12' (cdk.json context "
                        + "channels:envs)");
    }

    @Test
    void becomesTheSharedConstructsProps() {
        Map<String, Object> raw = devSettings();
        raw.put("slackSecretName", "dev/slack/ops");

        var props = EnvSettings.parse("dev", raw).environmentProps().build();

        assertThat(props.envName()).isEqualTo("dev");
        assertThat(props.retain()).isFalse();
        assertThat(props.alarmEmail()).isEqualTo("alarms@example.com");
        assertThat(props.throttleRateLimit()).isEqualTo(50);
        assertThat(props.throttleBurstLimit()).isEqualTo(100);
        assertThat(props.slackSecretName()).contains("dev/slack/ops");
    }

    private static void assertInvalid(String key, Object value, String message) {
        Map<String, Object> raw = devSettings();
        raw.put(key, value);
        assertThatThrownBy(() -> EnvSettings.parse("dev", raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
