package dev.channels.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The template's {@code Conditions}: {@code Fn::Equals}, {@code Fn::And}, {@code Fn::Or}, {@code Fn::Not} and
 * {@code Condition}, each condition evaluated once. Thread-safe.
 */
final class Conditions {
    private final Template template;
    private final Intrinsics intrinsics;
    private final CycleGuard guard;
    private final Map<String, Boolean> values = new HashMap<>();

    Conditions(Template template, Intrinsics intrinsics, CycleGuard guard) {
        this.template = template;
        this.intrinsics = intrinsics;
        this.guard = guard;
    }

    /** A template condition's value. */
    boolean value(String name, String path) {
        synchronized (this) {
            Boolean cached = values.get(name);
            if (cached != null) {
                return cached;
            }
        }
        JsonNode definition = template.conditions().path(name);
        if (definition.isMissingNode()) {
            throw new ResolveException(path, "condition " + name + " is not defined in Conditions");
        }
        boolean value = guard.guarded("condition " + name, path, () -> evaluate(definition, "Conditions." + name));
        synchronized (this) {
            values.put(name, value);
        }
        return value;
    }

    private boolean evaluate(JsonNode node, String path) {
        if (node.isObject() && node.size() == 1) {
            String function = node.fieldNames().next();
            JsonNode argument = node.get(function);
            switch (function) {
                case "Condition":
                    return value(argument.asText(), path);
                case "Fn::Equals":
                    if (!argument.isArray() || argument.size() != 2) {
                        throw new ResolveException(path, "Fn::Equals takes [value, value]");
                    }
                    return scalar(argument.get(0), path).equals(scalar(argument.get(1), path));
                case "Fn::Not":
                    return !evaluate(argument.path(0), path + ".Fn::Not[0]");
                case "Fn::And":
                case "Fn::Or":
                    boolean and = function.equals("Fn::And");
                    boolean result = and;
                    for (int i = 0; i < argument.size(); i++) {
                        boolean item = evaluate(argument.get(i), path + "." + function + "[" + i + "]");
                        result = and ? result && item : result || item;
                    }
                    return result;
                default:
                    break;
            }
        }
        throw new ResolveException(path, "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition, not " + node);
    }

    private String scalar(JsonNode value, String path) {
        return Intrinsics.scalar(intrinsics.resolve(value, path), path);
    }
}
