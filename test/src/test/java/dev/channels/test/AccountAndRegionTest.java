package dev.channels.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.app.ChannelsApp;
import dev.channels.app.ChannelsStack;
import dev.channels.local.LambdaLayer;
import dev.channels.local.api.RestApiService;
import dev.channels.local.assembly.StackArtifact;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.template.LocalAddresses;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Account and region chosen without editing a tracked file: {@code -c account=... -c region=...} win over cdk.json,
 * and an env that names neither takes the CDK CLI's {@code CDK_DEFAULT_ACCOUNT} / {@code CDK_DEFAULT_REGION}. The
 * tests' own apps are built from their fixture context, so what a user puts in cdk.json changes none of them.
 */
class AccountAndRegionTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-2";
    /** The fixture's placeholder accounts and region, which must not survive a -c override anywhere. */
    private static final List<String> FIXTURE_VALUES = List.of("111111111111", "222222222222", "eu-west-1");
    private static final Map<String, String> CLI_CREDENTIALS =
            Map.of("CDK_DEFAULT_ACCOUNT", ACCOUNT, "CDK_DEFAULT_REGION", REGION);

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void commandLineAccountAndRegionReachTheStackEnvAndEveryName(String env, @TempDir Path out) {
        App app = Synth.appFor(Map.of("env", env, "account", ACCOUNT, "region", REGION), out);
        ChannelsStack stack = Synth.build(app);
        CloudAssembly assembly = app.synth();

        assertThat(stack.getAccount()).isEqualTo(ACCOUNT);
        assertThat(stack.getRegion()).isEqualTo(REGION);
        CloudFormationStackArtifact artifact = assembly.getStackByName(env + "-channels");
        assertThat(artifact.getEnvironment().getAccount()).isEqualTo(ACCOUNT);
        assertThat(artifact.getEnvironment().getRegion()).isEqualTo(REGION);
        JsonNode template = Synth.template(assembly, env);
        // S3 names are global, so every bucket name carries the account and region.
        List<String> buckets = WholeAppTest.resourcesOfType(template, "AWS::S3::Bucket").stream()
                .map(bucket -> bucket.path("Properties").path("BucketName").asText())
                .toList();
        assertThat(buckets).hasSizeGreaterThan(2)
                .allSatisfy(name -> assertThat(name).endsWith("-" + ACCOUNT + "-" + REGION))
                .contains(env + "-job-order-archive-" + ACCOUNT + "-" + REGION);
        assertThat(template.toString()).doesNotContain(FIXTURE_VALUES);
    }

    /** The local cloud takes account and region from the stack's env in the manifest: the ARNs it resolves. */
    @Test
    void theLocalCloudResolvesTheTemplateInTheCommandLineAccountAndRegion(@TempDir Path out) {
        App app = Synth.appFor(Map.of("env", "dev", "account", ACCOUNT, "region", REGION), out);
        Synth.build(app);
        app.synth();

        StackArtifact artifact = dev.channels.local.assembly.CloudAssembly.read(out)
                .stack(Optional.empty(), Optional.of("dev"));
        assertThat(artifact.account()).contains(ACCOUNT);
        assertThat(artifact.region()).contains(REGION);
        ResourceCatalog catalog = RestApiService.catalog(LambdaLayer.catalog(ResourceCatalog.defaults()));
        ResolvedStack stack = ResolvedStack.of(artifact, catalog, LocalAddresses.of(URI.create("http://127.0.0.1:4566")),
                Map.of());

        assertThat(stack.pseudo().accountId()).isEqualTo(ACCOUNT);
        assertThat(stack.pseudo().region()).isEqualTo(REGION);
        TemplateResource table = stack.resources("AWS::DynamoDB::Table").stream()
                .filter(resource -> stack.physicalName(resource.logicalId()).equals("dev-job-order"))
                .findFirst().orElseThrow();
        assertThat(stack.getAtt(table.logicalId(), "Arn"))
                .isEqualTo("arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/dev-job-order");
        // Every function's role, environment and event sources, resolved: no placeholder and no local default.
        List<String> functions = stack.resources("AWS::Lambda::Function").stream()
                .map(function -> stack.properties(function).toString())
                .toList();
        assertThat(functions).isNotEmpty().allSatisfy(properties -> assertThat(properties)
                .contains(ACCOUNT)
                .doesNotContain(FIXTURE_VALUES)
                .doesNotContain("000000000000", "us-east-1"));
    }

    @Test
    void aRealAccountInCdkJsonReachesTheAppButNoTest(@TempDir Path dir) throws IOException {
        Path edited = editedCdkJson(dir, settings -> settings.put("account", ACCOUNT).put("region", REGION));

        for (String env : List.of("dev", "test", "prod")) {
            ChannelsStack user = ChannelsApp.build(ChannelsApp.appFor(edited, env), ChannelsApp.channels(), Map.of());
            assertThat(user.getAccount()).isEqualTo(ACCOUNT);
            assertThat(user.getRegion()).isEqualTo(REGION);
        }
        ChannelsStack tests = Synth.build(Synth.appFor("prod"));
        assertThat(tests.getAccount()).isEqualTo("222222222222");
        assertThat(tests.getRegion()).isEqualTo("eu-west-1");
    }

    @Test
    void withoutAccountsInCdkJsonTheCliOrTheCommandLineDecides(@TempDir Path dir) throws IOException {
        Path edited = editedCdkJson(dir, settings -> settings.remove(List.of("account", "region")));

        ChannelsStack withCredentials = ChannelsApp.build(ChannelsApp.appFor(edited, "dev"), ChannelsApp.channels(),
                CLI_CREDENTIALS);
        assertThat(withCredentials.getAccount()).isEqualTo(ACCOUNT);
        assertThat(withCredentials.getRegion()).isEqualTo(REGION);

        ChannelsStack withCommandLine = ChannelsApp.build(ChannelsApp.appFor(edited, Map.of(
                "env", "dev", "account", "210987654321", "region", "ap-southeast-2")), ChannelsApp.channels(),
                CLI_CREDENTIALS);
        assertThat(withCommandLine.getAccount()).isEqualTo("210987654321");
        assertThat(withCommandLine.getRegion()).isEqualTo("ap-southeast-2");

        assertThatThrownBy(() -> ChannelsApp.build(ChannelsApp.appFor(edited, "dev"), ChannelsApp.channels(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("env 'dev' has no account: pass -c account=123456789012, set account in cdk.json "
                        + "(channels:envs), or run with AWS credentials (CDK_DEFAULT_ACCOUNT)");
        ChannelsStack tests = Synth.build(Synth.appFor("dev"));
        assertThat(tests.getAccount()).isEqualTo("111111111111");
    }

    /** A copy of the real cdk.json in {@code dir} with {@code edit} applied to every env's settings. */
    private static Path editedCdkJson(Path dir, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode cdkJson = (ObjectNode) Synth.JSON.readTree(Synth.repoRoot().resolve("cdk.json").toFile());
        JsonNode envs = cdkJson.path("context").path("channels:envs");
        assertThat(envs.size()).as("envs in cdk.json").isGreaterThanOrEqualTo(3);
        envs.forEach(settings -> edit.accept((ObjectNode) settings));
        Path copy = dir.resolve("cdk.json");
        Files.writeString(copy, Synth.JSON.writeValueAsString(cdkJson));
        return copy;
    }
}
