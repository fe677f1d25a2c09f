package dev.channels.test.walkthroughs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.test.walkthroughs.Walkthrough.Block;
import dev.channels.test.walkthroughs.Walkthrough.Kind;
import org.junit.jupiter.api.Test;

class WalkthroughParserTest {
    private static final String START = "```sh local-cloud\njava -jar local/target/channels-local.jar --env dev\n```\n";

    @Test
    void readsEveryShellBlockWithItsKindLineAndTextInPageOrder() {
        Walkthrough page = WalkthroughParser.parse("01-x.md", """
                # A page

                ```sh setup
                npm ci && mvn -B -q package -DskipTests && npx cdk synth -c env=dev -q
                ```
                ```sh local-cloud
                java -jar local/target/channels-local.jar --env dev \\
                     --time-scale 60
                ```
                Then:
                ```sh local
                echo one
                # a comment
                ```
                ```sh aws
                aws sqs list-queues
                ```
                ```sh local
                echo two
                ```
                """);

        assertThat(page.blocks()).extracting(Block::kind)
                .containsExactly(Kind.SETUP, Kind.LOCAL_CLOUD, Kind.LOCAL, Kind.AWS, Kind.LOCAL);
        assertThat(page.localBlocks()).extracting(Block::line).containsExactly(11, 18);
        assertThat(page.localBlocks()).extracting(Block::text).containsExactly("echo one\n# a comment\n", "echo two\n");
        assertThat(page.localCloud().commands()).isEqualTo("java -jar local/target/channels-local.jar --env dev \\\n"
                + "     --time-scale 60\n");
    }

    @Test
    void otherFencedBlocksAreProseAndTheirContentIsNotReadAsFences() {
        Walkthrough page = WalkthroughParser.parse("x.md", START + """
                ````markdown
                ```sh local
                echo inside an example of the format
                ```
                ````
                ```json
                {"id": "JO-1"}
                ```
                ```powershell
                $api = (Get-Content cdk.out/local-endpoints.json | ConvertFrom-Json).apis.'job-order'
                ```
                ```
                plain
                ```
                ~~~sh local
                echo tilde fence
                ~~~
                """);

        assertThat(page.localBlocks()).extracting(Block::text).containsExactly("echo tilde fence\n");
    }

    @Test
    void anIndentedFenceInAListLosesItsIndentation() {
        Walkthrough page = WalkthroughParser.parse("x.md", START + """
                1. Send it:
                   ```sh local
                   echo indented
                     echo more
                   ```
                """);

        assertThat(page.localBlocks().get(0).text()).isEqualTo("echo indented\n  echo more\n");
    }

    @Test
    void aPageWithoutALocalCloudBlockIsAnError() {
        assertThatThrownBy(() -> WalkthroughParser.parse("02-x.md", "```sh local\necho hi\n```\n"))
                .isInstanceOf(WalkthroughParser.WalkthroughFormatException.class)
                .hasMessageStartingWith("02-x.md:1: no ```sh local-cloud block");
    }

    @Test
    void aSecondLocalCloudBlockIsAnErrorNamingBothLines() {
        assertThatThrownBy(() -> WalkthroughParser.parse("x.md", START + "\n" + START))
                .hasMessage("x.md:5: a second ```sh local-cloud block (the first is at line 1): a page has exactly one");
    }

    @Test
    void theLocalCloudBlockHoldsOneCommandOfTheLocalCloudJar() {
        assertThatThrownBy(() -> WalkthroughParser.parse("x.md", "```sh local-cloud\nnpm ci\n```\n"))
                .hasMessageStartingWith("x.md:1: the ```sh local-cloud block holds one command, java -jar local/target/channels-local.jar");
        assertThatThrownBy(() -> WalkthroughParser.parse("x.md",
                "```sh local-cloud\njava -jar local/target/channels-local.jar --env dev\necho and more\n```\n"))
                .hasMessageStartingWith("x.md:1: the ```sh local-cloud block holds one command");
    }

    @Test
    void anUnknownMissingOrExtraKindIsAnError() {
        assertThatThrownBy(() -> WalkthroughParser.parse("x.md", START + "```sh lcoal\necho typo\n```\n"))
                .hasMessage("x.md:4: unknown shell block kind 'lcoal'; one of local-cloud, local, setup, aws, local-after-edit");
        assertThatThrownBy(() -> WalkthroughParser.parse("x.md", START + "```sh\necho which\n```\n"))
                .hasMessageStartingWith("x.md:4: a shell block names one kind");
        assertThatThrownBy(() -> WalkthroughParser.parse("x.md", START + "```sh local aws\necho both\n```\n"))
                .hasMessageStartingWith("x.md:4: a shell block names one kind");
    }

    @Test
    void aShellBlockThatIsNeitherRunNorMarkedShownIsAnError() {
        assertThatThrownBy(() -> WalkthroughParser.parse("x.md", START + "```bash\ncurl -s localhost\n```\n"))
                .hasMessageStartingWith("x.md:4: ```bash is not run or marked shown: use ```sh <kind>");
    }

    @Test
    void anUnclosedFenceIsAnError() {
        assertThatThrownBy(() -> WalkthroughParser.parse("x.md", START + "text\n```sh local\necho never closed\n"))
                .hasMessage("x.md:5: the fence opened here is never closed");
        assertThatThrownBy(() -> WalkthroughParser.parse("x.md", START + "````sh local\necho a shorter fence\n```\n"))
                .hasMessage("x.md:4: the fence opened here is never closed");
    }

    @Test
    void aLocalBlockThatRunsTheAwsCliIsFoundButNotAWordContainingAws() {
        Walkthrough page = WalkthroughParser.parse("x.md", START + """
                ```sh local
                echo "$AWS_REGION" > aws-notes.txt   # not the CLI
                # aws in a comment is not a command either
                ```
                ```sh local
                n=$(aws sqs get-queue-attributes --queue-url "$q")
                ```
                """);

        assertThat(page.firstLocalBlockUsingAwsCli()).map(Block::line).hasValue(8);
    }
}
