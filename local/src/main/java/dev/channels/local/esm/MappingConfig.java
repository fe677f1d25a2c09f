package dev.channels.local.esm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * One {@code AWS::Lambda::EventSourceMapping}, resolved, with AWS's defaults applied.
 *
 * @param logicalId             its logical id
 * @param uuid                  its id ({@code Ref})
 * @param functionName          {@code FunctionName} as the template gives it (e.g. {@code name:live})
 * @param functionArn           the qualified function ARN (for on-failure records)
 * @param eventSourceArn        a queue ARN or a table's stream ARN
 * @param enabled               {@code Enabled} (default true)
 * @param batchSize             {@code BatchSize} (default 10 for SQS, 100 for streams)
 * @param batchingWindow        {@code MaximumBatchingWindowInSeconds} (default 0)
 * @param reportBatchItemFailures {@code FunctionResponseTypes} contains {@code ReportBatchItemFailures}
 * @param filter                {@code FilterCriteria}
 * @param maximumConcurrency    SQS: {@code ScalingConfig.MaximumConcurrency} (default {@link #DEFAULT_SQS_CONCURRENCY} locally)
 * @param startingPosition      streams: {@code TRIM_HORIZON}, {@code LATEST} or {@code AT_TIMESTAMP}
 * @param startingTimestamp     streams: {@code StartingPositionTimestamp} for {@code AT_TIMESTAMP}
 * @param bisectOnError         streams: {@code BisectBatchOnFunctionError}
 * @param maximumRetryAttempts  streams: {@code MaximumRetryAttempts} (-1: until the record expires)
 * @param maximumRecordAge      streams: {@code MaximumRecordAgeInSeconds} (empty: -1, infinite)
 * @param onFailureArn          streams: {@code DestinationConfig.OnFailure.Destination}
 */
public record MappingConfig(String logicalId, String uuid, String functionName, String functionArn, String eventSourceArn,
        boolean enabled, int batchSize, Duration batchingWindow, boolean reportBatchItemFailures, EventFilter filter,
        int maximumConcurrency, String startingPosition, Optional<Double> startingTimestamp, boolean bisectOnError,
        int maximumRetryAttempts, Optional<Duration> maximumRecordAge, Optional<String> onFailureArn) {

    /**
     * SQS pollers when {@code MaximumConcurrency} is not set. On AWS the default is "scale up to the account's
     * concurrency" (starting with five pollers); locally five keeps a 2-core machine usable.
     */
    public static final int DEFAULT_SQS_CONCURRENCY = 5;

    public boolean isSqs() {
        return eventSourceArn.contains(":sqs:");
    }

    public boolean isDynamoDbStream() {
        return eventSourceArn.contains(":dynamodb:") && eventSourceArn.contains("/stream/");
    }

    static MappingConfig of(String logicalId, String uuid, JsonNode p, String functionArn) {
        String source = p.path("EventSourceArn").asText("");
        boolean sqs = source.contains(":sqs:");
        boolean reportFailures = false;
        for (JsonNode type : p.path("FunctionResponseTypes")) {
            reportFailures |= type.asText().equals("ReportBatchItemFailures");
        }
        JsonNode age = p.path("MaximumRecordAgeInSeconds");
        JsonNode onFailure = p.path("DestinationConfig").path("OnFailure").path("Destination");
        JsonNode timestamp = p.path("StartingPositionTimestamp");
        return new MappingConfig(logicalId, uuid, p.path("FunctionName").asText(), functionArn, source,
                p.path("Enabled").asBoolean(true),
                p.path("BatchSize").asInt(sqs ? 10 : 100),
                Duration.ofSeconds(p.path("MaximumBatchingWindowInSeconds").asInt(0)),
                reportFailures,
                p.has("FilterCriteria") ? EventFilter.of(p.path("FilterCriteria")) : EventFilter.none(),
                p.path("ScalingConfig").path("MaximumConcurrency").asInt(DEFAULT_SQS_CONCURRENCY),
                p.path("StartingPosition").asText("TRIM_HORIZON"),
                timestamp.isMissingNode() ? Optional.empty() : Optional.of(timestamp.asDouble()),
                p.path("BisectBatchOnFunctionError").asBoolean(false),
                p.path("MaximumRetryAttempts").asInt(-1),
                age.isMissingNode() || age.asInt() < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(age.asInt())),
                onFailure.isMissingNode() ? Optional.empty() : Optional.of(onFailure.asText()));
    }
}
