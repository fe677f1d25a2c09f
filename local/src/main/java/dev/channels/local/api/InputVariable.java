package dev.channels.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * {@code $input} of a mapping template: the raw {@code body}, and the parsed body read by JSON path, as
 * {@code json(path)} (JSON text) or {@code path(path)} (a value: text, an exact number, a boolean, or an object or
 * list a template can walk with {@code #foreach} and that prints as JSON). The body is parsed once, when first read.
 */
public final class InputVariable {
    private final MappingTemplate.Input input;
    private JsonNode json;

    InputVariable(MappingTemplate.Input input) {
        this.input = input;
    }

    public String getBody() {
        return input.body();
    }

    /** The value at {@code path} as JSON text; nothing there: an empty string. */
    public String json(String path) {
        JsonNode node = select(path);
        return node.isMissingNode() ? "" : node.toString();
    }

    /** The value at {@code path}; nothing there (or {@code null}): {@code null}, which renders as nothing. */
    public Object path(String path) {
        return value(select(path));
    }

    private JsonNode select(String path) {
        if (json == null) {
            json = input.json();
        }
        JsonNode node = json;
        for (Object step : MappingTemplate.jsonPath(path)) {
            node = step instanceof Integer index ? node.path(index) : node.path((String) step);
        }
        return node;
    }

    /** A JSON value as a template sees it. */
    static Object value(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            return new JsonObject(node);
        }
        if (node.isArray()) {
            return new JsonArray(node);
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    /** An object of the body: a map for the template, JSON when printed. */
    static final class JsonObject extends LinkedHashMap<String, Object> {
        private final transient JsonNode node;

        JsonObject(JsonNode node) {
            this.node = node;
            node.fields().forEachRemaining(field -> put(field.getKey(), value(field.getValue())));
        }

        @Override
        public String toString() {
            return node.toString();
        }
    }

    /** A list of the body: a list for the template, JSON when printed. */
    static final class JsonArray extends ArrayList<Object> {
        private final transient JsonNode node;

        JsonArray(JsonNode node) {
            this.node = node;
            node.forEach(element -> add(value(element)));
        }

        @Override
        public String toString() {
            return node.toString();
        }
    }
}
