package dev.channels.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.catalog.AttributeContext;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.catalog.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a resource gives locally, by the rules of its {@link ResourceCatalog} row: its physical name (the name
 * property, or one generated the way CloudFormation does, stable across runs), its {@code Ref} and its
 * {@code Fn::GetAtt} attributes. Thread-safe.
 */
final class ResourceAttributes {
    private final Template template;
    private final PseudoParameters pseudo;
    private final ResourceCatalog catalog;
    private final LocalAddresses addresses;
    private final Intrinsics intrinsics;
    private final CycleGuard guard;
    private final Map<String, String> names = new HashMap<>();

    ResourceAttributes(Template template, PseudoParameters pseudo, ResourceCatalog catalog, LocalAddresses addresses,
            Intrinsics intrinsics, CycleGuard guard) {
        this.template = template;
        this.pseudo = pseudo;
        this.catalog = catalog;
        this.addresses = addresses;
        this.intrinsics = intrinsics;
        this.guard = guard;
    }

    /** The local value of {@code Ref} to a resource: its catalog rule, else its physical name. */
    String ref(String logicalId, String path) {
        TemplateResource resource = activeResource(logicalId, "Ref " + logicalId, path);
        Optional<ResourceType> type = catalog.find(resource.type());
        Context context = new Context(resource);
        return type.flatMap(ResourceType::ref).map(rule -> rule.value(context)).orElseGet(context::name);
    }

    /** The local value of {@code Fn::GetAtt} of a resource. */
    String getAtt(String logicalId, String attribute, String path) {
        TemplateResource resource = activeResource(logicalId, "Fn::GetAtt " + logicalId + "." + attribute, path);
        Optional<ResourceType> type = catalog.find(resource.type());
        if (type.isEmpty()) {
            throw new ResolveException(path, "Fn::GetAtt " + logicalId + "." + attribute + ": type " + resource.type()
                    + " is unknown to the local cloud (add it to ResourceCatalog)");
        }
        ResourceType.Attribute rule = type.get().attribute(attribute).orElseThrow(() -> new ResolveException(path,
                "Fn::GetAtt " + logicalId + "." + attribute + ": attribute " + attribute + " of " + resource.type()
                        + " is not supported by the local cloud (supported: "
                        + String.join(", ", type.get().attributes().keySet()) + ")"));
        return rule.value(new Context(resource));
    }

    /** The resource's physical name: its name property, resolved, or one generated the way CloudFormation does. */
    String physicalName(String logicalId) {
        synchronized (this) {
            String cached = names.get(logicalId);
            if (cached != null) {
                return cached;
            }
        }
        TemplateResource resource = template.resource(logicalId)
                .orElseThrow(() -> new IllegalArgumentException("No resource " + logicalId));
        String name = guard.guarded("name of " + logicalId, logicalId + ".Properties", () -> computeName(resource));
        synchronized (this) {
            names.put(logicalId, name);
        }
        return name;
    }

    private TemplateResource activeResource(String logicalId, String what, String path) {
        TemplateResource resource = template.resource(logicalId).orElseThrow(() -> new ResolveException(path,
                what + ": no resource, parameter or pseudo parameter named " + logicalId));
        if (!intrinsics.isActive(resource)) {
            throw new ResolveException(path, what + ": " + logicalId + " is not created, its condition "
                    + resource.condition().orElseThrow() + " is false");
        }
        return resource;
    }

    private String computeName(TemplateResource resource) {
        Optional<ResourceType> type = catalog.find(resource.type());
        ResourceType.Naming naming = type.map(ResourceType::naming).orElse(ResourceType.Naming.DEFAULT);
        Optional<String> property = type.flatMap(ResourceType::nameProperty);
        if (property.isPresent() && resource.properties().has(property.get())) {
            String propertyPath = resource.logicalId() + ".Properties." + property.get();
            return Intrinsics.scalar(intrinsics.resolve(resource.properties().get(property.get()), propertyPath), propertyPath);
        }
        if (naming.bareId()) {
            return stableId(resource.logicalId(), "", naming.maxLength());
        }
        // CloudFormation's pattern: <stack>-<logicalId>-<random>, cut to the type's limit.
        boolean fifo = resource.type().equals("AWS::SQS::Queue") && resource.properties().path("FifoQueue").asBoolean(false);
        String suffix = stableId(resource.logicalId(), "name", 12).toUpperCase(Locale.ROOT) + (fifo ? ".fifo" : "");
        String base = pseudo.stackName() + "-" + resource.logicalId();
        int room = naming.maxLength() - suffix.length() - 1;
        String name = (base.length() > room ? base.substring(0, room) : base) + "-" + suffix;
        return naming.lowerCase() ? name.toLowerCase(Locale.ROOT) : name;
    }

    /** Lower-case letters and digits from a hash of stack, logical id and salt: the same on every run. */
    private String stableId(String logicalId, String salt, int length) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256")
                    .digest((pseudo.stackName() + "/" + logicalId + "/" + salt).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(Byte.toUnsignedInt(hash[i % hash.length]) % alphabet.length()));
        }
        return id.toString();
    }

    /** What an attribute rule sees of one resource. */
    private final class Context implements AttributeContext {
        private final TemplateResource resource;

        Context(TemplateResource resource) {
            this.resource = resource;
        }

        @Override
        public String logicalId() {
            return resource.logicalId();
        }

        @Override
        public String name() {
            return physicalName(resource.logicalId());
        }

        @Override
        public String id(String salt, int length) {
            return stableId(resource.logicalId(), salt, length);
        }

        @Override
        public String uuid() {
            return UUID.nameUUIDFromBytes((pseudo.stackName() + "/" + resource.logicalId()).getBytes(StandardCharsets.UTF_8)).toString();
        }

        @Override
        public String accountId() {
            return pseudo.accountId();
        }

        @Override
        public String region() {
            return pseudo.region();
        }

        @Override
        public String partition() {
            return pseudo.partition();
        }

        @Override
        public String urlSuffix() {
            return pseudo.urlSuffix();
        }

        @Override
        public String stackName() {
            return pseudo.stackName();
        }

        @Override
        public String property(String name) {
            return optionalProperty(name).orElseThrow(() ->
                    new ResolveException(resource.logicalId() + ".Properties." + name, "is missing"));
        }

        @Override
        public Optional<String> optionalProperty(String name) {
            JsonNode raw = resource.properties().path(name);
            if (raw.isMissingNode()) {
                return Optional.empty();
            }
            String path = resource.logicalId() + ".Properties." + name;
            JsonNode value = intrinsics.resolve(raw, path);
            return value.isMissingNode() ? Optional.empty() : Optional.of(Intrinsics.scalar(value, path));
        }

        @Override
        public String queueUrl(String queueName) {
            return addresses.queueUrl(pseudo.accountId(), queueName);
        }
    }
}
