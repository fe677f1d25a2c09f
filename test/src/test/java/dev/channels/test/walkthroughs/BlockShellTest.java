package dev.channels.test.walkthroughs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.test.walkthroughs.Walkthrough.Block;
import dev.channels.test.walkthroughs.Walkthrough.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second terminal as the test plays it: strict bash per block, variables carried, a hung block stopped. */
class BlockShellTest {
    private PageSandbox sandbox;

    @BeforeEach
    void sandbox(@TempDir Path temp) throws Exception {
        Path repo = temp.resolve("repo");
        Files.createDirectories(repo.resolve("local"));
        Files.createDirectories(repo.resolve("tools"));
        Path assembly = Files.createDirectories(temp.resolve("assembly"));
        Files.writeString(assembly.resolve("dev-channels.template.json"), "{}");
        Files.writeString(assembly.resolve("local-endpoints.json"), "{\"left\":\"by an earlier run\"}");
        sandbox = PageSandbox.create(temp.resolve("page"), repo, assembly);
        Assumptions.assumeTrue(sandbox.onPath("bash"), "bash is not on the PATH");
    }

    @Test
    void variablesAndFunctionsOfOneBlockAreThereInTheNextAsInOneTerminal() throws Exception {
        BlockShell shell = new BlockShell(sandbox, Duration.ofMinutes(1));
        assertThat(shell.run(local("greeting='hello there'\nexport TARGET=world\ncount=(1 2 3)\nsay() { echo \"said $1\"; }\n"))
                .exitCode()).isZero();

        BlockShell.Result next = shell.run(local("echo \"$greeting $TARGET ${#count[@]}\"\nsay it\nbash -c 'echo \"child sees $TARGET\"'\n"));

        assertThat(next.exitCode()).isZero();
        assertThat(next.output()).isEqualTo("hello there world 3\nsaid it\nchild sees world\n");
    }

    @Test
    void theFirstFailingCommandFailsTheBlockWithItsExitCodeAndTheOutputSoFar() throws Exception {
        BlockShell shell = new BlockShell(sandbox, Duration.ofMinutes(1));

        assertThat(shell.run(local("echo before\n(exit 3)\necho after\n"))).isEqualTo(new BlockShell.Result(3, "before\n"));
        assertThat(shell.run(local("false | cat\necho after\n")).exitCode()).as("pipefail").isEqualTo(1);
        assertThat(shell.run(local("echo \"$never_set\"\n")).exitCode()).as("nounset").isNotZero();
    }

    @Test
    void commandsRunFromTheSandboxRootWithItsOwnAssemblyAndNoAwsProfile() throws Exception {
        BlockShell.Result result = new BlockShell(sandbox, Duration.ofMinutes(1))
                .run(local("pwd\nls cdk.out\necho \"$AWS_CONFIG_FILE\"\n"));

        assertThat(result.output()).isEqualTo(sandbox.root() + "\ndev-channels.template.json\n"
                + sandbox.root().resolve(".aws/config") + "\n");
    }

    @Test
    void aBlockStillRunningAtTheLimitIsStoppedAndSaysSo() throws Exception {
        BlockShell.Result result = new BlockShell(sandbox, Duration.ofSeconds(1)).run(local("echo waiting\nsleep 60\n"));

        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.output()).startsWith("waiting\n").contains("killed: still running after 1 s");
    }

    private static Block local(String text) {
        return new Block(Kind.LOCAL, 1, text);
    }
}
