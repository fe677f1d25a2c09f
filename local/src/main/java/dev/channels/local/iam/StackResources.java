package dev.channels.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the request mapping needs to know about the stack's resources: each table's partition key (for
 * {@code dynamodb:LeadingKeys}) and the customer managed key that encrypts a table, queue, bucket or secret (the
 * KMS permissions a call implies). Resources created at run time (not in the template) have neither: a call on
 * them implies no key permission and carries no leading keys.
 */
public final class StackResources {
    private final String region;
    private final String account;
    private final Map<String, String> partitionKeys = new HashMap<>();
    private final Map<String, String> tableKeys = new HashMap<>();
    private final Map<String, String> queueKeys = new HashMap<>();
    private final Map<String, String> bucketKeys = new HashMap<>();
    private final Map<String, String> secretKeys = new HashMap<>();
    /** Secret ARN by name and by ARN. */
    private final Map<String, String> secretArns = new HashMap<>();
    private final Map<String, String> aliasTargets = new HashMap<>();
    private final Map<String, String> keyArnsById = new HashMap<>();

    private StackResources(String region, String account) {
        this.region = region;
        this.account = account;
    }

    public static StackResources of(ResolvedStack stack) {
        StackResources resources = new StackResources(stack.pseudo().region(), stack.pseudo().accountId());
        for (TemplateResource key : stack.resources("AWS::KMS::Key")) {
            resources.keyArnsById.put(stack.ref(key.logicalId()), stack.getAtt(key.logicalId(), "Arn"));
        }
        for (TemplateResource alias : stack.resources("AWS::KMS::Alias")) {
            ObjectNode properties = stack.properties(alias);
            resources.aliasTargets.put(properties.path("AliasName").asText(), properties.path("TargetKeyId").asText());
        }
        for (TemplateResource table : stack.resources("AWS::DynamoDB::Table")) {
            ObjectNode properties = stack.properties(table);
            String name = stack.physicalName(table.logicalId());
            for (JsonNode element : properties.path("KeySchema")) {
                if (element.path("KeyType").asText().equals("HASH")) {
                    resources.partitionKeys.put(name, element.path("AttributeName").asText());
                }
            }
            JsonNode sse = properties.path("SSESpecification");
            if (sse.path("SSEEnabled").asBoolean(false) && sse.hasNonNull("KMSMasterKeyId")) {
                resources.keyArn(sse.path("KMSMasterKeyId").asText()).ifPresent(arn -> resources.tableKeys.put(name, arn));
            }
        }
        for (TemplateResource queue : stack.resources("AWS::SQS::Queue")) {
            JsonNode key = stack.properties(queue).path("KmsMasterKeyId");
            if (key.isTextual()) {
                String name = stack.getAtt(queue.logicalId(), "QueueName");
                resources.keyArn(key.asText()).ifPresent(arn -> resources.queueKeys.put(name, arn));
            }
        }
        for (TemplateResource bucket : stack.resources("AWS::S3::Bucket")) {
            for (JsonNode rule : stack.properties(bucket).path("BucketEncryption").path("ServerSideEncryptionConfiguration")) {
                JsonNode byDefault = rule.path("ServerSideEncryptionByDefault");
                if (byDefault.path("SSEAlgorithm").asText().startsWith("aws:kms") && byDefault.hasNonNull("KMSMasterKeyID")) {
                    resources.keyArn(byDefault.path("KMSMasterKeyID").asText())
                            .ifPresent(arn -> resources.bucketKeys.put(stack.physicalName(bucket.logicalId()), arn));
                }
            }
        }
        for (TemplateResource secret : stack.resources("AWS::SecretsManager::Secret")) {
            String arn = stack.ref(secret.logicalId());
            resources.secretArns.put(arn, arn);
            resources.secretArns.put(stack.physicalName(secret.logicalId()), arn);
            JsonNode key = stack.properties(secret).path("KmsKeyId");
            if (key.isTextual()) {
                resources.keyArn(key.asText()).ifPresent(keyArn -> resources.secretKeys.put(arn, keyArn));
            }
        }
        return resources;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    public Optional<String> partitionKey(String table) {
        return Optional.ofNullable(partitionKeys.get(table));
    }

    public Optional<String> tableKey(String table) {
        return Optional.ofNullable(tableKeys.get(table));
    }

    public Optional<String> queueKey(String queueName) {
        return Optional.ofNullable(queueKeys.get(queueName));
    }

    public Optional<String> bucketKey(String bucket) {
        return Optional.ofNullable(bucketKeys.get(bucket));
    }

    public Optional<String> secretKey(String secretArn) {
        return Optional.ofNullable(secretKeys.get(secretArn));
    }

    /**
     * A {@code SecretId} (name, ARN, or ARN without its random suffix) to the secret's ARN; one not in the stack
     * gets the ARN it would have, without a suffix.
     */
    public String secretArn(String secretId) {
        String known = secretArns.get(secretId);
        if (known != null) {
            return known;
        }
        for (String arn : secretArns.values()) {
            if (secretId.startsWith("arn:") && arn.startsWith(secretId + "-") && arn.length() == secretId.length() + 7) {
                return arn;
            }
        }
        return secretId.startsWith("arn:") ? secretId : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + secretId;
    }

    /**
     * A customer managed key's ARN from a key id, key ARN, alias name or alias ARN; empty for an AWS managed key
     * ({@code alias/aws/...}: its key policy lets every principal of the account use it through the service).
     */
    Optional<String> keyArn(String keyReference) {
        String reference = keyReference;
        if (reference.startsWith("arn:aws:kms:") && reference.contains(":alias/")) {
            reference = reference.substring(reference.indexOf(":alias/") + 1);
        }
        if (reference.startsWith("alias/aws/")) {
            return Optional.empty();
        }
        if (reference.startsWith("alias/")) {
            String target = aliasTargets.get(reference);
            return target == null ? Optional.empty() : keyArn(target);
        }
        if (reference.startsWith("arn:aws:kms:")) {
            return Optional.of(reference);
        }
        return Optional.of(keyArnsById.getOrDefault(reference, "arn:aws:kms:" + region + ":" + account + ":key/" + reference));
    }
}
