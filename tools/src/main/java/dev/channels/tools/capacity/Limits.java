package dev.channels.tools.capacity;

import java.util.List;

/**
 * The documented limits and behaviours the saturation figures rest on, each with the page it was read in
 * (stored copies, read 2026-12). {@code capacity --sources} prints them.
 */
public final class Limits {
    public static final Figure API_ACCOUNT_RATE = new Figure("API Gateway throttle per account and Region", 10_000,
            "requests/s (burst 5,000); applies when the stage sets no rate",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html");

    public static final Figure SQS_STANDARD_THROUGHPUT = new Figure("SQS standard queue throughput", Double.POSITIVE_INFINITY,
            "API calls/s (\"a nearly unlimited number of API calls per second, per API action\")",
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-throughput-horizontal-scaling-and-batching.html");

    public static final Figure SQS_BILLED_CHUNK = new Figure("SQS billed payload chunk", 64 * 1024,
            "bytes (each 64 KB chunk of a payload is billed as one request)", "https://aws.amazon.com/sqs/pricing/");

    public static final Figure SQS_DATA_KEY_REUSE = new Figure("SQS KMS data key reuse period, default", 300,
            "seconds (KmsDataKeyReusePeriodSeconds when the queue does not set it)",
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html");

    /** R = B / D * (2 * P + C) KMS requests per queue: B seconds billed, D reuse period, P producers, C consumers. */
    public static final String SQS_KMS_FORMULA = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/"
            + "sqs-key-management.html (Estimating AWS KMS costs: R = B / D * (2 * P + C) per queue)";

    public static final Figure LAMBDA_ACCOUNT_CONCURRENCY = new Figure("Lambda concurrent executions per account and Region",
            1_000, "executions (default); applies when the SQS event source sets no maximum concurrency",
            "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html");

    public static final Figure DYNAMODB_WRITE_UNIT = new Figure("DynamoDB write request unit", 1024,
            "bytes of item per unit, rounded up; every global secondary index the write touches adds its own",
            "https://aws.amazon.com/dynamodb/pricing/on-demand/");

    public static final Figure DYNAMODB_NEW_TABLE_WRITES = new Figure("DynamoDB new on-demand table", 4_000,
            "write request units/s at once; then up to twice the previous peak within 30 minutes",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pre-warming-on-demand-capacity-mode.html");

    public static final Figure DYNAMODB_PARTITION_WRITES = new Figure("DynamoDB partition", 1_000, "write request units/s",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html");

    /** Each caller's connection asks KMS for the table key again after five minutes of inactivity. */
    public static final String DYNAMODB_TABLE_KEY_CACHE = "https://docs.aws.amazon.com/kms/latest/developerguide/"
            + "services-dynamodb.html (Table key caching: per connection, again after five minutes of inactivity)";

    public static final Figure STREAM_POLLS = new Figure("Lambda polls of a DynamoDB stream shard", 4, "polls/s (base rate)",
            "https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html (Polling and batching streams)");

    public static final Figure SLACK_WEBHOOK_RATE = new Figure("Slack message posting", 1,
            "message/s per webhook (short bursts allowed); one webhook per env, so all its channels share it",
            "https://api.slack.com/docs/rate-limits (Posting messages: 1 per second); incoming webhooks: "
                    + "https://api.slack.com/changelog/2018-03-great-rate-limits");

    public static final Figure XRAY_RESERVOIR = new Figure("X-Ray default sampling, reservoir", 1, "traced request/s",
            "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html; "
                    + "https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html");

    public static final Figure XRAY_RATE = new Figure("X-Ray default sampling, rate", 0.05, "of the requests beyond the reservoir",
            "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html; "
                    + "https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html");

    public static final List<Figure> ALL = List.of(API_ACCOUNT_RATE, SQS_STANDARD_THROUGHPUT, SQS_BILLED_CHUNK,
            SQS_DATA_KEY_REUSE, LAMBDA_ACCOUNT_CONCURRENCY, DYNAMODB_WRITE_UNIT, DYNAMODB_NEW_TABLE_WRITES,
            DYNAMODB_PARTITION_WRITES, STREAM_POLLS, SLACK_WEBHOOK_RATE, XRAY_RESERVOIR, XRAY_RATE);

    private Limits() {
    }
}
