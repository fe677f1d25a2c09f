package dev.channels.lambdas.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.contract.Metrics;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.support.lambda.RecordingLambdaLogger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountersTest {

    @Test
    void writesOneEmfDocumentWithEveryMetricZerosIncluded() {
        Counters counters = new Counters("dev", "JobOrder", Metrics.NOTIFY_HANDLER, Metrics.NOTIFY_METRICS);
        counters.add(Metrics.RECEIVED, 3);
        counters.increment(Metrics.SLACK_REJECTED);

        String emf = counters.toEmf(Instant.parse("2025-11-25T09:30:00Z"));

        assertThat(emf).doesNotContain("\n").isEqualTo("{\"_aws\":{\"Timestamp\":1764063000000,\"CloudWatchMetrics\":[{"
                + "\"Namespace\":\"Channels\",\"Dimensions\":[[\"Env\",\"Channel\",\"Handler\"]],\"Metrics\":["
                + "{\"Name\":\"received\",\"Unit\":\"Count\"},{\"Name\":\"duplicate\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"failed\",\"Unit\":\"Count\"},{\"Name\":\"slack_posted\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"slack_retried\",\"Unit\":\"Count\"},{\"Name\":\"slack_rejected\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"parked\",\"Unit\":\"Count\"}]}]},"
                + "\"Env\":\"dev\",\"Channel\":\"JobOrder\",\"Handler\":\"notify\","
                + "\"received\":3,\"duplicate\":0,\"failed\":0,\"slack_posted\":0,\"slack_retried\":0,\"slack_rejected\":1,\"parked\":0}");
        assertThat(LogLines.lastMetrics(List.of(emf))).containsEntry("slack_rejected", 1L).hasSize(7);
    }

    @Test
    void refusesAMetricItDoesNotPublish() {
        Counters counters = new Counters("dev", "JobOrder", Metrics.INGEST_HANDLER, Metrics.INGEST_METRICS);

        assertThatThrownBy(() -> counters.increment(Metrics.SLACK_POSTED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logLinesAreJsonObjectsWithTheHandlerChannelAndOutcome() {
        RecordingLambdaLogger logger = new RecordingLambdaLogger();

        new JsonLog(logger, "ingest", "JobOrder", "req-1").warn("rejected", "messageId", "m-1", "id", null, "reason", "a \"b\"\nc");

        assertThat(logger.lines()).containsExactly("{\"level\":\"WARN\",\"handler\":\"ingest\",\"channel\":\"JobOrder\","
                + "\"requestId\":\"req-1\",\"outcome\":\"rejected\",\"messageId\":\"m-1\",\"reason\":\"a \\\"b\\\"\\nc\"}");
    }
}
