package dev.channels.tools.capacity;

import java.util.List;

/**
 * Every price the capacity calculator uses, in one place: AWS list prices for US East (N. Virginia),
 * us-east-1, in USD, read 2026-12. The dev env of cdk.json is in eu-west-1, but the stored copies of the
 * pricing pages that could be read here carry no eu-west-1 figures (the region tables are rendered with
 * JavaScript), so every figure is the us-east-1 one and the output says so. Free tiers are left out: every
 * figure is the first paid tier. Where the number was read in a page other than AWS's own, {@link Price#readIn}
 * names it; docs/design/capacity-and-cost.md lists them all ({@code capacity --sources} prints this class).
 */
public final class Prices {
    public static final String REGION = "us-east-1 (US East, N. Virginia)";
    public static final String READ = "2026-12";

    public static final Price API_GATEWAY_REST_REQUESTS = new Price("API Gateway REST API requests", 3.50, 1_000_000,
            "requests (first 333 million a month)", "https://aws.amazon.com/api-gateway/pricing/",
            "AWS whitepaper, Best Practices for Designing Amazon API Gateway Private APIs and Private Integration, "
                    + "Cost optimization, Table 4: https://docs.aws.amazon.com/whitepapers/latest/"
                    + "best-practices-api-gateway-private-apis-integration/cost-optimization.html");

    public static final Price SQS_REQUESTS = new Price("SQS standard queue requests", 0.40, 1_000_000,
            "requests (1 million to 100 billion a month; each 64 KB chunk of a payload is one request)",
            "https://aws.amazon.com/sqs/pricing/",
            "https://blog.awsfundamentals.com/sqs-pricing and https://unanswered.io/guide/aws-sqs-pricing-and-cost-optimization, "
                    + "both quoting the page");

    public static final Price LAMBDA_REQUESTS = new Price("Lambda requests", 0.20, 1_000_000, "requests",
            "https://aws.amazon.com/lambda/pricing/", "https://cloudchipr.com/blog/aws-lambda-pricing (us-east-1 figures)");

    public static final Price LAMBDA_ARM_DURATION = new Price("Lambda duration, Arm", 0.0000133334, 1,
            "GB-seconds (first 7.5 billion GB-s a month)", "https://aws.amazon.com/lambda/pricing/",
            "https://cloudchipr.com/blog/aws-lambda-pricing (us-east-1 figures)");

    public static final Price LAMBDA_X86_DURATION = new Price("Lambda duration, x86", 0.0000166667, 1,
            "GB-seconds (first 6 billion GB-s a month)", "https://aws.amazon.com/lambda/pricing/",
            "https://cloudchipr.com/blog/aws-lambda-pricing (us-east-1 figures)");

    public static final Price DYNAMODB_WRITE_REQUEST_UNITS = new Price("DynamoDB on-demand write request units", 0.625,
            1_000_000, "write request units (Standard table class; one unit writes up to 1 KB)",
            "https://aws.amazon.com/dynamodb/pricing/on-demand/",
            "https://airbyte.com/data-engineering-resources/dynamodb-pricing (us-east-1, after the November 2024 reduction)");

    /**
     * Free: "You are not charged for GetRecords API calls invoked by AWS Lambda as part of DynamoDB triggers"
     * (the on-demand pricing page, quoted in https://notes.paulswail.com/public/DynamoDB+streams); the DynamoDB
     * developer guide, "Evaluate your Streams usage": "Read requests made by AWS Lambda-based consumers of
     * DynamoDB Streams are free".
     */
    public static final Price DYNAMODB_STREAM_READS_BY_LAMBDA = new Price("DynamoDB Streams reads by a Lambda trigger", 0, 1,
            "GetRecords calls", "https://aws.amazon.com/dynamodb/pricing/on-demand/",
            "https://notes.paulswail.com/public/DynamoDB+streams (quotes the page); "
                    + "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CostOptimization_StreamsUsage.html");

    private static final String S3_PRICE_LIST = "AWS Price List, AmazonS3 us-east-1 offer 20260928230416: "
            + "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonS3/current/us-east-1/index.json";

    public static final Price S3_PUT_REQUESTS = new Price("S3 PUT requests", 0.005, 1_000,
            "PUT, COPY, POST or LIST requests (S3 Standard)", "https://aws.amazon.com/s3/pricing/", S3_PRICE_LIST);

    public static final Price S3_GET_REQUESTS = new Price("S3 GET requests", 0.0004, 1_000, "GET requests (S3 Standard)",
            "https://aws.amazon.com/s3/pricing/", S3_PRICE_LIST);

    public static final Price S3_STANDARD_STORAGE = new Price("S3 Standard storage", 0.023, 1, "GB-months (first 50 TB)",
            "https://aws.amazon.com/s3/pricing/", S3_PRICE_LIST);

    public static final Price KMS_KEYS = new Price("KMS customer managed keys", 1.00, 1, "key-months",
            "https://aws.amazon.com/kms/pricing/", "the page as archived on 2019-03-08 (web.archive.org), and "
                    + "https://www.wring.co/blog/aws-kms-pricing-guide");

    public static final Price KMS_REQUESTS = new Price("KMS requests", 0.03, 10_000, "symmetric key requests",
            "https://aws.amazon.com/kms/pricing/", "https://www.wring.co/blog/aws-kms-pricing-guide");

    private static final String CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";

    public static final Price CLOUDWATCH_CUSTOM_METRICS = new Price("CloudWatch custom metrics", 0.30, 1,
            "metric-months (first 10,000 metrics; an EMF metric is a custom metric)", CLOUDWATCH,
            "https://signoz.io/guides/cloudwatch-pricing");

    public static final Price CLOUDWATCH_ALARMS = new Price("CloudWatch alarms", 0.10, 1,
            "standard-resolution alarm metric-months", CLOUDWATCH,
            "https://signoz.io/guides/cloudwatch-pricing and the AWS blog quoted by it");

    public static final Price CLOUDWATCH_LOG_INGESTION = new Price("CloudWatch Logs ingestion", 0.50, 1,
            "GB ingested (Standard log class, first tier)", CLOUDWATCH,
            "https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/");

    public static final Price CLOUDWATCH_LOG_STORAGE = new Price("CloudWatch Logs storage", 0.03, 1,
            "GB-months stored (compressed)", CLOUDWATCH, "https://cloudburn.io/blog/amazon-cloudwatch-pricing");

    public static final Price CLOUDWATCH_DASHBOARDS = new Price("CloudWatch dashboards", 3.00, 1,
            "dashboard-months (beyond the first 3)", CLOUDWATCH,
            "https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/");

    public static final Price SECRETS_MANAGER_SECRETS = new Price("Secrets Manager secrets", 0.40, 1, "secret-months",
            "https://aws.amazon.com/secrets-manager/pricing/", "https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms "
                    + "(0.40 USD per secret per month)");

    public static final Price SECRETS_MANAGER_API_CALLS = new Price("Secrets Manager API calls", 0.05, 10_000, "API calls",
            "https://aws.amazon.com/secrets-manager/pricing/", "https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms");

    public static final Price XRAY_TRACES_RECORDED = new Price("X-Ray traces recorded", 5.00, 1_000_000, "traces recorded",
            "https://aws.amazon.com/xray/pricing/", "the page's German edition, https://aws.amazon.com/de/xray/pricing/ (5 USD per million, 0.000005 USD a trace)");

    public static final List<Price> ALL = List.of(API_GATEWAY_REST_REQUESTS, SQS_REQUESTS, LAMBDA_REQUESTS,
            LAMBDA_ARM_DURATION, LAMBDA_X86_DURATION, DYNAMODB_WRITE_REQUEST_UNITS, DYNAMODB_STREAM_READS_BY_LAMBDA,
            S3_PUT_REQUESTS, S3_GET_REQUESTS, S3_STANDARD_STORAGE, KMS_KEYS, KMS_REQUESTS, CLOUDWATCH_CUSTOM_METRICS,
            CLOUDWATCH_ALARMS, CLOUDWATCH_LOG_INGESTION, CLOUDWATCH_LOG_STORAGE, CLOUDWATCH_DASHBOARDS,
            SECRETS_MANAGER_SECRETS, SECRETS_MANAGER_API_CALLS, XRAY_TRACES_RECORDED);

    private Prices() {
    }
}
