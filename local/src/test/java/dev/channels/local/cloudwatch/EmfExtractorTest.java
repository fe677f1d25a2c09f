package dev.channels.local.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmfExtractorTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final long MILLIS = NOW.toEpochMilli();

    @Test
    void aHandlersLineGivesEachMetricWithItsDimensionsAndTimestamp() {
        String line = "{\"_aws\":{\"Timestamp\":" + MILLIS + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Channels\","
                + "\"Dimensions\":[[\"Env\",\"Channel\",\"Handler\"]],\"Metrics\":[{\"Name\":\"failed\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"written\",\"Unit\":\"Count\"}]}]},\"Env\":\"dev\",\"Channel\":\"JobOrder\",\"Handler\":\"ingest\","
                + "\"failed\":1,\"written\":9}";
        List<EmfExtractor.Extracted> extracted = EmfExtractor.extract(line, NOW);
        Map<String, String> dimensions = Map.of("Env", "dev", "Channel", "JobOrder", "Handler", "ingest");
        assertThat(extracted).containsExactly(
                new EmfExtractor.Extracted(MetricKey.of("Channels", "failed", dimensions), new Datapoint(NOW, 1, "Count")),
                new EmfExtractor.Extracted(MetricKey.of("Channels", "written", dimensions), new Datapoint(NOW, 9, "Count")));
    }

    @Test
    void arrayValuesAndSeveralDimensionSets() {
        String line = "{\"_aws\":{\"Timestamp\":" + MILLIS + ",\"CloudWatchMetrics\":[{\"Namespace\":\"N\","
                + "\"Dimensions\":[[\"A\"],[]],\"Metrics\":[{\"Name\":\"latency\"}]}]},\"A\":\"x\",\"latency\":[1,2]}";
        assertThat(EmfExtractor.extract(line, NOW)).extracting(EmfExtractor.Extracted::key).containsExactly(
                MetricKey.of("N", "latency", Map.of("A", "x")), MetricKey.of("N", "latency", Map.of("A", "x")),
                MetricKey.of("N", "latency", Map.of()), MetricKey.of("N", "latency", Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "plain text from a handler",
            "{\"level\":\"INFO\",\"outcome\":\"written\"}",
            "{\"_aws\":{\"Timestamp\":\"soon\",\"CloudWatchMetrics\":[]}}",
            "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"m\"}]}]},\"m\":1}",
            "{\"_aws\":{\"Timestamp\":NOW,\"CloudWatchMetrics\":[{\"Namespace\":\"AWS/Lambda\",\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"Errors\"}]}]},\"Errors\":1}",
            "{\"_aws\":{\"Timestamp\":NOW,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[\"Missing\"]],\"Metrics\":[{\"Name\":\"m\"}]}]},\"m\":1}",
            "{\"_aws\":{\"Timestamp\":NOW,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[\"D\"]],\"Metrics\":[{\"Name\":\"m\"}]}]},\"D\":{\"x\":1},\"m\":1}",
            "{\"_aws\":{\"Timestamp\":NOW,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"m\"}]}]},\"m\":\"NaN\"}",
            "{\"_aws\": {\"Timestamp\":NOW, \"CloudWatchMetrics\": [{\"Namespace\": \"N\", \"Dimensions\": [[]]"})
    void hostileOrInvalidLinesGiveNoMetrics(String line) {
        assertThat(EmfExtractor.extract(line.replace("NOW", Long.toString(MILLIS)), NOW)).isEmpty();
    }
}
