package dev.channels.local.iam.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A policy document's statements ({@code Statement} as one object or a list), named for the decisions' reasons.
 *
 * @param name e.g. {@code JobOrderIngestRoleDefaultPolicy1E213E46} or {@code AWSLambdaBasicExecutionRole}
 */
record PolicyDocument(String name, List<PolicyStatement> statements) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param document       the document, or a string holding it (as some resource types take it)
     * @param resourcePolicy whether statements name a {@code Principal}
     */
    static PolicyDocument read(String name, JsonNode document, boolean resourcePolicy, Consumer<String> unsupported) {
        JsonNode parsed = document;
        if (document.isTextual()) {
            try {
                parsed = JSON.readTree(document.asText());
            } catch (JsonProcessingException e) {
                unsupported.accept(name + ": the policy document is not JSON (" + e.getOriginalMessage() + "); it grants nothing");
                return new PolicyDocument(name, List.of());
            }
        }
        JsonNode statementNode = parsed.path("Statement");
        List<JsonNode> nodes = new ArrayList<>();
        if (statementNode.isArray()) {
            statementNode.forEach(nodes::add);
        } else if (statementNode.isObject()) {
            nodes.add(statementNode);
        } else {
            unsupported.accept(name + ": the policy has no Statement; it grants nothing");
        }
        List<PolicyStatement> statements = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            statements.add(PolicyStatement.read(name, i, nodes.get(i), resourcePolicy, unsupported));
        }
        return new PolicyDocument(name, List.copyOf(statements));
    }
}
