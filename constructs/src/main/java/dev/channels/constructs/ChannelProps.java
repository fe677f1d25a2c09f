package dev.channels.constructs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.channels.contract.ChangeKind;
import dev.channels.contract.HandlerEnv;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.TableProps;

/**
 * One channel: the kind of object it carries and how, and what it overrides of the {@link Defaults} (function
 * memory and timeout, batch sizes, table props). Independent of any environment, so the app can list its
 * channels once and build them in every env.
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
    /** Lambda's smallest memory size. */
    public static final int MIN_MEMORY_SIZE_MB = 128;
    /** Lambda's largest memory size. */
    public static final int MAX_MEMORY_SIZE_MB = 10_240;
    /** Lambda's longest timeout. */
    public static final int MAX_TIMEOUT_SECONDS = 900;
    /** The largest SQS batch Lambda takes without a batching window, which would hold a lone message back. */
    public static final int MAX_INGEST_BATCH_SIZE = 10;
    /** The largest batch Lambda reads from a DynamoDB stream. */
    public static final int MAX_NOTIFY_BATCH_SIZE = 10_000;

    private final String name;
    private final String idProperty;
    private final List<GlobalSecondaryIndexProps> indexes;
    private final JsonSchema requestSchema;
    private final Set<ChangeKind> notifyOn;
    private final String versionProperty;
    private final boolean rawArchive;
    private final List<String> notifyProperties;
    private final String titleTemplate;
    private final int ingestMemorySize;
    private final Duration ingestTimeout;
    private final int ingestBatchSize;
    private final int notifyMemorySize;
    private final Duration notifyTimeout;
    private final int notifyBatchSize;
    private final Consumer<TableProps.Builder> tableOverrides;

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
        this.ingestMemorySize = builder.ingestMemorySize;
        this.ingestTimeout = builder.ingestTimeout;
        this.ingestBatchSize = builder.ingestBatchSize;
        this.notifyMemorySize = builder.notifyMemorySize;
        this.notifyTimeout = builder.notifyTimeout;
        this.notifyBatchSize = builder.notifyBatchSize;
        this.tableOverrides = builder.tableOverrides;
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

    /** Ingest's memory in MB (default {@link Defaults#INGEST_MEMORY_MB}). */
    public int ingestMemorySize() {
        return ingestMemorySize;
    }

    /** Ingest's timeout (default {@link Defaults#INGEST_TIMEOUT}); the inbox's visibility timeout is 6 times it. */
    public Duration ingestTimeout() {
        return ingestTimeout;
    }

    /** How many inbox messages ingest gets at once (default {@link Defaults#INGEST_BATCH_SIZE}). */
    public int ingestBatchSize() {
        return ingestBatchSize;
    }

    /** Notify's memory in MB (default {@link Defaults#NOTIFY_MEMORY_MB}). */
    public int notifyMemorySize() {
        return notifyMemorySize;
    }

    /** Notify's timeout (default {@link Defaults#NOTIFY_TIMEOUT}). */
    public Duration notifyTimeout() {
        return notifyTimeout;
    }

    /** How many stream records notify gets at once (default {@link Defaults#NOTIFY_BATCH_SIZE}). */
    public int notifyBatchSize() {
        return notifyBatchSize;
    }

    /** What the channel sets on its table's props on top of {@link Defaults#table}; by default nothing. */
    public Consumer<TableProps.Builder> tableOverrides() {
        return tableOverrides;
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
        private int ingestMemorySize = Defaults.INGEST_MEMORY_MB;
        private Duration ingestTimeout = Defaults.INGEST_TIMEOUT;
        private int ingestBatchSize = Defaults.INGEST_BATCH_SIZE;
        private int notifyMemorySize = Defaults.NOTIFY_MEMORY_MB;
        private Duration notifyTimeout = Defaults.NOTIFY_TIMEOUT;
        private int notifyBatchSize = Defaults.NOTIFY_BATCH_SIZE;
        private Consumer<TableProps.Builder> tableOverrides = table -> { };

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

        /** Ingest's memory, {@value #MIN_MEMORY_SIZE_MB} to {@value #MAX_MEMORY_SIZE_MB} MB; CPU scales with it. */
        public Builder ingestMemorySize(int megabytes) {
            this.ingestMemorySize = megabytes;
            return this;
        }

        /** Ingest's timeout, 1 to {@value #MAX_TIMEOUT_SECONDS} whole seconds; the inbox's visibility follows it. */
        public Builder ingestTimeout(Duration timeout) {
            this.ingestTimeout = timeout;
            return this;
        }

        /** How many inbox messages ingest gets at once, 1 to {@value #MAX_INGEST_BATCH_SIZE}. */
        public Builder ingestBatchSize(int batchSize) {
            this.ingestBatchSize = batchSize;
            return this;
        }

        /** Notify's memory, {@value #MIN_MEMORY_SIZE_MB} to {@value #MAX_MEMORY_SIZE_MB} MB. */
        public Builder notifyMemorySize(int megabytes) {
            this.notifyMemorySize = megabytes;
            return this;
        }

        /** Notify's timeout, 1 to {@value #MAX_TIMEOUT_SECONDS} whole seconds: enough to post a batch to Slack. */
        public Builder notifyTimeout(Duration timeout) {
            this.notifyTimeout = timeout;
            return this;
        }

        /** How many stream records notify gets at once, 1 to {@value #MAX_NOTIFY_BATCH_SIZE}. */
        public Builder notifyBatchSize(int batchSize) {
            this.notifyBatchSize = batchSize;
            return this;
        }

        /**
         * Sets table props on top of {@link Defaults#table}, e.g.
         * {@code table(t -> t.billingMode(BillingMode.PROVISIONED).readCapacity(5).writeCapacity(5))}. What the
         * channel guarantees (key schema, stream, PITR, encryption, name, removal) may not be set: build()
         * refuses it, saying why.
         */
        public Builder table(Consumer<TableProps.Builder> overrides) {
            this.tableOverrides = Objects.requireNonNull(overrides, "table overrides are required; leave table(...) "
                    + "out for the defaults");
            return this;
        }

        public ChannelProps build() {
            Naming.requireChannelName(name);
            ChannelPropsChecks check = new ChannelPropsChecks(name);
            check.keyAttribute(idProperty, "idProperty");
            check.indexes(indexes);
            check.notifyOn(notifyOn);
            if (versionProperty != null) {
                check.versionProperty(versionProperty, idProperty);
            }
            check.notifySettings(notifyProperties, titleTemplate);
            check.memorySize(ingestMemorySize, "ingestMemorySize");
            check.timeout(ingestTimeout, "ingestTimeout");
            check.batchSize(ingestBatchSize, MAX_INGEST_BATCH_SIZE, "ingestBatchSize", "above it, an SQS event "
                    + "source needs a batching window, which holds a lone message back");
            check.memorySize(notifyMemorySize, "notifyMemorySize");
            check.timeout(notifyTimeout, "notifyTimeout");
            check.batchSize(notifyBatchSize, MAX_NOTIFY_BATCH_SIZE, "notifyBatchSize", "Lambda's limit for a "
                    + "DynamoDB stream");
            ChannelTableProps.checkOverrides(name, tableOverrides);
            return new ChannelProps(this);
        }

        private static Attribute stringAttribute(String name) {
            return Attribute.builder().name(name).type(AttributeType.STRING).build();
        }
    }
}
