package dev.channels.local.iam.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.local.Fixtures;
import dev.channels.local.iam.Caller;
import dev.channels.local.iam.Permission;
import dev.channels.local.iam.StackResources;
import dev.channels.local.iam.sigv4.SignedRequest;
import dev.channels.local.template.ResolvedStack;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What each call needs, on the foundation fixture (its table, queue, bucket and secret encrypted with the
 * environment's customer managed key): the action and resource IAM names for the call, the condition keys, and the
 * key permissions its encryption implies, in the order the service checks them.
 */
class ServiceProtocolsTest {
    private static final ResolvedStack STACK = Fixtures.stack();
    private static final StackResources RESOURCES = StackResources.of(STACK);
    private static final String KEY = STACK.getAtt("EnvironmentKeyDEA985CB", "Arn");
    private static final Caller ROLE = Caller.roleSession("arn:aws:iam::123456789012:role/ingest", "test-job-order-ingest");
    private static final String TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-job-order";

    @Test
    void dynamoDbItemCallsNeedTheirActionWithLeadingKeysAndKmsDecryptOnTheTablesKey() {
        List<Permission> put = dynamo("PutItem", "{\"TableName\":\"test-job-order\",\"Item\":{\"id\":{\"S\":\"JO-1\"},\"n\":{\"N\":\"1\"}}}");
        assertThat(put).containsExactly(
                Permission.of("dynamodb:PutItem", TABLE, Map.of("dynamodb:LeadingKeys", List.of("JO-1"))),
                Permission.viaService("kms:Decrypt", KEY, "dynamodb", "eu-west-1", "123456789012"));
        assertThat(put.get(1).context()).containsEntry("kms:ViaService", List.of("dynamodb.eu-west-1.amazonaws.com"))
                .containsEntry("kms:CallerAccount", List.of("123456789012"));

        List<Permission> batch = dynamo("BatchWriteItem", "{\"RequestItems\":{\"test-job-order\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"a\"}}}},"
                + "{\"DeleteRequest\":{\"Key\":{\"id\":{\"S\":\"b\"}}}}]}}");
        assertThat(batch.get(0)).isEqualTo(Permission.of("dynamodb:BatchWriteItem", TABLE, Map.of("dynamodb:LeadingKeys", List.of("a", "b"))));

        List<Permission> transaction = dynamo("TransactWriteItems", "{\"TransactItems\":[{\"Update\":{\"TableName\":\"test-job-order\","
                + "\"Key\":{\"id\":{\"S\":\"u\"}}}},{\"ConditionCheck\":{\"TableName\":\"test-job-order\",\"Key\":{\"id\":{\"S\":\"c\"}}}}]}");
        assertThat(transaction).extracting(Permission::action)
                .containsExactly("dynamodb:UpdateItem", "dynamodb:ConditionCheckItem", "kms:Decrypt");

        assertThat(dynamo("Query", "{\"TableName\":\"test-job-order\",\"IndexName\":\"byStatus\"}").get(0))
                .isEqualTo(Permission.of("dynamodb:Query", TABLE + "/index/byStatus"));
        assertThat(dynamo("ListTables", "{}")).containsExactly(Permission.of("dynamodb:ListTables", "*"));
        assertThat(dynamo("DescribeTable", "{\"TableName\":\"test-job-order\"}")).containsExactly(Permission.of("dynamodb:DescribeTable", TABLE));
    }

    @Test
    void sqsSendNeedsGenerateDataKeyAndDecryptAndReceiveDecryptInBothProtocols() {
        String queue = "arn:aws:sqs:eu-west-1:123456789012:test-job-order-inbox";
        String url = "http://127.0.0.1:9324/123456789012/test-job-order-inbox";
        List<Permission> sendJson = new SqsProtocol().permissions(request("POST", "/", "", Map.of("X-Amz-Target", "AmazonSQS.SendMessageBatch"),
                "{\"QueueUrl\":\"" + url + "\",\"Entries\":[]}"), RESOURCES, ROLE);
        assertThat(sendJson).extracting(Permission::action).containsExactly("sqs:SendMessage", "kms:GenerateDataKey", "kms:Decrypt");
        assertThat(sendJson.get(0).resourceArn()).isEqualTo(queue);
        assertThat(sendJson.get(1).forEncryption()).isTrue();

        List<Permission> receiveQuery = new SqsProtocol().permissions(request("POST", "/123456789012/test-job-order-inbox", "",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "Action=ReceiveMessage&MaxNumberOfMessages=10"), RESOURCES, ROLE);
        assertThat(receiveQuery).containsExactly(Permission.of("sqs:ReceiveMessage", queue),
                Permission.viaService("kms:Decrypt", KEY, "sqs", "eu-west-1", "123456789012"));
        List<Permission> delete = new SqsProtocol().permissions(request("POST", "/", "", Map.of("X-Amz-Target", "AmazonSQS.DeleteMessage"),
                "{\"QueueUrl\":\"" + url + "\"}"), RESOURCES, ROLE);
        assertThat(delete).containsExactly(Permission.of("sqs:DeleteMessage", queue));
    }

    @Test
    void s3PutNeedsGenerateDataKeyGetNeedsDecryptAndListingIsOnTheBucket() {
        String bucket = STACK.physicalName("JobOrderArchive058ADFA9");
        assertThat(s3("PUT", "/" + bucket + "/payloads/a%20b", "")).containsExactly(
                Permission.of("s3:PutObject", "arn:aws:s3:::" + bucket + "/payloads/a b"),
                Permission.viaService("kms:GenerateDataKey", KEY, "s3", "eu-west-1", "123456789012"));
        assertThat(s3("GET", "/" + bucket + "/payloads/x", "")).containsExactly(
                Permission.of("s3:GetObject", "arn:aws:s3:::" + bucket + "/payloads/x"),
                Permission.viaService("kms:Decrypt", KEY, "s3", "eu-west-1", "123456789012"));
        assertThat(s3("HEAD", "/" + bucket + "/payloads/x", "")).containsExactly(Permission.of("s3:GetObject", "arn:aws:s3:::" + bucket + "/payloads/x"));
        assertThat(s3("GET", "/" + bucket, "list-type=2&prefix=payloads%2F")).containsExactly(Permission.of("s3:ListBucket", "arn:aws:s3:::" + bucket));
        assertThat(s3("GET", "/" + bucket + "/k", "versionId=3")).extracting(Permission::action).containsExactly("s3:GetObjectVersion", "kms:Decrypt");
        assertThat(s3("GET", "/", "")).containsExactly(Permission.of("s3:ListAllMyBuckets", "*"));
    }

    @Test
    void secretsManagerGetSecretValueNeedsKmsDecryptThroughSecretsManager() {
        String arn = STACK.ref("EnvironmentSlackWebhook95185EDC");
        String name = STACK.physicalName("EnvironmentSlackWebhook95185EDC");
        for (String secretId : List.of(name, arn)) {
            List<Permission> get = new SecretsManagerProtocol().permissions(request("POST", "/", "", Map.of("X-Amz-Target",
                    "secretsmanager.GetSecretValue"), "{\"SecretId\":\"" + secretId + "\"}"), RESOURCES, ROLE);
            assertThat(get).containsExactly(Permission.of("secretsmanager:GetSecretValue", arn),
                    Permission.viaService("kms:Decrypt", KEY, "secretsmanager", "eu-west-1", "123456789012"));
        }
    }

    private static List<Permission> dynamo(String operation, String body) {
        return new DynamoDbProtocol().permissions(request("POST", "/", "", Map.of("X-Amz-Target", "DynamoDB_20120810." + operation), body),
                RESOURCES, ROLE);
    }

    private static List<Permission> s3(String method, String path, String query) {
        return new S3Protocol().permissions(request(method, path, query, Map.of(), ""), RESOURCES, ROLE);
    }

    private static SignedRequest request(String method, String path, String query, Map<String, String> headers, String body) {
        Map<String, List<String>> all = new java.util.HashMap<>();
        headers.forEach((name, value) -> all.put(name, List.of(value)));
        return new SignedRequest(method, path, query, all, body.getBytes(StandardCharsets.UTF_8));
    }
}
