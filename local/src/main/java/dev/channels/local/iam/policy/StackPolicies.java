package dev.channels.local.iam.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.channels.local.iam.AccessEvaluator;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads every policy of a resolved stack once, at start: the roles' identity-based policies (inline
 * {@code Policies}, {@code ManagedPolicyArns}, {@code AWS::IAM::Policy}, {@code AWS::IAM::RolePolicy},
 * {@code AWS::IAM::ManagedPolicy}), the resource-based policies (queue, bucket, topic, secret, REST API) and the
 * KMS key policies, and returns the {@link AccessEvaluator} that decides with them. What it does not evaluate is
 * told to {@code unsupported}, and fails closed (see {@link PolicyStatement}).
 */
public final class StackPolicies {
    /** Resource types that carry a policy this class does not read. */
    private static final Set<String> UNREAD_POLICY_TYPES = Set.of("AWS::Lambda::Permission",
            "AWS::Lambda::LayerVersionPermission", "AWS::Logs::ResourcePolicy", "AWS::IAM::User", "AWS::IAM::Group",
            "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy", "AWS::SQS::QueueInlinePolicy",
            "AWS::SNS::TopicInlinePolicy", "AWS::Events::EventBusPolicy", "AWS::S3::AccessPoint",
            "AWS::KMS::ReplicaKey", "AWS::KMS::Grant", "AWS::OpenSearchService::Domain", "AWS::ECR::RepositoryPolicy");

    private final ResolvedStack stack;
    private final Consumer<String> unsupported;
    private final Map<String, String> roleArnsByName = new HashMap<>();
    private final Map<String, List<PolicyDocument>> identity = new LinkedHashMap<>();
    private final List<PolicyEvaluator.ResourcePolicy> resourcePolicies = new ArrayList<>();
    private final Map<String, PolicyDocument> keyPolicies = new HashMap<>();
    /** Roles with a permissions boundary: their identity-based policies keep only their denies. */
    private final Set<String> boundedRoleArns = new HashSet<>();

    private StackPolicies(ResolvedStack stack, Consumer<String> unsupported) {
        this.stack = stack;
        this.unsupported = unsupported;
    }

    /**
     * @param unsupported told, once per occurrence, about each policy part, policy or resource type that is not
     *                    evaluated (the local cloud prints these at start)
     */
    public static AccessEvaluator of(ResolvedStack stack, Consumer<String> unsupported) {
        StackPolicies policies = new StackPolicies(Objects.requireNonNull(stack, "stack"),
                Objects.requireNonNull(unsupported, "unsupported"));
        policies.read();
        return new PolicyEvaluator(policies.identity, policies.resourcePolicies, policies.keyPolicies);
    }

    private void read() {
        Map<String, ObjectNode> managed = new HashMap<>();
        for (TemplateResource policy : stack.resources("AWS::IAM::ManagedPolicy")) {
            properties(policy).ifPresent(properties -> managed.put(stack.ref(policy.logicalId()), properties));
        }
        for (TemplateResource role : stack.resources("AWS::IAM::Role")) {
            properties(role).ifPresent(properties -> readRole(role, properties, managed));
        }
        for (TemplateResource policy : stack.resources("AWS::IAM::Policy")) {
            properties(policy).ifPresent(properties -> attach(policy, properties, properties.path("Roles")));
        }
        for (TemplateResource policy : stack.resources("AWS::IAM::RolePolicy")) {
            properties(policy).ifPresent(properties -> attach(policy, properties, properties.path("RoleName")));
        }
        managed.forEach((arn, properties) -> {
            String name = "AWS::IAM::ManagedPolicy " + arn;
            attachTo(properties.path("Roles"), name, document(name, properties.path("PolicyDocument"), false));
        });
        readResourcePolicies();
        for (TemplateResource resource : stack.template().resources().values()) {
            if (UNREAD_POLICY_TYPES.contains(resource.type()) && stack.intrinsics().isActive(resource)) {
                unsupported.accept(resource.logicalId() + " (" + resource.type() + "): its policy is not evaluated");
            }
            if (resource.type().equals("AWS::DynamoDB::Table") && resource.properties().has("ResourcePolicy")) {
                unsupported.accept(resource.logicalId() + " (AWS::DynamoDB::Table): its ResourcePolicy is not evaluated");
            }
        }
    }

    private void readRole(TemplateResource role, ObjectNode properties, Map<String, ObjectNode> managed) {
        String arn = stack.getAtt(role.logicalId(), "Arn");
        roleArnsByName.put(stack.physicalName(role.logicalId()), arn);
        List<PolicyDocument> documents = identity.computeIfAbsent(arn, key -> new ArrayList<>());
        for (JsonNode inline : properties.path("Policies")) {
            String name = role.logicalId() + " policy " + inline.path("PolicyName").asText("?");
            documents.add(document(name, inline.path("PolicyDocument"), false));
        }
        for (String policyArn : PolicyStatement.texts(properties.path("ManagedPolicyArns"))) {
            if (managed.containsKey(policyArn)) {
                String name = "AWS::IAM::ManagedPolicy " + policyArn;
                documents.add(document(name, managed.get(policyArn).path("PolicyDocument"), false));
            } else if (ManagedPolicies.isAwsManaged(policyArn)) {
                ManagedPolicies.find(policyArn, unsupported).ifPresentOrElse(documents::add, () -> unsupported.accept(
                        role.logicalId() + ": AWS managed policy " + policyArn + " is not in the local table; it grants nothing"));
            } else {
                unsupported.accept(role.logicalId() + ": managed policy " + policyArn
                        + " is not in the template; it grants nothing");
            }
        }
        if (properties.has("PermissionsBoundary")) {
            // Ignoring a boundary would allow more than AWS does; failing closed keeps only the denies.
            unsupported.accept(role.logicalId() + ": PermissionsBoundary is not evaluated; the role's identity-based"
                    + " policies allow nothing locally");
            documents.replaceAll(StackPolicies::denyOnly);
            boundedRoleArns.add(arn);
        }
    }

    /** An {@code AWS::IAM::Policy} or {@code AWS::IAM::RolePolicy}: its document goes to each role it names. */
    private void attach(TemplateResource policy, ObjectNode properties, JsonNode roles) {
        if (properties.has("Users") || properties.has("Groups")) {
            unsupported.accept(policy.logicalId() + ": Users and Groups are not evaluated (only roles have local identities)");
        }
        attachTo(roles, policy.logicalId(), document(policy.logicalId(), properties.path("PolicyDocument"), false));
    }

    private void attachTo(JsonNode roles, String policyName, PolicyDocument document) {
        for (String roleName : PolicyStatement.texts(roles)) {
            String arn = roleArnsByName.get(roleName);
            if (arn == null) {
                unsupported.accept(policyName + ": role " + roleName + " is not in the template; not evaluated");
            } else if (boundedRoleArns.contains(arn)) {
                identity.get(arn).add(denyOnly(document));
            } else {
                identity.get(arn).add(document);
            }
        }
    }

    private void readResourcePolicies() {
        Map<String, String> queueArnsByUrl = new HashMap<>();
        for (TemplateResource queue : stack.resources("AWS::SQS::Queue")) {
            queueArnsByUrl.put(stack.ref(queue.logicalId()), stack.getAtt(queue.logicalId(), "Arn"));
        }
        for (TemplateResource policy : stack.resources("AWS::SQS::QueuePolicy")) {
            properties(policy).ifPresent(properties -> {
                PolicyDocument document = document(policy.logicalId(), properties.path("PolicyDocument"), true);
                for (String url : PolicyStatement.texts(properties.path("Queues"))) {
                    String arn = queueArnsByUrl.get(url);
                    if (arn == null) {
                        unsupported.accept(policy.logicalId() + ": queue " + url + " is not in the template; not evaluated");
                    } else {
                        governs(document, arn::equals);
                    }
                }
            });
        }
        for (TemplateResource policy : stack.resources("AWS::S3::BucketPolicy")) {
            properties(policy).ifPresent(properties -> {
                String bucketArn = "arn:" + stack.pseudo().partition() + ":s3:::" + properties.path("Bucket").asText();
                governs(document(policy.logicalId(), properties.path("PolicyDocument"), true),
                        arn -> arn.equals(bucketArn) || arn.startsWith(bucketArn + "/"));
            });
        }
        for (TemplateResource policy : stack.resources("AWS::SNS::TopicPolicy")) {
            properties(policy).ifPresent(properties -> {
                PolicyDocument document = document(policy.logicalId(), properties.path("PolicyDocument"), true);
                PolicyStatement.texts(properties.path("Topics")).forEach(topicArn -> governs(document, topicArn::equals));
            });
        }
        for (TemplateResource policy : stack.resources("AWS::SecretsManager::ResourcePolicy")) {
            properties(policy).ifPresent(properties -> secretArn(properties.path("SecretId").asText()).ifPresentOrElse(
                    secretArn -> governs(document(policy.logicalId(), properties.path("ResourcePolicy"), true), secretArn::equals),
                    () -> unsupported.accept(policy.logicalId() + ": secret " + properties.path("SecretId").asText()
                            + " is not in the template; not evaluated")));
        }
        for (TemplateResource api : stack.resources("AWS::ApiGateway::RestApi")) {
            properties(api).filter(properties -> properties.has("Policy")).ifPresent(properties -> {
                String prefix = "arn:" + stack.pseudo().partition() + ":execute-api:" + stack.pseudo().region() + ":"
                        + stack.pseudo().accountId() + ":" + stack.ref(api.logicalId()) + "/";
                JsonNode policy = expandExecuteApi(properties.get("Policy"), prefix);
                governs(document(api.logicalId() + " Policy", policy, true), arn -> arn.startsWith(prefix));
            });
        }
        for (TemplateResource key : stack.resources("AWS::KMS::Key")) {
            properties(key).ifPresent(properties -> keyPolicies.put(stack.getAtt(key.logicalId(), "Arn"),
                    document(key.logicalId(), properties.has("KeyPolicy") ? properties.get("KeyPolicy")
                            : TextNode.valueOf(defaultKeyPolicy()), true)));
        }
    }

    /** AWS KMS doc "Default key policy": without {@code KeyPolicy}, the account root gets {@code kms:*}. */
    private String defaultKeyPolicy() {
        return "{\"Statement\":[{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:" + stack.pseudo().partition() + ":iam::" + stack.pseudo().accountId() + ":root\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    }

    /** A secret's ARN from {@code SecretId}: its ARN, or the name of a secret of the template. */
    private Optional<String> secretArn(String secretId) {
        if (secretId.startsWith("arn:")) {
            return Optional.of(secretId);
        }
        return stack.resources("AWS::SecretsManager::Secret").stream()
                .filter(secret -> stack.physicalName(secret.logicalId()).equals(secretId))
                .findFirst().map(secret -> stack.ref(secret.logicalId()));
    }

    /**
     * API Gateway lets a REST API's policy write {@code execute-api:/stage/METHOD/path} for its own ARNs; the
     * short form becomes the full ARN here.
     */
    private static JsonNode expandExecuteApi(JsonNode policy, String prefix) {
        JsonNode copy = policy.isTextual() ? policy : policy.deepCopy();
        if (copy.isObject()) {
            for (JsonNode statement : copy.path("Statement").isArray() ? copy.path("Statement") : List.of(copy.path("Statement"))) {
                if (statement instanceof ObjectNode object) {
                    for (String element : List.of("Resource", "NotResource")) {
                        JsonNode value = object.get(element);
                        if (value != null && value.isTextual()) {
                            object.put(element, expand(value.asText(), prefix));
                        } else if (value != null && value.isArray()) {
                            var array = object.putArray(element);
                            value.forEach(item -> array.add(expand(item.asText(), prefix)));
                        }
                    }
                }
            }
        }
        return copy;
    }

    private static String expand(String resource, String prefix) {
        return resource.startsWith("execute-api:/") ? prefix + resource.substring("execute-api:/".length()) : resource;
    }

    private void governs(PolicyDocument document, Predicate<String> arns) {
        resourcePolicies.add(new PolicyEvaluator.ResourcePolicy(document, arns));
    }

    private PolicyDocument document(String name, JsonNode document, boolean resourcePolicy) {
        return PolicyDocument.read(name, document, resourcePolicy, unsupported);
    }

    private static PolicyDocument denyOnly(PolicyDocument document) {
        return new PolicyDocument(document.name(), document.statements().stream().filter(PolicyStatement::deny).toList());
    }

    /** Resolved properties, or empty (reported) when an intrinsic cannot be resolved locally. */
    private Optional<ObjectNode> properties(TemplateResource resource) {
        try {
            return Optional.of(stack.properties(resource));
        } catch (RuntimeException e) {
            unsupported.accept(resource.logicalId() + " (" + resource.type() + "): not evaluated, its properties do not"
                    + " resolve locally: " + e.getMessage());
            return Optional.empty();
        }
    }
}
