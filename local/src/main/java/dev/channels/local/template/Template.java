package dev.channels.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A CloudFormation template as synthesized: its resources in template order and the sections intrinsics read. */
public final class Template {
    private final ObjectNode root;
    private final Map<String, TemplateResource> resources;

    private Template(ObjectNode root, Map<String, TemplateResource> resources) {
        this.root = root;
        this.resources = Collections.unmodifiableMap(resources);
    }

    public static Template of(ObjectNode root) {
        Map<String, TemplateResource> resources = new LinkedHashMap<>();
        root.path("Resources").fields().forEachRemaining(entry ->
                resources.put(entry.getKey(), TemplateResource.of(entry.getKey(), entry.getValue())));
        return new Template(root, resources);
    }

    /** All resources, in template order, whatever their condition. */
    public Map<String, TemplateResource> resources() {
        return resources;
    }

    public Optional<TemplateResource> resource(String logicalId) {
        return Optional.ofNullable(resources.get(logicalId));
    }

    public List<TemplateResource> resourcesOfType(String type) {
        List<TemplateResource> matching = new ArrayList<>();
        resources.values().forEach(resource -> {
            if (resource.type().equals(type)) {
                matching.add(resource);
            }
        });
        return matching;
    }

    public JsonNode parameters() {
        return root.path("Parameters");
    }

    public JsonNode conditions() {
        return root.path("Conditions");
    }

    public JsonNode mappings() {
        return root.path("Mappings");
    }

    public JsonNode outputs() {
        return root.path("Outputs");
    }
}
