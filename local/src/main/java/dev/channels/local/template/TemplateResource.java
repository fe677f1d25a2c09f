package dev.channels.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;

/**
 * One entry of a template's {@code Resources}, unresolved.
 *
 * @param logicalId  its key in {@code Resources}
 * @param type       e.g. {@code AWS::SQS::Queue}
 * @param properties its {@code Properties} (a missing node when it has none)
 * @param condition  its {@code Condition}, if any
 * @param metadata   its {@code Metadata} (e.g. {@code aws:cdk:path}, {@code aws:asset:path})
 */
public record TemplateResource(String logicalId, String type, JsonNode properties, Optional<String> condition, JsonNode metadata) {

    public static TemplateResource of(String logicalId, JsonNode definition) {
        String type = definition.path("Type").asText("");
        if (type.isEmpty()) {
            throw new ResolveException(logicalId, "Type is missing");
        }
        JsonNode condition = definition.path("Condition");
        return new TemplateResource(logicalId, type, definition.path("Properties"),
                condition.isTextual() ? Optional.of(condition.asText()) : Optional.empty(),
                definition.has("Metadata") ? definition.get("Metadata") : MissingNode.getInstance());
    }

    /** The construct path CDK records ({@code dev-channels/JobOrder/Table/Resource}), or the logical id. */
    public String cdkPath() {
        return metadata.path("aws:cdk:path").asText(logicalId);
    }
}
