package dev.channels.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One stack of the cloud assembly: its template and its file assets.
 *
 * @param artifactId   the artifact's id in {@code manifest.json} (what {@code cdk deploy} takes)
 * @param stackName    the CloudFormation stack name
 * @param account      the stack's account when the app pinned one, else empty
 * @param region       the stack's region when the app pinned one, else empty
 * @param templateFile the template's path
 * @param template     the template JSON
 * @param assets       file assets by their S3 object key
 */
public record StackArtifact(String artifactId, String stackName, Optional<String> account, Optional<String> region,
        Path templateFile, ObjectNode template, Map<String, Asset> assets) {

    public StackArtifact {
        assets = Map.copyOf(assets);
    }

    /**
     * The asset a Lambda function's {@code Code} property points at: matched on the resolved
     * {@code S3Key} (CDK names objects by their content hash, so the key alone is unique).
     */
    public Optional<Asset> assetForCode(JsonNode resolvedCode) {
        JsonNode key = resolvedCode.path("S3Key");
        return key.isTextual() ? Optional.ofNullable(assets.get(key.asText())) : Optional.empty();
    }
}
