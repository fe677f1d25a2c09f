package dev.channels.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.local.LambdaLayer;
import dev.channels.local.api.RestApiService;
import dev.channels.local.assembly.CloudAssembly;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.iam.AccessDecision;
import dev.channels.local.iam.AccessDecision.Outcome;
import dev.channels.local.iam.AccessEvaluator;
import dev.channels.local.iam.AccessRequest;
import dev.channels.local.iam.Principal;
import dev.channels.local.iam.policy.StackPolicies;
import dev.channels.local.template.LocalAddresses;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;

/**
 * The local cloud's IAM policy evaluation on the real synthesized app: what each role, key and resource policy
 * of the dev template allows and refuses, as AWS would decide it once deployed. The roles are found the way the
 * local cloud finds them (a function's {@code Role}, a method's integration {@code Credentials}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppPoliciesTest {
    private static final Map<String, List<String>> TLS = Map.of("aws:SecureTransport", List.of("true"));
    private static final Map<String, List<String>> PLAIN_HTTP = Map.of("aws:SecureTransport", List.of("false"));

    private ResolvedStack stack;
    private AccessEvaluator evaluator;
    private final List<String> unsupported = new ArrayList<>();

    @BeforeAll
    void synthesize(@TempDir Path out) {
        stack = resolved("dev", out);
        evaluator = StackPolicies.of(stack, unsupported::add);
    }

    private static ResolvedStack resolved(String env, Path out) {
        App app = Synth.appFor(env, out);
        Synth.build(app);
        app.synth();
        ResourceCatalog catalog = RestApiService.catalog(LambdaLayer.catalog(ResourceCatalog.defaults()));
        return ResolvedStack.of(CloudAssembly.read(out).stack(Optional.empty(), Optional.of(env)), catalog,
                LocalAddresses.of(URI.create("http://127.0.0.1:4566")), Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPolicyOfTheAppIsEvaluatedNothingIsReported(String env, @TempDir Path dir) {
        List<String> reported = new ArrayList<>();
        StackPolicies.of(resolved(env, dir), reported::add);
        assertThat(reported).isEmpty();
    }

    @Test
    void theIngestRoleMayPutItemsInItsChannelsTableAndNotInAnothers() {
        Principal ingest = functionRole("dev-job-order-ingest");
        assertThat(decide(ingest, "dynamodb:PutItem", arn("AWS::DynamoDB::Table", "dev-job-order"), TLS).allowed()).isTrue();
        assertThat(decide(ingest, "dynamodb:PutItem", arn("AWS::DynamoDB::Table", "dev-candidate"), TLS)).isEqualTo(
                new AccessDecision(Outcome.IMPLICITLY_DENIED, "no identity-based policy allows the dynamodb:PutItem action"));
        assertThat(decide(ingest, "dynamodb:DeleteItem", arn("AWS::DynamoDB::Table", "dev-job-order"), TLS).allowed()).isFalse();
    }

    @Test
    void theNotifyRoleUsesOnlyItsOwnLeadingKeysOfTheSharedLedger() {
        Principal notify = functionRole("dev-job-order-notify");
        String ledger = arn("AWS::DynamoDB::Table", "dev-channels-notify-ledger");
        assertThat(decide(notify, "dynamodb:UpdateItem", ledger,
                Map.of("dynamodb:LeadingKeys", List.of("notify#JobOrder#42"))).allowed()).isTrue();
        assertThat(decide(notify, "dynamodb:GetItem", ledger,
                Map.of("dynamodb:LeadingKeys", List.of("notify#Candidate#42"))).outcome()).isEqualTo(Outcome.IMPLICITLY_DENIED);
        assertThat(decide(notify, "dynamodb:PutItem", ledger,
                Map.of("dynamodb:LeadingKeys", List.of("notify#JobOrder#42"))).allowed()).as("only Get and Update").isFalse();
    }

    @Test
    void theApisIntegrationRoleMaySendToItsInboxOnly() {
        Principal api = integrationRole("JobOrderPost");
        assertThat(decide(api, "sqs:SendMessage", arn("AWS::SQS::Queue", "dev-job-order-inbox"), TLS).allowed()).isTrue();
        assertThat(decide(api, "sqs:SendMessage", arn("AWS::SQS::Queue", "dev-candidate-inbox"), TLS).allowed()).isFalse();
        assertThat(decide(api, "sqs:SendMessage", arn("AWS::SQS::Queue", "dev-job-order-notices"), TLS).allowed()).isFalse();
        assertThat(decide(api, "sqs:ReceiveMessage", arn("AWS::SQS::Queue", "dev-job-order-inbox"), TLS).allowed()).isFalse();
    }

    @Test
    void theQueuePolicyRefusesPlainHttpEvenToTheRoleAllowedToSend() {
        AccessDecision decision = decide(integrationRole("JobOrderPost"), "sqs:SendMessage",
                arn("AWS::SQS::Queue", "dev-job-order-inbox"), PLAIN_HTTP);
        assertThat(decision.outcome()).isEqualTo(Outcome.EXPLICITLY_DENIED);
        assertThat(decision.reason()).startsWith("with an explicit deny in a resource-based policy: JobOrderInboxPolicy");
    }

    @Test
    void theIngestRoleMayDecryptThroughSqsAndDynamoDbButNotThroughSecretsManager() {
        Principal ingest = functionRole("dev-job-order-ingest");
        String key = stack.getAtt(only("AWS::KMS::Key").logicalId(), "Arn");
        assertThat(decide(ingest, "kms:Decrypt", key, viaService("sqs")).reason())
                .startsWith("the key policy EnvironmentKey").contains("delegates to the account; allowed by the identity-based policy JobOrderIngestRoleDefaultPolicy");
        assertThat(decide(ingest, "kms:GenerateDataKey", key, viaService("dynamodb")).allowed()).isTrue();
        assertThat(decide(ingest, "kms:Decrypt", key, viaService("secretsmanager")).outcome()).isEqualTo(Outcome.IMPLICITLY_DENIED);
        assertThat(decide(ingest, "kms:Decrypt", key, Map.of()).outcome()).as("straight to KMS").isEqualTo(Outcome.IMPLICITLY_DENIED);
        assertThat(decide(functionRole("dev-job-order-notify"), "kms:Decrypt", key, viaService("secretsmanager")).allowed()).isTrue();
    }

    @Test
    void theArchiveBucketPolicyRefusesPlainHttp() {
        Principal notify = functionRole("dev-job-order-notify");
        String object = "arn:aws:s3:::" + stack.physicalName(bucket("dev-job-order-archive").logicalId()) + "/payloads/42";
        assertThat(decide(notify, "s3:GetObject", object, TLS).allowed()).isTrue();
        AccessDecision plain = decide(notify, "s3:GetObject", object, PLAIN_HTTP);
        assertThat(plain.outcome()).isEqualTo(Outcome.EXPLICITLY_DENIED);
        assertThat(plain.reason()).startsWith("with an explicit deny in a resource-based policy: JobOrderArchivePolicy");
        assertThat(decide(notify, "s3:PutObject", object, TLS).allowed()).as("notify only reads").isFalse();
    }

    @Test
    void cloudWatchMayPublishItsOwnEnvsAlarmsToTheEncryptedTopic() {
        Principal cloudWatch = new Principal(Principal.Kind.SERVICE, "cloudwatch.amazonaws.com", stack.pseudo().accountId());
        String topic = stack.ref(only("AWS::SNS::Topic").logicalId());
        String alarm = "arn:aws:cloudwatch:" + stack.pseudo().region() + ":" + stack.pseudo().accountId() + ":alarm:";
        Map<String, List<String>> ownAlarm = Map.of("aws:SourceArn", List.of(alarm + "dev-job-order-ingest-errors"),
                "aws:SourceAccount", List.of(stack.pseudo().accountId()), "aws:SecureTransport", List.of("true"));
        assertThat(decide(cloudWatch, "sns:Publish", topic, ownAlarm).allowed()).isTrue();
        assertThat(decide(cloudWatch, "sns:Publish", topic, Map.of("aws:SourceArn", List.of(alarm + "prod-x"),
                "aws:SourceAccount", List.of(stack.pseudo().accountId()))).allowed()).isFalse();
        String key = stack.getAtt(only("AWS::KMS::Key").logicalId(), "Arn");
        assertThat(decide(cloudWatch, "kms:GenerateDataKey", key, ownAlarm).reason())
                .isEqualTo("allowed by the key policy " + only("AWS::KMS::Key").logicalId()
                        + " statement AllowCloudWatchAlarmsToPublishToEncryptedTopic");
    }

    private AccessDecision decide(Principal principal, String action, String resource, Map<String, List<String>> context) {
        return evaluator.evaluate(new AccessRequest(principal, action, resource, context));
    }

    private Map<String, List<String>> viaService(String service) {
        return Map.of("kms:ViaService", List.of(service + "." + stack.pseudo().region() + ".amazonaws.com"));
    }

    /** The execution role of a function, as its {@code Role} property resolves. */
    private Principal functionRole(String functionName) {
        TemplateResource function = named("AWS::Lambda::Function", functionName);
        return role(stack.properties(function).path("Role").asText());
    }

    /** The role API Gateway assumes for a method's integration ({@code Integration.Credentials}). */
    private Principal integrationRole(String methodIdPrefix) {
        TemplateResource method = stack.resources("AWS::ApiGateway::Method").stream()
                .filter(resource -> resource.logicalId().startsWith(methodIdPrefix)).findFirst().orElseThrow();
        return role(stack.intrinsics().resolve(method.properties().path("Integration").path("Credentials"),
                method.logicalId() + ".Properties.Integration.Credentials").asText());
    }

    private Principal role(String arn) {
        assertThat(arn).startsWith("arn:aws:iam::" + stack.pseudo().accountId() + ":role/");
        return new Principal(Principal.Kind.ROLE, arn, stack.pseudo().accountId());
    }

    private String arn(String type, String physicalName) {
        return stack.getAtt(named(type, physicalName).logicalId(), "Arn");
    }

    private TemplateResource bucket(String namePrefix) {
        return stack.resources("AWS::S3::Bucket").stream()
                .filter(resource -> stack.physicalName(resource.logicalId()).startsWith(namePrefix)).findFirst().orElseThrow();
    }

    private TemplateResource named(String type, String physicalName) {
        return stack.resources(type).stream()
                .filter(resource -> stack.physicalName(resource.logicalId()).equals(physicalName)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + physicalName));
    }

    private TemplateResource only(String type) {
        List<TemplateResource> resources = stack.resources(type);
        assertThat(resources).as(type).hasSize(1);
        return resources.get(0);
    }
}
