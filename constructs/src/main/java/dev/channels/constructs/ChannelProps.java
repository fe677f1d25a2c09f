package dev.channels.constructs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.channels.contract.ChangeKind;
import dev.channels.contract.HandlerEnv;
import dev.channels.contract.MetadataAttributes;
import dev.channels.contract.TitleTemplate;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;

/**
 * One channel: the kind of object it carries and how. Independent of any environment, so the app can
 * list its channels once and build them in every env.
 */
public final class ChannelProps {
    /** DynamoDB's limit of global secondary indexes per table. */
    public static final int MAX_INDEXES = 20;
    /** DynamoDB's limit on the length of an attribute name used as a key. */
    public static final int MAX_KEY_ATTRIBUTE_LENGTH = 255;

    /**
     * Lambda allows 4 KB of environment variables per function; the notify settings a channel chooses
     * (shown properties and title template) may take half, the rest is for the names and ARNs we set.
     */
    public static final int MAX_NOTIFY_SETTINGS_LENGTH = 2048;

    private static final Pattern INDEX_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    private final String name;
    private final String idProperty;
    private final List<GlobalSecondaryIndexProps> indexes;
    private final JsonSchema requestSchema;
    private final Set<ChangeKind> notifyOn;
    private final String versionProperty;
    private final boolean rawArchive;
    private final List<String> notifyProperties;
    private final String titleTemplate;

    private ChannelProps(Builder builder) {
        this.name = builder.name;
        this.idProperty = builder.idProperty;
        this.indexes = List.copyOf(builder.indexes);
        this.requestSchema = builder.requestSchema;
        this.notifyOn = Collections.unmodifiableSet(EnumSet.copyOf(builder.notifyOn));
        this.versionProperty = builder.versionProperty;
        this.rawArchive = builder.rawArchive;
        this.notifyProperties = builder.notifyProperties == null ? null : List.copyOf(builder.notifyProperties);
        this.titleTemplate = builder.titleTemplate;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** PascalCase name of the object kind, e.g. {@code JobOrder}. */
    public String name() {
        return name;
    }

    /** Top-level JSON property holding the object id, the table's partition key. */
    public String idProperty() {
        return idProperty;
    }

    public List<GlobalSecondaryIndexProps> indexes() {
        return indexes;
    }

    /**
     * The channel's own JSON Schema (draft 4), when it declares one. The API enforces it together with the
     * default schema every channel gets (id, index keys, version; see docs/channel-construct.md), never
     * instead of it.
     */
    public Optional<JsonSchema> requestSchema() {
        return Optional.ofNullable(requestSchema);
    }

    /** The stream events that reach the notify function; the others are filtered out before invoking it. */
    public Set<ChangeKind> notifyOn() {
        return notifyOn;
    }

    /**
     * The top-level property holding the object's version (a JSON number, or an ISO-8601 timestamp with
     * offset); ingest keeps a write only when it is newer than the stored one. Empty: the time SQS
     * received the message orders writes.
     */
    public Optional<String> versionProperty() {
        return Optional.ofNullable(versionProperty);
    }

    /** True when every accepted body is also written to the archive bucket, so the channel can be replayed. */
    public boolean rawArchive() {
        return rawArchive;
    }

    /** The properties a Slack message shows, in this order; empty: all of them. */
    public Optional<List<String>> notifyProperties() {
        return Optional.ofNullable(notifyProperties);
    }

    /** The title of each change in a Slack message; empty: the handler's default. */
    public Optional<String> titleTemplate() {
        return Optional.ofNullable(titleTemplate);
    }

    public static final class Builder {
        private String name;
        private String idProperty = HandlerEnv.DEFAULT_ID_PROPERTY;
        private final List<GlobalSecondaryIndexProps> indexes = new ArrayList<>();
        private JsonSchema requestSchema;
        private Set<ChangeKind> notifyOn = EnumSet.copyOf(Defaults.NOTIFY_ON);
        private String versionProperty;
        private boolean rawArchive;
        private List<String> notifyProperties;
        private String titleTemplate;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder idProperty(String idProperty) {
            this.idProperty = idProperty;
            return this;
        }

        /** A global secondary index on one string property, named {@code by-<partitionKey>}. */
        public Builder index(String partitionKey) {
            Objects.requireNonNull(partitionKey, "index partition key is required, e.g. index(\"status\")");
            return globalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                    .indexName("by-" + partitionKey)
                    .partitionKey(stringAttribute(partitionKey))
                    .build());
        }

        /** A global secondary index on two string properties, named {@code by-<partitionKey>-<sortKey>}. */
        public Builder index(String partitionKey, String sortKey) {
            Objects.requireNonNull(partitionKey, "index partition key is required, e.g. index(\"status\", \"updatedAt\")");
            Objects.requireNonNull(sortKey, "index sort key is required; use index(partitionKey) for an index without one");
            return globalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                    .indexName("by-" + partitionKey + "-" + sortKey)
                    .partitionKey(stringAttribute(partitionKey))
                    .sortKey(stringAttribute(sortKey))
                    .build());
        }

        /** Any global secondary index CDK can express, for key types or projections the shortcuts do not cover. */
        public Builder globalSecondaryIndex(GlobalSecondaryIndexProps index) {
            this.indexes.add(Objects.requireNonNull(index, "index is required"));
            return this;
        }

        /**
         * A JSON Schema (draft 4) the API enforces on request bodies besides the default one (an object with a
         * non-blank string or integer id, valid index keys and version): both must hold, so this one can add
         * rules only.
         */
        public Builder requestSchema(JsonSchema requestSchema) {
            this.requestSchema = requestSchema;
            return this;
        }

        public Builder notifyOn(ChangeKind first, ChangeKind... more) {
            this.notifyOn = EnumSet.of(Objects.requireNonNull(first, "notifyOn needs at least one event kind"), more);
            return this;
        }

        /** The top-level property holding the object's version: a JSON number or an ISO-8601 timestamp with offset. */
        public Builder versionProperty(String versionProperty) {
            this.versionProperty = versionProperty;
            return this;
        }

        /** Writes every accepted body to the archive bucket too (default false), so the channel can be replayed. */
        public Builder rawArchive(boolean rawArchive) {
            this.rawArchive = rawArchive;
            return this;
        }

        /** The properties a Slack message shows, in this order (default: all of them). */
        public Builder notifyProperties(String... properties) {
            Objects.requireNonNull(properties, "notifyProperties needs property names; leave it out to show all");
            this.notifyProperties = Arrays.asList(properties.clone());
            return this;
        }

        /**
         * The title of each change in a Slack message, with placeholders {@code {channel}}, {@code {id}},
         * {@code {event}} (created/updated/removed), {@code {kind}} (INSERT/MODIFY/REMOVE) and
         * {@code {property:NAME}}, e.g. {@code "Job {property:title} {event}"}.
         */
        public Builder titleTemplate(String titleTemplate) {
            this.titleTemplate = titleTemplate;
            return this;
        }

        public ChannelProps build() {
            Naming.requireChannelName(name);
            requireKeyAttribute(idProperty, "idProperty");
            if (indexes.size() > MAX_INDEXES) {
                throw new IllegalArgumentException("channel " + name + " declares " + indexes.size()
                        + " indexes; DynamoDB allows " + MAX_INDEXES + " per table: drop the ones no query uses");
            }
            Set<String> indexNames = new HashSet<>();
            for (GlobalSecondaryIndexProps index : indexes) {
                String indexName = index.getIndexName();
                if (indexName == null || !INDEX_NAME.matcher(indexName).matches()) {
                    throw new IllegalArgumentException("index name '" + indexName + "' of channel " + name + " must be "
                            + "3-255 letters, digits, '_', '-' or '.': rename the index or its key properties");
                }
                if (!indexNames.add(indexName)) {
                    throw new IllegalArgumentException("channel " + name + " declares index '" + indexName
                            + "' twice: declare each index once");
                }
                requireKeyAttribute(index.getPartitionKey().getName(), "partition key of index " + indexName);
                if (index.getSortKey() != null) {
                    requireKeyAttribute(index.getSortKey().getName(), "sort key of index " + indexName);
                }
            }
            if (notifyOn.isEmpty()) {
                throw new IllegalArgumentException("channel " + name + " notifies on no event kind: name at least one "
                        + "of " + List.of(ChangeKind.values()));
            }
            if (versionProperty != null) {
                requireProperty(versionProperty, "versionProperty");
                if (versionProperty.equals(idProperty)) {
                    throw new IllegalArgumentException("versionProperty of channel " + name + " is the idProperty '"
                            + idProperty + "': name the property that holds the version, or leave it out to order "
                            + "writes by the time SQS received them");
                }
            }
            if (notifyProperties != null) {
                requireNotifyProperties();
            }
            if (titleTemplate != null) {
                requireTitleTemplate();
            }
            int notifySettings = (notifyProperties == null ? 0 : String.join(",", notifyProperties).length())
                    + (titleTemplate == null ? 0 : titleTemplate.length());
            if (notifySettings > MAX_NOTIFY_SETTINGS_LENGTH) {
                throw new IllegalArgumentException("notifyProperties and titleTemplate of channel " + name + " take "
                        + notifySettings + " characters, over " + MAX_NOTIFY_SETTINGS_LENGTH + " (Lambda allows 4 KB "
                        + "of environment variables): show fewer properties or shorten the title");
            }
            return new ChannelProps(this);
        }

        private void requireNotifyProperties() {
            if (notifyProperties.isEmpty()) {
                throw new IllegalArgumentException("notifyProperties of channel " + name + " names no property: "
                        + "name at least one, or leave notifyProperties out to show all of them");
            }
            Set<String> seen = new HashSet<>();
            for (String property : notifyProperties) {
                requireProperty(property, "notifyProperties entry");
                if (property.contains(",")) {
                    throw new IllegalArgumentException("notifyProperties entry '" + property + "' of channel " + name
                            + " contains a comma, which separates the entries handed to notify: rename the property");
                }
                if (!seen.add(property)) {
                    throw new IllegalArgumentException("notifyProperties of channel " + name + " names '" + property
                            + "' twice: name each property once");
                }
            }
        }

        /** The grammar the notify handler parses at init, checked here so a mistake fails at synth time. */
        private void requireTitleTemplate() {
            if (Token.isUnresolved(titleTemplate) || titleTemplate.isBlank()) {
                throw new IllegalArgumentException("titleTemplate of channel " + name + " must be literal, non-blank "
                        + "text, e.g. \"{channel} {id} {event}\"; leave it out for the default");
            }
            try {
                TitleTemplate.parse(titleTemplate);
            } catch (TitleTemplate.InvalidTemplateException e) {
                throw new IllegalArgumentException("titleTemplate of channel " + name + " " + e.problem()
                        + e.fix().map(fix -> ": " + fix).orElse(""));
            }
        }

        /** A top-level property the handlers read: literal, without surrounding blanks, not one of our own. */
        private void requireProperty(String property, String what) {
            Objects.requireNonNull(property, what + " of channel " + name + " is required");
            if (Token.isUnresolved(property) || property.isBlank() || !property.equals(property.strip())) {
                throw new IllegalArgumentException(what + " of channel " + name + " must be a literal property name "
                        + "without leading or trailing blanks, got '" + property + "'");
            }
            if (MetadataAttributes.isMetadata(property)) {
                throw new IllegalArgumentException(what + " '" + property + "' of channel " + name + " starts with '"
                        + MetadataAttributes.PREFIX + "', which is reserved for the attributes the pipeline adds: "
                        + "rename the property");
            }
        }

        private void requireKeyAttribute(String attribute, String what) {
            Objects.requireNonNull(attribute, what + " of channel " + name + " is required");
            if (Token.isUnresolved(attribute) || attribute.isBlank() || attribute.length() > MAX_KEY_ATTRIBUTE_LENGTH) {
                throw new IllegalArgumentException(what + " of channel " + name + " must be a literal property name "
                        + "of 1-" + MAX_KEY_ATTRIBUTE_LENGTH + " characters, got '" + attribute + "'");
            }
        }

        private static Attribute stringAttribute(String name) {
            return Attribute.builder().name(name).type(AttributeType.STRING).build();
        }
    }
}
