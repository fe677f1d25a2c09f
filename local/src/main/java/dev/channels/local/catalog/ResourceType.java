package dev.channels.local.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the {@link ResourceCatalog}: how the local cloud treats a CloudFormation resource type, how its
 * physical name is found or generated, and what its {@code Ref} and {@code Fn::GetAtt} attributes resolve to.
 *
 * @param type          the CloudFormation type, or a prefix ending in {@code *} ({@code Custom::*})
 * @param emulation     emulated or accepted-not-emulated
 * @param note          one line for the start-up inventory: what runs locally, or what is not done
 * @param nameProperty  the property holding the physical name ({@code TableName}), if the type has one
 * @param naming        how a name is generated when the property is absent
 * @param ref           the {@code Ref} rule; empty means "the physical name"
 * @param attributes    {@code Fn::GetAtt} rules by attribute name
 */
public record ResourceType(String type, Emulation emulation, String note, Optional<String> nameProperty, Naming naming,
        Optional<Attribute> ref, Map<String, Attribute> attributes) {

    public ResourceType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(emulation, "emulation");
        Objects.requireNonNull(note, "note");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** Computes one attribute value. */
    @FunctionalInterface
    public interface Attribute {
        String value(AttributeContext resource);
    }

    /**
     * How CloudFormation names a resource whose name property is absent: {@code <stack>-<logicalId>-<suffix>},
     * cut to {@code maxLength}, lower-cased for S3 buckets; or a bare random id (API Gateway ids).
     */
    public record Naming(int maxLength, boolean lowerCase, boolean bareId) {
        public static final Naming DEFAULT = new Naming(128, false, false);
        public static final Naming BARE_ID = new Naming(10, true, true);
    }

    public boolean matches(String resourceType) {
        return type.endsWith("*") ? resourceType.startsWith(type.substring(0, type.length() - 1)) : type.equals(resourceType);
    }

    public Optional<Attribute> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    public static Builder emulated(String type, String note) {
        return new Builder(type, Emulation.EMULATED, note);
    }

    public static Builder accepted(String type, String note) {
        return new Builder(type, Emulation.ACCEPTED_NOT_EMULATED, note);
    }

    /** A copy with another emulation status and note, e.g. when a later layer starts to run a type. */
    public ResourceType withEmulation(Emulation newEmulation, String newNote) {
        return new ResourceType(type, newEmulation, newNote, nameProperty, naming, ref, attributes);
    }

    public static final class Builder {
        private final String type;
        private final Emulation emulation;
        private final String note;
        private String nameProperty;
        private Naming naming = Naming.DEFAULT;
        private Attribute ref;
        private final Map<String, Attribute> attributes = new LinkedHashMap<>();

        private Builder(String type, Emulation emulation, String note) {
            this.type = type;
            this.emulation = emulation;
            this.note = note;
        }

        public Builder named(String property, int maxLength) {
            this.nameProperty = property;
            this.naming = new Naming(maxLength, false, false);
            return this;
        }

        public Builder namedLowerCase(String property, int maxLength) {
            this.nameProperty = property;
            this.naming = new Naming(maxLength, true, false);
            return this;
        }

        public Builder generatedId() {
            this.naming = Naming.BARE_ID;
            return this;
        }

        public Builder ref(Attribute rule) {
            this.ref = rule;
            return this;
        }

        public Builder attr(String name, Attribute rule) {
            attributes.put(name, rule);
            return this;
        }

        public ResourceType build() {
            return new ResourceType(type, emulation, note, Optional.ofNullable(nameProperty), naming,
                    Optional.ofNullable(ref), attributes);
        }
    }
}
