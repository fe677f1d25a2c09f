package dev.channels.constructs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.channels.contract.ChangeKind;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.TableClass;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.IConstruct;

/** Stacks for construct tests: a fixed account and region, a stub asset instead of the Lambda jar. */
final class TestEnvironments {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";

    private TestEnvironments() {
    }

    static Stack stack(App app, String env) {
        return new Stack(app, env + "-channels", StackProps.builder()
                .env(Environment.builder().account(ACCOUNT).region(REGION).build())
                .build());
    }

    static ChannelsEnvironmentProps.Builder envProps(String env) {
        return ChannelsEnvironmentProps.builder()
                .envName(env)
                .alarmEmail("alarms@example.com")
                .throttle(50, 100)
                .lambdaCode(Code.fromAsset(Path.of("src/test/resources/stub-lambda").toAbsolutePath().toString()));
    }

    static ChannelsEnvironment environment(Stack stack, ChannelsEnvironmentProps props) {
        return new ChannelsEnvironment(stack, "Environment", props);
    }

    /** JobOrder as the tests use it: a GSI on status + updatedAt and a schema requiring the id. */
    static ChannelProps jobOrder() {
        return ChannelProps.builder()
                .name("JobOrder")
                .index("status", "updatedAt")
                .requestSchema(JsonSchema.builder()
                        .type(JsonSchemaType.OBJECT)
                        .required(List.of("id"))
                        .properties(Map.of("id", JsonSchema.builder().type(JsonSchemaType.STRING).minLength(1).build()))
                        .build())
                .build();
    }

    static ChannelProps candidate() {
        return ChannelProps.builder().name("Candidate").build();
    }

    /** A channel that sets every optional setting. */
    static ChannelProps placement() {
        return ChannelProps.builder()
                .name("Placement")
                .idProperty("placementId")
                .versionProperty("revision")
                .rawArchive(true)
                .notifyOn(ChangeKind.REMOVE, ChangeKind.INSERT)
                .notifyProperties("status", "candidateId")
                .titleTemplate("Placement {id} {event}: {property:status}")
                .build();
    }

    /** A channel that overrides every default it may: function memory and timeouts, batch sizes, table props. */
    static ChannelProps tuned() {
        return ChannelProps.builder()
                .name("Placement")
                .index("status")
                .ingestMemorySize(2048)
                .ingestTimeout(Duration.seconds(45))
                .ingestBatchSize(5)
                .notifyMemorySize(512)
                .notifyTimeout(Duration.minutes(2))
                .notifyBatchSize(50)
                .table(table -> table
                        .billingMode(BillingMode.PROVISIONED)
                        .readCapacity(4)
                        .writeCapacity(2)
                        .tableClass(TableClass.STANDARD_INFREQUENT_ACCESS))
                .build();
    }

    /** The logical id of the CloudFormation resource behind an L2 construct. */
    static String logicalId(IConstruct construct) {
        return Stack.of(construct).getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    /** {@code {"Fn::GetAtt": [logicalId, attribute]}}, as the template refers to an attribute. */
    static Map<String, Object> getAtt(IConstruct construct, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId(construct), attribute));
    }

    /** A map of any size from alternating keys and values ({@code Map.of} stops at ten pairs). */
    static Map<String, Object> properties(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** {@code {"Ref": logicalId}}. */
    static Map<String, Object> ref(IConstruct construct) {
        return Map.of("Ref", logicalId(construct));
    }
}
