package dev.channels.tools.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The dev template synthesized from the real app: the approved snapshot that the test module's SnapshotTest keeps
 * equal to what {@code ChannelsApp} synthesizes (tools cannot synthesize: it does not depend on the app), and copies
 * of it that a user changed.
 */
final class Templates {
    static final ObjectMapper JSON = new ObjectMapper();

    private Templates() {
    }

    /** {@code test/src/test/resources/snapshots/dev-channels.template.json}, found from the working directory up. */
    static Path devSnapshot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("cdk.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no cdk.json above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("test/src/test/resources/snapshots/dev-channels.template.json");
    }

    static ObjectNode read(Path template) {
        try {
            return (ObjectNode) JSON.readTree(template.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(JsonNode template, Path file) {
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), template);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The properties of the only resource of {@code type} whose logical id starts with {@code prefix}. */
    static ObjectNode properties(JsonNode template, String type, String prefix) {
        ObjectNode found = null;
        Iterator<Map.Entry<String, JsonNode>> resources = template.get("Resources").fields();
        while (resources.hasNext()) {
            Map.Entry<String, JsonNode> resource = resources.next();
            if (resource.getKey().startsWith(prefix) && type.equals(resource.getValue().path("Type").asText())) {
                if (found != null) {
                    throw new IllegalStateException("more than one " + type + " named " + prefix + "*");
                }
                found = (ObjectNode) resource.getValue().get("Properties");
            }
        }
        if (found == null) {
            throw new IllegalStateException("no " + type + " named " + prefix + "*");
        }
        return found;
    }
}
