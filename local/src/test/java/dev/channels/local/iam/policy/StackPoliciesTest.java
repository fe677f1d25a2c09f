package dev.channels.local.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.local.Fixtures;
import dev.channels.local.assembly.CloudAssembly;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.iam.AccessDecision;
import dev.channels.local.iam.AccessDecision.Outcome;
import dev.channels.local.iam.AccessEvaluator;
import dev.channels.local.iam.AccessRequest;
import dev.channels.local.iam.Principal;
import dev.channels.local.template.LocalAddresses;
import dev.channels.local.template.ResolvedStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * IAM's evaluation rules on the {@code iam/} fixture assembly (see its README row): one test per rule, each
 * asserting the outcome and the policy and statement that decided it.
 */
class StackPoliciesTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "eu-west-1";
    private static final Principal WORKER = role("worker");
    private static final Principal READER = role("reader");
    private static final Principal OPERATOR = new Principal(Principal.Kind.ACCOUNT_ROOT, "arn:aws:iam::" + ACCOUNT + ":root", ACCOUNT);
    private static final String ORDERS = "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/orders";
    private static final String LEDGER = "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/ledger";
    private static final String INBOX = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":inbox";
    private static final Map<String, List<String>> TLS = Map.of("aws:SecureTransport", List.of("true"));

    private final List<String> unsupported = new ArrayList<>();
    private final ResolvedStack stack = ResolvedStack.of(
            CloudAssembly.read(Fixtures.assembly("iam")).stack(Optional.empty(), Optional.empty()),
            ResourceCatalog.defaults(), LocalAddresses.of(Fixtures.SQS), Map.of());
    private final AccessEvaluator evaluator = StackPolicies.of(stack, unsupported::add);

    private static Principal role(String name) {
        return new Principal(Principal.Kind.ROLE, "arn:aws:iam::" + ACCOUNT + ":role/" + name, ACCOUNT);
    }

    private static Principal service(String name) {
        return new Principal(Principal.Kind.SERVICE, name, ACCOUNT);
    }

    private AccessDecision decide(Principal principal, String action, String resource, Map<String, List<String>> context) {
        return evaluator.evaluate(new AccessRequest(principal, action, resource, context));
    }

    private AccessDecision decide(Principal principal, String action, String resource) {
        return decide(principal, action, resource, TLS);
    }

    private String key(String logicalId) {
        return stack.getAtt(logicalId, "Arn");
    }

    @Test
    void anIdentityPolicyAllowsItsActionsOnItsResourceAndNothingElse() {
        assertThat(decide(WORKER, "dynamodb:PutItem", ORDERS)).isEqualTo(new AccessDecision(Outcome.ALLOWED,
                "allowed by the identity-based policy WorkerRole policy orders statement Orders"));
        assertThat(decide(WORKER, "dynamodb:PutItem", ORDERS + "-other")).isEqualTo(new AccessDecision(
                Outcome.IMPLICITLY_DENIED, "no identity-based policy allows the dynamodb:PutItem action"));
        assertThat(decide(READER, "dynamodb:PutItem", ORDERS).outcome()).isEqualTo(Outcome.IMPLICITLY_DENIED);
    }

    @Test
    void anAttachedPolicyReachesTheRoleItNames() {
        assertThat(decide(WORKER, "sqs:SendMessage", INBOX)).isEqualTo(new AccessDecision(Outcome.ALLOWED,
                "allowed by the identity-based policy WorkerPolicy statement #0"));
    }

    @Test
    void actionsMatchIgnoringCaseWithWildcardsAndArnsMatchCaseSensitively() {
        assertThat(decide(WORKER, "DynamoDB:getitem", ORDERS).allowed()).isTrue();
        assertThat(decide(WORKER, "s3:GetObject", "arn:aws:s3:::archive/payloads/1").allowed()).as("s3:Get?bject").isTrue();
        assertThat(decide(WORKER, "s3:GetObjectAcl", "arn:aws:s3:::archive/payloads/1").allowed()).isFalse();
        assertThat(decide(WORKER, "dynamodb:PutItem", ORDERS.replace("orders", "Orders")).allowed()).isFalse();
    }

    @Test
    void anExplicitDenyWinsOverAnAllow() {
        assertThat(decide(WORKER, "dynamodb:DeleteItem", ORDERS)).isEqualTo(new AccessDecision(Outcome.EXPLICITLY_DENIED,
                "with an explicit deny in an identity-based policy: WorkerRole policy orders statement NeverDelete"));
    }

    @Test
    void notResourceAllowsEverythingButTheListedResources() {
        assertThat(decide(WORKER, "s3:GetObject", "arn:aws:s3:::archive/payloads/1").allowed()).isTrue();
        assertThat(decide(WORKER, "s3:GetObject", "arn:aws:s3:::archive/vault/1").outcome()).isEqualTo(Outcome.IMPLICITLY_DENIED);
    }

    @Test
    void notActionAllowsEverythingButTheListedActions() {
        assertThat(decide(WORKER, "sns:Publish", "arn:aws:sns:eu-west-1:123456789012:alarms-dev")).isEqualTo(
                new AccessDecision(Outcome.ALLOWED, "allowed by the identity-based policy WorkerPolicy statement AnythingButIam"));
        assertThat(decide(WORKER, "iam:PassRole", "arn:aws:iam::123456789012:role/reader").allowed()).isFalse();
    }

    @Test
    void theAwsManagedPolicyAttachedToTheRoleGrantsItsDocumentedStatements() {
        String logGroup = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/worker:*";
        assertThat(decide(WORKER, "logs:CreateLogGroup", logGroup)).isEqualTo(new AccessDecision(Outcome.ALLOWED,
                "allowed by the identity-based policy AWSLambdaBasicExecutionRole statement #0"));
    }

    @Test
    void aResourcePolicyNamingTheRoleAllowsWithoutAnyIdentityPolicy() {
        assertThat(decide(READER, "sqs:ReceiveMessage", INBOX)).isEqualTo(new AccessDecision(Outcome.ALLOWED,
                "allowed by the resource-based policy InboxPolicy statement ReaderMayReceive"));
        assertThat(decide(READER, "sqs:SendMessage", INBOX).allowed()).isFalse();
    }

    @Test
    void aResourcePolicyDenyWinsForEveryPrincipalWhenItsConditionHolds() {
        Map<String, List<String>> plainHttp = Map.of("aws:SecureTransport", List.of("false"));
        AccessDecision denied = decide(READER, "sqs:ReceiveMessage", INBOX, plainHttp);
        assertThat(denied).isEqualTo(new AccessDecision(Outcome.EXPLICITLY_DENIED,
                "with an explicit deny in a resource-based policy: InboxPolicy statement TlsOnly"));
        assertThat(decide(OPERATOR, "sqs:ReceiveMessage", INBOX, plainHttp).outcome()).isEqualTo(Outcome.EXPLICITLY_DENIED);
        assertThat(decide(WORKER, "s3:GetObject", "arn:aws:s3:::archive/payloads/1", plainHttp).outcome())
                .isEqualTo(Outcome.EXPLICITLY_DENIED);
        assertThat(decide(WORKER, "s3:GetObject", "arn:aws:s3:::archive/payloads/1", Map.of()).allowed())
                .as("no aws:SecureTransport in the context: Bool false does not hold").isTrue();
    }

    @Test
    void conditionKeysMatchIgnoringCase() {
        assertThat(decide(READER, "sqs:ReceiveMessage", INBOX, Map.of("AWS:securetransport", List.of("false"))).outcome())
                .isEqualTo(Outcome.EXPLICITLY_DENIED);
    }

    @Test
    void theAccountRootMayDoAnythingNoPolicyDenies() {
        assertThat(decide(OPERATOR, "dynamodb:DeleteTable", ORDERS)).isEqualTo(new AccessDecision(Outcome.ALLOWED,
                "the account root arn:aws:iam::123456789012:root: no policy denies it"));
    }

    @Test
    void aServicePrincipalIsAllowedOnlyByAResourcePolicyNamingItWithItsConditions() {
        Principal sns = service("sns.amazonaws.com");
        Map<String, List<String>> fromAlarms = Map.of("aws:SourceArn", List.of("arn:aws:sns:eu-west-1:123456789012:alarms-dev"),
                "aws:SourceAccount", List.of(ACCOUNT), "aws:SecureTransport", List.of("true"));
        assertThat(decide(sns, "sqs:SendMessage", INBOX, fromAlarms)).isEqualTo(new AccessDecision(Outcome.ALLOWED,
                "allowed by the resource-based policy InboxPolicy statement TopicMaySend"));
        Map<String, List<String>> otherTopic = Map.of("aws:SourceArn", List.of("arn:aws:sns:eu-west-1:123456789012:orders"),
                "aws:SourceAccount", List.of(ACCOUNT));
        assertThat(decide(sns, "sqs:SendMessage", INBOX, otherTopic)).isEqualTo(new AccessDecision(
                Outcome.IMPLICITLY_DENIED, "no resource-based policy allows the sqs:SendMessage action"));
        Map<String, List<String>> otherAccount = Map.of("aws:SourceArn", List.of("arn:aws:sns:eu-west-1:123456789012:alarms-dev"),
                "aws:SourceAccount", List.of("999999999999"));
        assertThat(decide(sns, "sqs:SendMessage", INBOX, otherAccount).allowed()).as("AND across operators").isFalse();
        assertThat(decide(service("events.amazonaws.com"), "sqs:SendMessage", INBOX, fromAlarms).allowed()).isFalse();
    }

    @Test
    void leadingKeysMustAllMatchTheRolesPrefixAndAMissingKeyIsAllowedAsAwsDocuments() {
        assertThat(decide(WORKER, "dynamodb:UpdateItem", LEDGER, Map.of("dynamodb:LeadingKeys", List.of("worker#7"))).allowed()).isTrue();
        assertThat(decide(WORKER, "dynamodb:UpdateItem", LEDGER, Map.of("dynamodb:LeadingKeys", List.of("reader#7"))))
                .isEqualTo(new AccessDecision(Outcome.IMPLICITLY_DENIED, "no identity-based policy allows the dynamodb:UpdateItem action"));
        // ForAllValues holds for a request without the key: a policy relying on it alone allows such a request.
        assertThat(decide(WORKER, "dynamodb:UpdateItem", LEDGER, Map.of()).allowed()).isTrue();
    }

    @Test
    void aKeyPolicyGrantingTheAccountDelegatesToTheRolesIdentityPolicyAndItsConditions() {
        String key = key("Key");
        Map<String, List<String>> viaSqs = Map.of("kms:ViaService", List.of("sqs.eu-west-1.amazonaws.com"));
        assertThat(decide(WORKER, "kms:Decrypt", key, viaSqs)).isEqualTo(new AccessDecision(Outcome.ALLOWED,
                "the key policy Key statement #0 delegates to the account; allowed by the identity-based policy WorkerPolicy statement #1"));
        assertThat(decide(WORKER, "kms:Decrypt", key, Map.of("kms:ViaService", List.of("dynamodb.eu-west-1.amazonaws.com"))))
                .isEqualTo(new AccessDecision(Outcome.IMPLICITLY_DENIED, "no identity-based policy allows the kms:Decrypt action"
                        + " (the key policy Key statement #0 delegates to the account's IAM policies)"));
        assertThat(decide(WORKER, "kms:Encrypt", key, viaSqs).allowed()).isFalse();
    }

    @Test
    void aKeyPolicyNamingTheRoleAllowsItWithoutAnIdentityPolicy() {
        assertThat(decide(READER, "kms:Decrypt", key("Key"), Map.of())).isEqualTo(new AccessDecision(Outcome.ALLOWED,
                "allowed by the key policy Key statement ReaderDecrypts"));
    }

    @Test
    void aKeyPolicyThatDoesNotNameTheAccountIgnoresIdentityPoliciesAndTheOperator() {
        String closed = key("ClosedKey");
        assertThat(decide(WORKER, "kms:Decrypt", closed, Map.of())).as("the role's policy allows kms:Decrypt on it")
                .isEqualTo(new AccessDecision(Outcome.IMPLICITLY_DENIED, "no resource-based policy allows the kms:Decrypt action"));
        assertThat(decide(OPERATOR, "kms:Decrypt", closed, Map.of()).outcome()).isEqualTo(Outcome.IMPLICITLY_DENIED);
        assertThat(decide(READER, "kms:Decrypt", closed, Map.of()).allowed()).isTrue();
        assertThat(decide(OPERATOR, "kms:Decrypt", key("Key"), Map.of()).allowed()).isTrue();
    }

    @Test
    void aKeyWithoutKeyPolicyHasAwsDefaultPolicyThatDelegatesToTheAccount() {
        assertThat(decide(OPERATOR, "kms:ScheduleKeyDeletion", key("DefaultKey"), Map.of())).isEqualTo(new AccessDecision(
                Outcome.ALLOWED, "allowed by the key policy DefaultKey statement Enable IAM User Permissions"));
        assertThat(decide(WORKER, "kms:Decrypt", key("DefaultKey"), Map.of()).allowed()).as("no identity policy allows it").isFalse();
    }

    @Test
    void aKeyPolicyGrantsAServiceOnlyWithItsConditions() {
        Principal cloudWatch = service("cloudwatch.amazonaws.com");
        assertThat(decide(cloudWatch, "kms:GenerateDataKey", key("Key"), Map.of("aws:SourceAccount", List.of(ACCOUNT))))
                .isEqualTo(new AccessDecision(Outcome.ALLOWED, "allowed by the key policy Key statement AlarmsEncrypt"));
        assertThat(decide(cloudWatch, "kms:GenerateDataKey", key("Key"), Map.of()).allowed()).isFalse();
    }

    @Test
    void aKmsRequestOnAKeyOutsideTheTemplateIsNotAllowed() {
        assertThat(decide(OPERATOR, "kms:Decrypt", "arn:aws:kms:eu-west-1:123456789012:key/elsewhere", Map.of()).outcome())
                .isEqualTo(Outcome.IMPLICITLY_DENIED);
    }

    @Test
    void whatIsNotEvaluatedIsReportedAtConstruction() {
        assertThat(unsupported).containsExactlyInAnyOrder(
                "WorkerPolicy statement SmallBatches: condition operator NumericLessThan is not evaluated",
                "ReaderRole: AWS managed policy arn:aws:iam::aws:policy/AmazonMadeUpAccess is not in the local table; it grants nothing",
                "BoundedRole: PermissionsBoundary is not evaluated; the role's identity-based policies allow nothing locally",
                "InboxPolicy statement NoPurgeAfterLaunch: condition operator DateGreaterThan is not evaluated",
                "InboxPolicy statement OnlyTheWorker: policy element NotPrincipal is not evaluated",
                "InboxPolicy statement OnlyTheWorker: no Principal element in a resource-based policy",
                "ArchivePolicy statement OwnFolder: policy variable in resource arn:aws:s3:::archive/${aws:username}/* is not evaluated",
                "InvokePermission (AWS::Lambda::Permission): its policy is not evaluated");
    }

    @Test
    void anAllowWithAnUnsupportedConditionNeverApplies() {
        assertThat(decide(WORKER, "sqs:ReceiveMessage", INBOX, Map.of("sqs:MaxNumberOfMessages", List.of("1"))).outcome())
                .isEqualTo(Outcome.IMPLICITLY_DENIED);
        assertThat(decide(role("bounded"), "sqs:SendMessage", INBOX).outcome()).as("permissions boundary").isEqualTo(Outcome.IMPLICITLY_DENIED);
        assertThat(decide(role("bounded"), "s3:PutObject", "arn:aws:s3:::archive/bounded/1").outcome())
                .as("${aws:username} in an Allow").isEqualTo(Outcome.IMPLICITLY_DENIED);
    }

    @Test
    void aDenyWithAnUnsupportedPartAppliesAsIfItMatched() {
        assertThat(decide(OPERATOR, "sqs:PurgeQueue", INBOX)).isEqualTo(new AccessDecision(Outcome.EXPLICITLY_DENIED,
                "with an explicit deny in a resource-based policy: InboxPolicy statement NoPurgeAfterLaunch"
                        + " (fails closed: part of it is not evaluated)"));
        assertThat(decide(WORKER, "sqs:ChangeMessageVisibility", INBOX)).as("NotPrincipal: even the principal it excepts").isEqualTo(
                new AccessDecision(Outcome.EXPLICITLY_DENIED, "with an explicit deny in a resource-based policy:"
                        + " InboxPolicy statement OnlyTheWorker (fails closed: part of it is not evaluated)"));
    }
}
