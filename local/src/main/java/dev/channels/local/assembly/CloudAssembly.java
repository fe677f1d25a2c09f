package dev.channels.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A synthesized cloud assembly ({@code cdk.out}): reads {@code manifest.json}, picks a stack and loads its
 * template and asset manifest.
 */
public final class CloudAssembly {
    private static final String STACK_TYPE = "aws:cloudformation:stack";
    private static final String ASSET_MANIFEST_TYPE = "cdk:asset-manifest";
    /** {@code aws://111111111111/eu-west-1}; an env-agnostic stack has {@code unknown-account}/{@code unknown-region}. */
    private static final Pattern ENVIRONMENT = Pattern.compile("aws://([^/]+)/([^/]+)");

    private final Path directory;
    private final ObjectNode manifest;

    private CloudAssembly(Path directory, ObjectNode manifest) {
        this.directory = directory;
        this.manifest = manifest;
    }

    public static CloudAssembly read(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new AssemblyException(manifestFile + " does not exist: synthesize the app first "
                    + "(mvn -B -q package -DskipTests && npx cdk synth -c env=dev -q) or pass --assembly DIR");
        }
        return new CloudAssembly(dir, readObject(manifestFile));
    }

    public Path directory() {
        return directory;
    }

    /** The artifact ids of the assembly's stacks, in manifest order. */
    public List<String> stackIds() {
        List<String> ids = new ArrayList<>();
        artifacts().forEachRemaining(entry -> {
            if (STACK_TYPE.equals(entry.getValue().path("type").asText())) {
                ids.add(entry.getKey());
            }
        });
        return ids;
    }

    /**
     * The stack to run: {@code requested} (artifact id or stack name) when given; else {@code <env>-channels}
     * when an env is given; else the only stack; else it fails listing the stacks.
     */
    public StackArtifact stack(Optional<String> requested, Optional<String> env) {
        List<String> ids = stackIds();
        if (ids.isEmpty()) {
            throw new AssemblyException(directory + " holds no CloudFormation stack");
        }
        String id;
        if (requested.isPresent()) {
            id = ids.stream().filter(candidate -> candidate.equals(requested.get())
                            || stackName(candidate).equals(requested.get()))
                    .findFirst()
                    .orElseThrow(() -> new AssemblyException("No stack " + requested.get() + " in " + directory
                            + "; it has " + String.join(", ", ids)));
        } else if (env.isPresent()) {
            id = env.get() + "-channels";
            if (!ids.contains(id)) {
                throw new AssemblyException("No stack " + id + " (env " + env.get() + ") in " + directory + "; it has "
                        + String.join(", ", ids) + ": synthesize that env (npx cdk synth -c env=" + env.get() + ")");
            }
        } else if (ids.size() == 1) {
            id = ids.get(0);
        } else {
            throw new AssemblyException(directory + " has several stacks (" + String.join(", ", ids)
                    + "): choose one with --stack NAME");
        }
        return load(id);
    }

    private StackArtifact load(String id) {
        JsonNode artifact = manifest.path("artifacts").path(id);
        JsonNode properties = artifact.path("properties");
        Path templateFile = directory.resolve(properties.path("templateFile").asText(id + ".template.json"));
        if (!Files.isRegularFile(templateFile)) {
            throw new AssemblyException("Stack " + id + ": template " + templateFile + " is missing");
        }
        Optional<String> account = Optional.empty();
        Optional<String> region = Optional.empty();
        Matcher env = ENVIRONMENT.matcher(artifact.path("environment").asText(""));
        if (env.matches()) {
            account = concrete(env.group(1));
            region = concrete(env.group(2));
        }
        return new StackArtifact(id, stackName(id), account, region, templateFile, readObject(templateFile), assets(artifact));
    }

    private String stackName(String id) {
        return manifest.path("artifacts").path(id).path("properties").path("stackName").asText(id);
    }

    /** File assets of the stack's asset manifests (its dependencies of type {@code cdk:asset-manifest}). */
    private Map<String, Asset> assets(JsonNode stackArtifact) {
        Map<String, Asset> byObjectKey = new HashMap<>();
        for (JsonNode dependency : stackArtifact.path("dependencies")) {
            JsonNode candidate = manifest.path("artifacts").path(dependency.asText());
            if (!ASSET_MANIFEST_TYPE.equals(candidate.path("type").asText())) {
                continue;
            }
            ObjectNode assetManifest = readObject(directory.resolve(candidate.path("properties").path("file").asText()));
            assetManifest.path("files").fields().forEachRemaining(file -> {
                JsonNode source = file.getValue().path("source");
                if (!source.has("path")) {
                    return; // an executable-built asset: nothing on disk to run
                }
                Path path = directory.resolve(source.path("path").asText()).normalize();
                String packaging = source.path("packaging").asText("file");
                file.getValue().path("destinations").forEach(destination -> {
                    String key = destination.path("objectKey").asText();
                    byObjectKey.put(key, new Asset(file.getKey(), path, packaging, key));
                });
            });
        }
        return byObjectKey;
    }

    private Iterator<Map.Entry<String, JsonNode>> artifacts() {
        return manifest.path("artifacts").fields();
    }

    private static Optional<String> concrete(String value) {
        return value.startsWith("unknown-") ? Optional.empty() : Optional.of(value);
    }

    private static ObjectNode readObject(Path file) {
        try {
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            if (!(node instanceof ObjectNode object)) {
                throw new AssemblyException(file + " is not a JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new AssemblyException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
