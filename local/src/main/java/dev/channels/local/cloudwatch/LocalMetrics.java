package dev.channels.local.cloudwatch;

import java.util.Set;

/** AWS's own metrics the local cloud does not measure: printed at start, and noted on an alarm that uses one. */
final class LocalMetrics {
    static final String NOT_MEASURED = "AWS/SQS NumberOfMessagesSent/Received/Deleted and NumberOfEmptyReceives (ElasticMQ"
            + " does not count them), AWS/Lambda Throttles (a local invocation waits for an instance instead)";
    private static final Set<String> UNMEASURED = Set.of("AWS/SQS NumberOfMessagesSent", "AWS/SQS NumberOfMessagesReceived",
            "AWS/SQS NumberOfMessagesDeleted", "AWS/SQS NumberOfEmptyReceives", "AWS/Lambda Throttles");

    private LocalMetrics() {
    }

    static boolean measured(MetricKey metric) {
        return !UNMEASURED.contains(metric.namespace() + " " + metric.name());
    }
}
