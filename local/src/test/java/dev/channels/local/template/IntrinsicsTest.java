package dev.channels.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.Fixtures;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.json.Json;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntrinsicsTest {
    private static final String TABLE = "JobOrderTable7857BD03";
    private static final String INBOX = "JobOrderInbox9156956C";
    private static final String FUNCTION = "JobOrderIngest84A8A247";

    private final ResolvedStack stack = Fixtures.stack();

    @Test
    void tableRefIsItsNameAndItsAttributesAreLocalArns() {
        assertThat(stack.ref(TABLE)).isEqualTo("test-job-order");
        assertThat(stack.getAtt(TABLE, "Arn")).isEqualTo("arn:aws:dynamodb:eu-west-1:123456789012:table/test-job-order");
        assertThat(stack.getAtt(TABLE, "StreamArn"))
                .isEqualTo("arn:aws:dynamodb:eu-west-1:123456789012:table/test-job-order/stream/2000-01-01T00:00:00.000");
    }

    @Test
    void queueRefIsItsLocalQueueUrl() {
        assertThat(stack.ref(INBOX)).isEqualTo("http://127.0.0.1:9324/123456789012/test-job-order-inbox");
        assertThat(stack.getAtt(INBOX, "Arn")).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:test-job-order-inbox");
        assertThat(stack.getAtt(INBOX, "QueueName")).isEqualTo("test-job-order-inbox");
    }

    @Test
    void queuePropertiesResolveTheDeadLetterQueueArn() {
        ObjectNode properties = stack.properties(stack.resource(INBOX));

        assertThat(properties.path("RedrivePolicy").path("deadLetterTargetArn").asText())
                .isEqualTo("arn:aws:sqs:eu-west-1:123456789012:test-job-order-inbox-dlq");
        assertThat(properties.path("KmsMasterKeyId").asText()).matches("arn:aws:kms:eu-west-1:123456789012:key/[0-9a-f-]{36}");
    }

    @Test
    void bucketNameFromJoinWithPseudoParametersAndGlobalArn() {
        assertThat(stack.ref("JobOrderArchive058ADFA9")).isEqualTo("test-job-order-archive-123456789012-eu-west-1");
        assertThat(stack.getAtt("JobOrderArchive058ADFA9", "Arn")).isEqualTo("arn:aws:s3:::test-job-order-archive-123456789012-eu-west-1");
    }

    @Test
    void unnamedResourcesGetStableCloudFormationStyleNames() {
        String bucket = stack.ref("AccessLogBucket9A5086CA");
        String table = stack.ref("JobOrderHistoryB1E5F0C2");

        assertThat(bucket).startsWith("test-channels-accesslogbucket9a5086ca-").matches("[a-z0-9-]{3,63}");
        assertThat(table).startsWith("test-channels-JobOrderHistoryB1E5F0C2-");
        assertThat(Fixtures.stack().ref("AccessLogBucket9A5086CA")).isEqualTo(bucket);
    }

    @Test
    void secretRefIsAnArnWithTheSixCharacterSuffix() {
        assertThat(stack.ref("EnvironmentSlackWebhook95185EDC"))
                .matches("arn:aws:secretsmanager:eu-west-1:123456789012:secret:test/channels/slack-webhook-[a-z0-9]{6}");
        assertThat(stack.physicalName("ApiTokenSecret2F6B7C10")).isEqualTo("test/channels/api-token");
    }

    @Test
    void functionEnvironmentResolvesRefsGetAttsSubAndDropsNoValue() {
        ObjectNode properties = stack.properties(stack.resource(FUNCTION));
        JsonNode variables = properties.path("Environment").path("Variables");

        assertThat(variables.path("TABLE_NAME").asText()).isEqualTo("test-job-order");
        assertThat(variables.path("INBOX_URL").asText()).isEqualTo("http://127.0.0.1:9324/123456789012/test-job-order-inbox");
        assertThat(variables.path("STREAM_ARN").asText()).isEqualTo(stack.getAtt(TABLE, "StreamArn"));
        assertThat(variables.path("ARCHIVE_BUCKET").asText()).isEqualTo("test-job-order-archive-123456789012-eu-west-1");
        assertThat(variables.path("SLACK_SECRET_ARN").asText()).isEqualTo(stack.ref("EnvironmentSlackWebhook95185EDC"));
        assertThat(variables.has("PROD_ONLY")).as("Fn::If to AWS::NoValue removes the variable").isFalse();
        assertThat(variables.path("REGION_LABEL").asText()).isEqualTo("eu-west-1/b/${Literal}");
        assertThat(properties.path("Code").path("S3Bucket").asText()).isEqualTo("cdk-hnb659fds-assets-123456789012-eu-west-1");
        assertThat(properties.path("Role").asText()).matches("arn:aws:iam::123456789012:role/test-channels-JobOrderIngestRoleE394494F-[A-Z0-9]{12}");
        assertThat(stack.codeAsset(stack.resource(FUNCTION)).path()).hasFileName("asset." + Fixtures.ASSET_HASH + ".jar");
    }

    @Test
    void aliasRefSelectedFromItsSplitArnGivesFunctionAndAlias() {
        ObjectNode mapping = stack.properties(stack.resource("JobOrderIngestAliasInboxSource1998DBC9"));

        assertThat(stack.ref("JobOrderIngestAlias7E6FEDD2")).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:test-job-order-ingest:live");
        assertThat(mapping.path("FunctionName").asText()).isEqualTo("test-job-order-ingest:live");
        assertThat(mapping.path("EventSourceArn").asText()).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:test-job-order-inbox");
    }

    @Test
    void everyCreatedResourceOfTheFixtureResolvesCompletely() {
        for (TemplateResource resource : stack.template().resources().values()) {
            if (stack.intrinsics().isActive(resource)) {
                String resolved = stack.properties(resource).toString();
                assertThat(resolved).as(resource.logicalId()).doesNotContain("\"Ref\"", "\"Fn::");
                assertThat(stack.ref(resource.logicalId())).as(resource.logicalId()).isNotBlank();
            }
        }
    }

    @Test
    void pseudoParameters() {
        JsonNode resolved = stack.intrinsics().resolve(Json.object().put("Fn::Sub",
                "${AWS::AccountId} ${AWS::Region} ${AWS::Partition} ${AWS::URLSuffix} ${AWS::StackName}"), "Test");

        assertThat(resolved.asText()).isEqualTo("123456789012 eu-west-1 aws amazonaws.com test-channels");
    }

    @Test
    void conditionsDecideFnIfAndWhichResourcesExist() {
        assertThat(stack.properties(stack.resource(TABLE)).path("DeletionProtectionEnabled").asBoolean(true)).isFalse();
        assertThat(stack.resources("AWS::DynamoDB::Table")).extracting(TemplateResource::logicalId)
                .containsExactly(TABLE, "JobOrderHistoryB1E5F0C2");
        assertThat(stack.resources("AWS::CDK::Metadata")).hasSize(1); // Fn::Or of Fn::Equals on the region
        assertThatThrownBy(() -> stack.ref("ProdOnlyTable4C1D2E3F"))
                .isInstanceOf(ResolveException.class)
                .hasMessage("ProdOnlyTable4C1D2E3F: Ref ProdOnlyTable4C1D2E3F: ProdOnlyTable4C1D2E3F is not created, its condition IsProd is false");
    }

    @Test
    void aParameterValueChangesConditions() {
        ResolvedStack prod = Fixtures.stack(Map.of("Env", "prod"));

        assertThat(prod.resources("AWS::DynamoDB::Table")).hasSize(3);
        assertThatThrownBy(() -> prod.properties(prod.resource("ProdOnlyTable4C1D2E3F")))
                .isInstanceOf(ResolveException.class)
                .hasMessage("ProdOnlyTable4C1D2E3F.Properties.TableName: Fn::ImportValue is not supported");
    }

    @Test
    void anUnresolvableIntrinsicFailsWithLogicalIdAndPropertyPath() {
        ResolvedStack stack = inline("""
                {"Resources":{"JobOrderIngestFn":{"Type":"AWS::Lambda::Function","Properties":{
                  "Environment":{"Variables":{"TABLE_NAME":{"Fn::ImportValue":"shared-table"}}},
                  "Tags":[{"Key":"a","Value":{"Fn::GetAtt":["JobOrderIngestFn","Nope"]}}]}}}}
                """);
        TemplateResource function = stack.resource("JobOrderIngestFn");

        assertThatThrownBy(() -> stack.properties(function))
                .isInstanceOf(ResolveException.class)
                .hasMessage("JobOrderIngestFn.Properties.Environment.Variables.TABLE_NAME: Fn::ImportValue is not supported")
                .extracting(e -> ((ResolveException) e).path())
                .isEqualTo("JobOrderIngestFn.Properties.Environment.Variables.TABLE_NAME");
        assertThatThrownBy(() -> stack.intrinsics().resolve(function.properties().path("Tags"), "JobOrderIngestFn.Properties.Tags"))
                .hasMessage("JobOrderIngestFn.Properties.Tags[0].Value: Fn::GetAtt JobOrderIngestFn.Nope: attribute Nope of "
                        + "AWS::Lambda::Function is not supported by the local cloud (supported: Arn)");
    }

    @Test
    void unknownNamesSsmParametersAndCyclesAreReported() {
        ResolvedStack stack = inline("""
                {"Parameters":{"Version":{"Type":"AWS::SSM::Parameter::Value<String>","Default":"/cdk/version"}},
                 "Resources":{
                  "A":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":{"Ref":"B"}}},
                  "B":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":{"Ref":"A"}}},
                  "C":{"Type":"AWS::SNS::Topic","Properties":{"DisplayName":{"Ref":"Version"},"TopicName":{"Ref":"Missing"}}},
                  "D":{"Type":"AWS::Pipes::Pipe","Properties":{"Name":{"Fn::GetAtt":["D","Arn"]}}}}}
                """);

        assertThatThrownBy(() -> stack.ref("A")).hasMessageContaining("circular reference: name of A -> name of B -> name of A");
        assertThatThrownBy(() -> stack.properties(stack.resource("C")))
                .hasMessage("C.Properties.DisplayName: Ref Version: parameter of type AWS::SSM::Parameter::Value<String> "
                        + "is read from SSM Parameter Store on deploy; give it a value for the local cloud");
        assertThatThrownBy(() -> stack.ref("C"))
                .hasMessage("C.Properties.TopicName: Ref Missing: no resource, parameter or pseudo parameter named Missing");
        assertThatThrownBy(() -> stack.properties(stack.resource("D")))
                .hasMessage("D.Properties.Name: Fn::GetAtt D.Arn: type AWS::Pipes::Pipe is unknown to the local cloud (add it to ResourceCatalog)");
        assertThat(stack.ref("D")).as("Ref of an unknown type: a generated name").startsWith("test-channels-D-");
    }

    @Test
    void subListFormJoinSelectSplitAndFindInMap() {
        ResolvedStack stack = inline("""
                {"Mappings":{"Sizes":{"eu-west-1":{"Memory":"512"}}},"Resources":{}}
                """);
        Intrinsics intrinsics = stack.intrinsics();

        assertThat(intrinsics.resolve(parse("{\"Fn::Sub\":[\"${A}-${B}\",{\"A\":\"x\",\"B\":{\"Fn::Join\":[\".\",[\"y\",\"z\"]]}}]}"), "T").asText())
                .isEqualTo("x-y.z");
        assertThat(intrinsics.resolve(parse("{\"Fn::Select\":[\"2\",{\"Fn::Split\":[\",\",\"a,b,c\"]}]}"), "T").asText()).isEqualTo("c");
        assertThat(intrinsics.resolve(parse("{\"Fn::FindInMap\":[\"Sizes\",{\"Ref\":\"AWS::Region\"},\"Memory\"]}"), "T").asText())
                .isEqualTo("512");
        assertThat(intrinsics.resolve(parse("[\"a\",{\"Ref\":\"AWS::NoValue\"},\"b\"]"), "T")).hasSize(2);
        assertThatThrownBy(() -> intrinsics.resolve(parse("{\"Fn::Select\":[3,[\"a\"]]}"), "T"))
                .hasMessage("T: Fn::Select: index 3 is out of range of [\"a\"]");
    }

    private static ResolvedStack inline(String template) {
        var artifact = new dev.channels.local.assembly.StackArtifact("test-channels", "test-channels", Optional.of("123456789012"),
                Optional.of("eu-west-1"), Fixtures.assembly().resolve("inline.json"), (ObjectNode) parse(template), Map.of());
        return ResolvedStack.of(artifact, ResourceCatalog.defaults(), LocalAddresses.of(Fixtures.SQS), Map.of());
    }

    private static JsonNode parse(String json) {
        return Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
