package dev.channels.local.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.Fixtures;
import dev.channels.local.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudAssemblyTest {

    @Test
    void picksTheOnlyStackWithItsEnvironmentAndTemplate() {
        StackArtifact stack = CloudAssembly.read(Fixtures.assembly()).stack(Optional.empty(), Optional.empty());

        assertThat(stack.artifactId()).isEqualTo("test-channels");
        assertThat(stack.stackName()).isEqualTo("test-channels");
        assertThat(stack.account()).contains("123456789012");
        assertThat(stack.region()).contains("eu-west-1");
        assertThat(stack.template().path("Resources").has("JobOrderTable7857BD03")).isTrue();
    }

    @Test
    void mapsALambdaCodeS3KeyBackToItsAssetFile() {
        StackArtifact stack = Fixtures.artifact();
        ObjectNode code = Json.object().put("S3Bucket", "cdk-hnb659fds-assets-123456789012-eu-west-1")
                .put("S3Key", Fixtures.ASSET_HASH + ".jar");

        Asset asset = stack.assetForCode(code).orElseThrow();

        assertThat(asset.path()).isEqualTo(Fixtures.assembly().resolve("asset." + Fixtures.ASSET_HASH + ".jar"));
        assertThat(asset.path()).isRegularFile();
        assertThat(asset.packaging()).isEqualTo("file");
        assertThat(stack.assetForCode(Json.object().put("S3Key", "other.jar"))).isEmpty();
    }

    @Test
    void withSeveralStacksTakesTheNamedOneOrTheEnvsOrAsksWhichOne(@TempDir Path directory) throws IOException {
        Path assembly = twoStackAssembly(directory);
        CloudAssembly cloudAssembly = CloudAssembly.read(assembly);

        assertThat(cloudAssembly.stackIds()).containsExactly("dev-channels", "prod-channels");
        assertThat(cloudAssembly.stack(Optional.of("prod-channels"), Optional.empty()).stackName()).isEqualTo("prod-channels");
        assertThat(cloudAssembly.stack(Optional.empty(), Optional.of("dev")).stackName()).isEqualTo("dev-channels");
        assertThatThrownBy(() -> cloudAssembly.stack(Optional.empty(), Optional.empty()))
                .isInstanceOf(AssemblyException.class)
                .hasMessageContaining("has several stacks (dev-channels, prod-channels): choose one with --stack NAME");
        assertThatThrownBy(() -> cloudAssembly.stack(Optional.of("ana-channels"), Optional.empty()))
                .hasMessageContaining("No stack ana-channels").hasMessageContaining("it has dev-channels, prod-channels");
    }

    @Test
    void anEnvWhoseStackIsNotThereFailsEvenWhenThereIsOnlyOneStack() {
        CloudAssembly assembly = CloudAssembly.read(Fixtures.assembly());

        assertThatThrownBy(() -> assembly.stack(Optional.empty(), Optional.of("prod")))
                .isInstanceOf(AssemblyException.class)
                .hasMessageContaining("No stack prod-channels (env prod)")
                .hasMessageContaining("it has test-channels: synthesize that env (npx cdk synth -c env=prod)");
        assertThat(assembly.stack(Optional.empty(), Optional.of("test")).stackName()).isEqualTo("test-channels");
    }

    @Test
    void anEnvAgnosticStackHasNoAccountOrRegion(@TempDir Path directory) throws IOException {
        Path assembly = twoStackAssembly(directory);

        StackArtifact dev = CloudAssembly.read(assembly).stack(Optional.of("dev-channels"), Optional.empty());

        assertThat(dev.account()).isEmpty();
        assertThat(dev.region()).isEmpty();
    }

    @Test
    void aMissingManifestSaysHowToSynthesize(@TempDir Path directory) {
        assertThatThrownBy(() -> CloudAssembly.read(directory))
                .isInstanceOf(AssemblyException.class)
                .hasMessageContaining("manifest.json does not exist: synthesize the app first");
    }

    private static Path twoStackAssembly(Path directory) throws IOException {
        Files.writeString(directory.resolve("manifest.json"), """
                {"version":"54.0.0","artifacts":{
                  "dev-channels":{"type":"aws:cloudformation:stack","environment":"aws://unknown-account/unknown-region",
                                  "properties":{"templateFile":"dev.template.json"}},
                  "prod-channels":{"type":"aws:cloudformation:stack","environment":"aws://222222222222/eu-west-1",
                                   "properties":{"templateFile":"prod.template.json"}}}}
                """);
        Files.writeString(directory.resolve("dev.template.json"), "{\"Resources\":{}}");
        Files.writeString(directory.resolve("prod.template.json"), "{\"Resources\":{}}");
        return directory;
    }
}
