package dev.channels.local.cloudwatch;

import dev.channels.local.service.MetricsSink;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The {@code AWS/SQS} metrics SQS publishes once a minute for each queue: visible, in-flight and delayed
 * messages from the queue's attributes, and {@code ApproximateAgeOfOldestMessage}. ElasticMQ does not tell a
 * message's age, so the age is measured from when the queue last held no message at all: an upper bound of the
 * oldest message's age, exact while the first message of a backlog stays (the case the age alarms are about).
 * Not thread-safe: one sampler thread calls {@link #sample}.
 */
final class SqsSampler implements AutoCloseable {
    private final URI endpoint;
    private final Region region;
    private final Map<String, String> queueUrls;
    private final MetricsSink sink;
    private final Clock clock;
    private final Map<String, Instant> nonEmptySince = new HashMap<>();
    private SqsClient sqs;

    /** @param queueUrls local queue URL by queue name */
    SqsSampler(URI endpoint, String region, Map<String, String> queueUrls, MetricsSink sink, Clock clock) {
        this.endpoint = endpoint;
        this.region = Region.of(region);
        this.queueUrls = Map.copyOf(queueUrls);
        this.sink = sink;
        this.clock = clock;
    }

    void sample() {
        if (sqs == null) { // here, not at start: the client's first use loads classes, off the start-up path
            sqs = SqsClient.builder().endpointOverride(endpoint).region(region)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
        }
        queueUrls.forEach((name, url) -> {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            long visible = count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            long inFlight = count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
            long delayed = count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
            Instant now = clock.instant();
            Instant since = visible + inFlight + delayed == 0 ? null : nonEmptySince.computeIfAbsent(name, n -> now);
            if (since == null) {
                nonEmptySince.remove(name);
            }
            Map<String, String> dimensions = Map.of("QueueName", name);
            sink.put("AWS/SQS", "ApproximateNumberOfMessagesVisible", dimensions, visible, "Count");
            sink.put("AWS/SQS", "ApproximateNumberOfMessagesNotVisible", dimensions, inFlight, "Count");
            sink.put("AWS/SQS", "ApproximateNumberOfMessagesDelayed", dimensions, delayed, "Count");
            sink.put("AWS/SQS", "ApproximateAgeOfOldestMessage", dimensions,
                    since == null ? 0 : Duration.between(since, now).toSeconds(), "Seconds");
        });
    }

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        try {
            return Long.parseLong(attributes.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        if (sqs != null) {
            sqs.close();
        }
    }
}
