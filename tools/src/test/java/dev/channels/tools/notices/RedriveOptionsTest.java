package dev.channels.tools.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedriveOptionsTest {
    @Test
    void readsEveryFlag() throws Exception {
        RedriveOptions options = RedriveOptions.parse(new String[] {"--queue-url", "https://q", "--ledger-table", "dev-ledger",
            "--secret-id", "dev/channels/slack-webhook", "--region", "eu-west-1", "--local-endpoints", "cdk.out/local-endpoints.json",
            "--max", "5"});

        assertThat(options).isEqualTo(new RedriveOptions("https://q", "dev-ledger", "dev/channels/slack-webhook",
                Optional.of("eu-west-1"), Optional.of(Path.of("cdk.out/local-endpoints.json")), 5));
    }

    @Test
    void saysWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> RedriveOptions.parse(new String[] {"--ledger-table", "t", "--secret-id", "s"}))
                .hasMessage("--queue-url is required: the channel's notices queue (<env>-<channel>-notices)");
        assertThatThrownBy(() -> RedriveOptions.parse(new String[] {"--queue-url", "q", "--secret-id", "s"}))
                .hasMessageStartingWith("--ledger-table is required");
        assertThatThrownBy(() -> RedriveOptions.parse(new String[] {"--queue-url", "q", "--ledger-table", "t"}))
                .hasMessageStartingWith("--secret-id is required");
        assertThatThrownBy(() -> RedriveOptions.parse(new String[] {"--queue-url", "q", "--max", "0"}))
                .hasMessage("--max must be a positive number, not '0'");
        assertThatThrownBy(() -> RedriveOptions.parse(new String[] {"--queue-url"})).hasMessage("--queue-url needs a value");
    }
}
