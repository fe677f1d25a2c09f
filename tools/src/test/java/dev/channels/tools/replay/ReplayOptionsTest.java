package dev.channels.tools.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayOptionsTest {

    @Test
    void readsEveryFlag() throws ReplayOptions.UsageException {
        ReplayOptions options = ReplayOptions.parse(new String[] {"--bucket", "dev-job-order-archive",
            "--queue-url", "https://sqs.eu-west-1.amazonaws.com/123456789012/dev-job-order-inbox",
            "--from", "2025-11-25T10:00:00+01:00", "--to", "2025-11-25T10:00:00Z", "--region", "eu-west-1"});

        assertThat(options).isEqualTo(new ReplayOptions("dev-job-order-archive",
                Optional.of("https://sqs.eu-west-1.amazonaws.com/123456789012/dev-job-order-inbox"),
                Instant.parse("2025-11-25T09:00:00Z"), Instant.parse("2025-11-25T10:00:00Z"), false, Optional.of("eu-west-1")));
    }

    @Test
    void aDryRunNeedsNoQueue() throws ReplayOptions.UsageException {
        ReplayOptions options = ReplayOptions.parse(new String[] {"--dry-run", "--bucket", "b",
            "--from", "2025-11-25T09:00:00Z", "--to", "2025-11-25T10:00:00Z"});

        assertThat(options.dryRun()).isTrue();
        assertThat(options.queueUrl()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "--from 2025-11-25T09:00:00Z --to 2025-11-25T10:00:00Z --queue-url q | --bucket is required: the channel's archive bucket",
        "--bucket b --from 2025-11-25T09:00:00Z --to 2025-11-25T10:00:00Z | --queue-url is required (the channel's inbox queue), unless --dry-run",
        "--bucket b --queue-url q --from 2025-11-25T09:00:00Z | --from and --to are required: ISO-8601 instants, e.g. 2025-11-25T09:00:00Z",
        "--bucket b --queue-url q --from 2025-11-25T09:00 --to 2025-11-25T10:00:00Z | --from '2025-11-25T09:00' is not an ISO-8601 instant with an offset, e.g. 2025-11-25T09:00:00Z",
        "--bucket b --queue-url q --from 2025-11-25T10:00:00Z --to 2025-11-25T10:00:00Z | --from must be before --to (the range is [from, to))",
        "--bucket b --queue-url q --since yesterday | unknown flag '--since'",
        "--bucket | --bucket needs a value",
    })
    void refusesWrongFlagsSayingWhatIsWrong(String args, String message) {
        assertThatThrownBy(() -> ReplayOptions.parse(args.split(" ")))
                .isInstanceOf(ReplayOptions.UsageException.class)
                .hasMessage(message);
    }
}
