package dev.channels.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class HandlerJarTest {

    @Test
    void copiesTheBundledJarToAFileWithTheSameBytes(@TempDir Path classes) throws Exception {
        byte[] jar = {0x50, 0x4b, 0x05, 0x06, 1, 2, 3};
        Path resource = classes.resolve(HandlerJar.RESOURCE);
        Files.createDirectories(resource.getParent());
        Files.write(resource, jar);

        Path extracted = HandlerJar.extract(loaderOf(classes));

        assertThat(extracted).hasFileName("channels-lambdas.jar").hasBinaryContent(jar);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void onlyItsOwnerCanReplaceTheCopyBeforeItIsDeployed(@TempDir Path classes) throws Exception {
        Path resource = classes.resolve(HandlerJar.RESOURCE);
        Files.createDirectories(resource.getParent());
        Files.write(resource, new byte[] {1});

        Path folder = HandlerJar.extract(loaderOf(classes)).getParent();

        assertThat(Files.getPosixFilePermissions(folder)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void saysHowToGetCodeWhenTheArtifactCarriesNone(@TempDir Path emptyClasses) throws Exception {
        assertThatThrownBy(() -> HandlerJar.extract(loaderOf(emptyClasses)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this channels-constructs has no handler jar (dev/channels/constructs/channels-lambdas.jar): "
                        + "it is added when Maven packages the artifact, so build with mvn package or depend on the "
                        + "installed artifact; or pass your own code with ChannelsEnvironmentProps.lambdaCode");
    }

    private static ClassLoader loaderOf(Path classes) throws Exception {
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    }
}
