package dev.channels.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.channels.local.catalog.ResourceCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsics to their local values: {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join},
 * {@code Fn::Sub} (both forms), {@code Fn::Select}, {@code Fn::Split}, {@code Fn::If} with the template's
 * {@code Conditions}, {@code Fn::FindInMap}, {@code Fn::Base64}, {@code Fn::GetAZs} and the pseudo parameters.
 * A resource's {@code Ref} and {@code Fn::GetAtt} follow its {@link ResourceCatalog} row
 * ({@link ResourceAttributes}); conditions are {@link Conditions}'. Anything else fails with a
 * {@link ResolveException} naming the property path. Thread-safe.
 */
public final class Intrinsics {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Set<String> UNSUPPORTED = Set.of("Fn::ImportValue", "Fn::Cidr", "Fn::Length",
            "Fn::ToJsonString", "Fn::Transform", "Fn::GetStackOutput", "Fn::ForEach");
    private static final Set<String> CONDITION_FUNCTIONS = Set.of("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not");

    private final Template template;
    private final PseudoParameters pseudo;
    private final Map<String, String> parameterValues;
    private final Conditions conditions;
    private final ResourceAttributes resources;

    public Intrinsics(Template template, PseudoParameters pseudo, ResourceCatalog catalog, LocalAddresses addresses,
            Map<String, String> parameterValues) {
        this.template = Objects.requireNonNull(template, "template");
        this.pseudo = Objects.requireNonNull(pseudo, "pseudo");
        this.parameterValues = Map.copyOf(parameterValues);
        CycleGuard guard = new CycleGuard();
        this.conditions = new Conditions(template, this, guard);
        this.resources = new ResourceAttributes(template, pseudo, Objects.requireNonNull(catalog, "catalog"),
                Objects.requireNonNull(addresses, "addresses"), this, guard);
    }

    public PseudoParameters pseudo() {
        return pseudo;
    }

    /** The resource's {@code Properties} with every intrinsic resolved (an empty object when it has none). */
    public ObjectNode properties(TemplateResource resource) {
        if (resource.properties().isMissingNode()) {
            return NODES.objectNode();
        }
        JsonNode resolved = resolve(resource.properties(), resource.logicalId() + ".Properties");
        if (!(resolved instanceof ObjectNode object)) {
            throw new ResolveException(resource.logicalId() + ".Properties", "is not an object");
        }
        return object;
    }

    /** Whether the resource is created: it has no {@code Condition}, or its condition is true. */
    public boolean isActive(TemplateResource resource) {
        return resource.condition().map(name -> condition(name, resource.logicalId() + ".Condition")).orElse(true);
    }

    /**
     * Resolves every intrinsic in {@code node}. {@code AWS::NoValue} removes the property (or array element)
     * that holds it; at the top level it gives a missing node.
     */
    public JsonNode resolve(JsonNode node, String path) {
        if (node.isObject()) {
            if (node.size() == 1) {
                String key = node.fieldNames().next();
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return intrinsic(key, node.get(key), path);
                }
            }
            ObjectNode out = NODES.objectNode();
            node.fields().forEachRemaining(field -> {
                JsonNode value = resolve(field.getValue(), path + "." + field.getKey());
                if (!value.isMissingNode()) {
                    out.set(field.getKey(), value);
                }
            });
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = resolve(node.get(i), path + "[" + i + "]");
                if (!value.isMissingNode()) {
                    out.add(value);
                }
            }
            return out;
        }
        return node;
    }

    /** The local value of {@code Ref} to a resource, parameter or pseudo parameter. */
    public String ref(String name, String path) {
        JsonNode value = refNode(name, path);
        if (value.isMissingNode()) {
            throw new ResolveException(path, "Ref AWS::NoValue where a value is needed");
        }
        return scalar(value, path);
    }

    /** The local value of {@code Fn::GetAtt} of a resource. */
    public String getAtt(String logicalId, String attribute, String path) {
        return resources.getAtt(logicalId, attribute, path);
    }

    /** The resource's physical name: its name property, resolved, or one generated the way CloudFormation does. */
    public String physicalName(String logicalId) {
        return resources.physicalName(logicalId);
    }

    /** A template condition's value. */
    public boolean condition(String name, String path) {
        return conditions.value(name, path);
    }

    private JsonNode intrinsic(String function, JsonNode argument, String path) {
        return switch (function) {
            case "Ref" -> {
                if (!argument.isTextual()) {
                    throw new ResolveException(path, "Ref takes a name, not " + argument);
                }
                yield refNode(argument.asText(), path);
            }
            case "Fn::GetAtt" -> TextNode.valueOf(getAtt(argument, path));
            case "Fn::Join" -> TextNode.valueOf(join(argument, path));
            case "Fn::Sub" -> TextNode.valueOf(sub(argument, path));
            case "Fn::Select" -> select(argument, path);
            case "Fn::Split" -> split(argument, path);
            case "Fn::If" -> conditional(argument, path);
            case "Fn::FindInMap" -> findInMap(argument, path);
            case "Fn::Base64" -> TextNode.valueOf(Base64.getEncoder().encodeToString(
                    scalar(resolve(argument, path + ".Fn::Base64"), path).getBytes(StandardCharsets.UTF_8)));
            case "Fn::GetAZs" -> {
                ArrayNode zones = NODES.arrayNode();
                for (String zone : new String[] {"a", "b", "c"}) {
                    zones.add(pseudo.region() + zone);
                }
                yield zones;
            }
            default -> {
                if (UNSUPPORTED.contains(function)) {
                    throw new ResolveException(path, function + " is not supported");
                }
                if (CONDITION_FUNCTIONS.contains(function)) {
                    throw new ResolveException(path, function + " is only valid in Conditions");
                }
                throw new ResolveException(path, function + " is not a known intrinsic function");
            }
        };
    }

    private JsonNode refNode(String name, String path) {
        switch (name) {
            case "AWS::AccountId":
                return TextNode.valueOf(pseudo.accountId());
            case "AWS::Region":
                return TextNode.valueOf(pseudo.region());
            case "AWS::Partition":
                return TextNode.valueOf(pseudo.partition());
            case "AWS::URLSuffix":
                return TextNode.valueOf(pseudo.urlSuffix());
            case "AWS::StackName":
                return TextNode.valueOf(pseudo.stackName());
            case "AWS::StackId":
                return TextNode.valueOf(pseudo.stackId());
            case "AWS::NotificationARNs":
                return NODES.arrayNode();
            case "AWS::NoValue":
                return MissingNode.getInstance();
            default:
                break;
        }
        if (name.startsWith("AWS::")) {
            throw new ResolveException(path, "Ref " + name + " is not a pseudo parameter the local cloud knows");
        }
        JsonNode parameter = template.parameters().path(name);
        if (!parameter.isMissingNode()) {
            return parameter(name, parameter, path);
        }
        return TextNode.valueOf(resources.ref(name, path));
    }

    private JsonNode parameter(String name, JsonNode definition, String path) {
        String type = definition.path("Type").asText("String");
        String value = parameterValues.get(name);
        if (value == null) {
            if (type.startsWith("AWS::SSM::Parameter::Value")) {
                throw new ResolveException(path, "Ref " + name + ": parameter of type " + type
                        + " is read from SSM Parameter Store on deploy; give it a value for the local cloud");
            }
            JsonNode fallback = definition.path("Default");
            if (fallback.isMissingNode()) {
                throw new ResolveException(path, "Ref " + name + ": parameter has no Default; give it a value for the local cloud");
            }
            value = fallback.asText();
        }
        if (type.startsWith("List<") || type.equals("CommaDelimitedList")) {
            ArrayNode list = NODES.arrayNode();
            for (String item : value.split(",", -1)) {
                list.add(item.trim());
            }
            return list;
        }
        return TextNode.valueOf(value);
    }

    private String getAtt(JsonNode argument, String path) {
        String logicalId;
        String attribute;
        if (argument.isTextual()) {
            String text = argument.asText();
            int dot = text.indexOf('.');
            if (dot < 0) {
                throw new ResolveException(path, "Fn::GetAtt \"" + text + "\" needs the form LogicalId.Attribute");
            }
            logicalId = text.substring(0, dot);
            attribute = text.substring(dot + 1);
        } else if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual()) {
            logicalId = argument.get(0).asText();
            attribute = scalar(resolve(argument.get(1), path + ".Fn::GetAtt[1]"), path);
        } else {
            throw new ResolveException(path, "Fn::GetAtt takes [LogicalId, Attribute], not " + argument);
        }
        return getAtt(logicalId, attribute, path);
    }

    private String join(JsonNode argument, String path) {
        if (!argument.isArray() || argument.size() != 2) {
            throw new ResolveException(path, "Fn::Join takes [delimiter, [values]]");
        }
        String delimiter = scalar(resolve(argument.get(0), path), path);
        JsonNode values = resolve(argument.get(1), path + ".Fn::Join[1]");
        if (!values.isArray()) {
            throw new ResolveException(path, "Fn::Join: the values are not a list");
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                joined.append(delimiter);
            }
            joined.append(scalar(values.get(i), path + ".Fn::Join[1][" + i + "]"));
        }
        return joined.toString();
    }

    private String sub(JsonNode argument, String path) {
        String text;
        Map<String, String> variables = new HashMap<>();
        if (argument.isTextual()) {
            text = argument.asText();
        } else if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual() && argument.get(1).isObject()) {
            text = argument.get(0).asText();
            argument.get(1).fields().forEachRemaining(entry -> variables.put(entry.getKey(),
                    scalar(resolve(entry.getValue(), path + ".Fn::Sub[1]." + entry.getKey()), path)));
        } else {
            throw new ResolveException(path, "Fn::Sub takes a string or [string, {variables}]");
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (variables.containsKey(variable)) {
                replacement = variables.get(variable);
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                int dot = variable.indexOf('.');
                replacement = getAtt(variable.substring(0, dot), variable.substring(dot + 1), path);
            } else {
                replacement = ref(variable, path);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private JsonNode select(JsonNode argument, String path) {
        if (!argument.isArray() || argument.size() != 2) {
            throw new ResolveException(path, "Fn::Select takes [index, [values]]");
        }
        String indexText = scalar(resolve(argument.get(0), path), path);
        JsonNode values = resolve(argument.get(1), path + ".Fn::Select[1]");
        int index;
        try {
            index = Integer.parseInt(indexText);
        } catch (NumberFormatException e) {
            throw new ResolveException(path, "Fn::Select: index " + indexText + " is not a number");
        }
        if (!values.isArray() || index < 0 || index >= values.size()) {
            throw new ResolveException(path, "Fn::Select: index " + index + " is out of range of " + values);
        }
        return values.get(index);
    }

    private JsonNode split(JsonNode argument, String path) {
        if (!argument.isArray() || argument.size() != 2) {
            throw new ResolveException(path, "Fn::Split takes [delimiter, string]");
        }
        String delimiter = scalar(resolve(argument.get(0), path), path);
        String source = scalar(resolve(argument.get(1), path + ".Fn::Split[1]"), path);
        ArrayNode parts = NODES.arrayNode();
        for (String part : source.split(Pattern.quote(delimiter), -1)) {
            parts.add(part);
        }
        return parts;
    }

    private JsonNode conditional(JsonNode argument, String path) {
        if (!argument.isArray() || argument.size() != 3 || !argument.get(0).isTextual()) {
            throw new ResolveException(path, "Fn::If takes [condition, valueIfTrue, valueIfFalse]");
        }
        boolean value = condition(argument.get(0).asText(), path);
        return resolve(argument.get(value ? 1 : 2), path);
    }

    private JsonNode findInMap(JsonNode argument, String path) {
        if (!argument.isArray() || argument.size() != 3) {
            throw new ResolveException(path, "Fn::FindInMap takes [map, topKey, secondKey]");
        }
        String map = scalar(resolve(argument.get(0), path), path);
        String top = scalar(resolve(argument.get(1), path), path);
        String second = scalar(resolve(argument.get(2), path), path);
        JsonNode value = template.mappings().path(map).path(top).path(second);
        if (value.isMissingNode()) {
            throw new ResolveException(path, "Fn::FindInMap: Mappings." + map + "." + top + "." + second + " does not exist");
        }
        return value;
    }

    /** A string, number or boolean as text; anything else fails with the path. */
    static String scalar(JsonNode value, String path) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        throw new ResolveException(path, "expected a string, got " + (value.isMissingNode() ? "AWS::NoValue" : value.toString()));
    }


}
