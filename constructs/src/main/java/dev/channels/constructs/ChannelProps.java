package dev.channels.constructs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.channels.lambdas.HandlerEnv;
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

    private static final Pattern INDEX_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    private final String name;
    private final String idProperty;
    private final List<GlobalSecondaryIndexProps> indexes;
    private final JsonSchema requestSchema;
    private final Set<StreamEventKind> notifyOn;

    private ChannelProps(Builder builder) {
        this.name = builder.name;
        this.idProperty = builder.idProperty;
        this.indexes = List.copyOf(builder.indexes);
        this.requestSchema = builder.requestSchema;
        this.notifyOn = Collections.unmodifiableSet(EnumSet.copyOf(builder.notifyOn));
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

    /** The JSON Schema the API enforces on request bodies, when the channel declares one. */
    public Optional<JsonSchema> requestSchema() {
        return Optional.ofNullable(requestSchema);
    }

    /** The stream events that reach the notify function; the others are filtered out before invoking it. */
    public Set<StreamEventKind> notifyOn() {
        return notifyOn;
    }

    public static final class Builder {
        private String name;
        private String idProperty = HandlerEnv.DEFAULT_ID_PROPERTY;
        private final List<GlobalSecondaryIndexProps> indexes = new ArrayList<>();
        private JsonSchema requestSchema;
        private Set<StreamEventKind> notifyOn = EnumSet.copyOf(Defaults.NOTIFY_ON);

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

        public Builder requestSchema(JsonSchema requestSchema) {
            this.requestSchema = requestSchema;
            return this;
        }

        public Builder notifyOn(StreamEventKind first, StreamEventKind... more) {
            this.notifyOn = EnumSet.of(Objects.requireNonNull(first, "notifyOn needs at least one event kind"), more);
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
                        + "of " + List.of(StreamEventKind.values()));
            }
            return new ChannelProps(this);
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
