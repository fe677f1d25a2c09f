package dev.channels.local.service;

import java.util.Map;

/**
 * Where the services that AWS measures (Lambda, SQS, API Gateway) put their datapoints, as those services put
 * them into CloudWatch on AWS. The one narrow hook between them and the local CloudWatch: a service calls
 * {@link ServiceContext#metrics()} and never knows whether anything listens.
 */
@FunctionalInterface
public interface MetricsSink {
    /** Drops every datapoint: a local cloud without the monitoring layer. */
    MetricsSink NONE = (namespace, name, dimensions, value, unit) -> { };

    /**
     * One datapoint, timestamped now.
     *
     * @param dimensions name to value, e.g. {@code FunctionName -> dev-job-order-ingest}
     * @param unit       a CloudWatch unit: {@code Count}, {@code Milliseconds}, {@code Seconds}...
     */
    void put(String namespace, String name, Map<String, String> dimensions, double value, String unit);
}
