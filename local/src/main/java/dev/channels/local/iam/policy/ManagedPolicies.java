package dev.channels.local.iam.policy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The AWS managed policies a template may attach to a role, with the statements AWS documents for them (AWS
 * Managed Policy Reference Guide, {@code docs.aws.amazon.com/aws-managed-policy/latest/reference/<Name>.html}).
 * A managed policy missing here is reported and grants nothing.
 */
final class ManagedPolicies {
    private static final String LOGS = """
            {"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}""";
    private static final Map<String, String> DOCUMENTS = Map.of(
            // .../reference/AWSLambdaBasicExecutionRole.html
            "AWSLambdaBasicExecutionRole", statements(LOGS),
            // .../reference/AWSLambdaSQSQueueExecutionRole.html
            "AWSLambdaSQSQueueExecutionRole", statements("""
                    {"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueAttributes"],
                     "Resource":"*"}""", LOGS),
            // .../reference/AWSLambdaDynamoDBExecutionRole.html
            "AWSLambdaDynamoDBExecutionRole", statements("""
                    {"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords",
                     "dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":"*"}""", LOGS),
            // .../reference/AWSXRayDaemonWriteAccess.html
            "AWSXRayDaemonWriteAccess", statements("""
                    {"Effect":"Allow","Action":["xray:PutTraceSegments","xray:PutTelemetryRecords",
                     "xray:GetSamplingRules","xray:GetSamplingTargets","xray:GetSamplingStatisticSummaries"],
                     "Resource":"*"}"""));

    private ManagedPolicies() {
    }

    /** The policy named by {@code arn:<partition>:iam::aws:policy/[path/]Name}, if this table has it. */
    static Optional<PolicyDocument> find(String policyArn, Consumer<String> unsupported) {
        String name = policyArn.substring(policyArn.lastIndexOf('/') + 1);
        return Optional.ofNullable(DOCUMENTS.get(name))
                .map(json -> PolicyDocument.read(name, TextNode.valueOf(json), false, unsupported));
    }

    static boolean isAwsManaged(String policyArn) {
        return policyArn.matches("arn:[^:]+:iam::aws:policy/.+");
    }

    private static String statements(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }
}
