package dev.channels.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsTheReplayUsage() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replay --bucket BUCKET --from INSTANT --to INSTANT");
    }

    @Test
    void helpPrintsTheRedriveNoticesUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("redrive-notices  tell Slack the changes notify parked after Slack failed",
                        "redrive-notices --queue-url URL --ledger-table TABLE --secret-id SECRET");
    }

    @Test
    void helpPrintsTheCapacityUsage() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "capacity         where a channel saturates and what it costs, from a synthesized template",
                "capacity --template FILE --channel NAME --objects-per-month N");
    }

    @Test
    void wrongCapacityUsageExitsWithTwo() {
        assertThat(run("capacity", "--channel", "JobOrder")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("capacity: --template is required");
    }

    @Test
    void wrongRedriveUsageExitsWithTwoBeforeTouchingAws() {
        assertThat(run("redrive-notices", "--queue-url", "https://q")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ledger-table is required");
    }

    @Test
    void wrongUsageExitsWithTwoBeforeTouchingAws() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("rewind")).isEqualTo(2);
        assertThat(run("replay", "--bucket", "b")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'rewind'",
                "--queue-url is required (the channel's inbox queue), unless --dry-run");
    }
}
