package dev.channels.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import java.util.Map;
import java.util.function.Consumer;

import dev.channels.contract.ChangeKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.TableClass;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.TableProps;

class ChannelPropsTest {

    @Test
    void defaultsToAnIdPropertyNoIndexNoSchemaAndInsertAndModifyNotifications() {
        ChannelProps props = ChannelProps.builder().name("Candidate").build();

        assertThat(props.name()).isEqualTo("Candidate");
        assertThat(props.idProperty()).isEqualTo("id");
        assertThat(props.indexes()).isEmpty();
        assertThat(props.requestSchema()).isEmpty();
        assertThat(props.notifyOn()).containsExactly(ChangeKind.INSERT, ChangeKind.MODIFY);
        assertThat(props.versionProperty()).isEmpty();
        assertThat(props.rawArchive()).isFalse();
        assertThat(props.notifyProperties()).isEmpty();
        assertThat(props.titleTemplate()).isEmpty();
    }

    @Test
    void keepsTheOptionalIngestAndNotifySettings() {
        ChannelProps props = ChannelProps.builder()
                .name("JobOrder")
                .versionProperty("updatedAt")
                .rawArchive(true)
                .notifyProperties("status", "owner")
                .titleTemplate("Job {property:title} {event}")
                .build();

        assertThat(props.versionProperty()).contains("updatedAt");
        assertThat(props.rawArchive()).isTrue();
        assertThat(props.notifyProperties()).contains(List.of("status", "owner"));
        assertThat(props.titleTemplate()).contains("Job {property:title} {event}");
    }

    @Test
    void notifyPropertiesAreCopiedWhenSetAndImmutable() {
        String[] shown = {"status", "owner"};
        ChannelProps.Builder builder = ChannelProps.builder().name("JobOrder").notifyProperties(shown);
        shown[0] = "changed";
        ChannelProps props = builder.build();

        assertThat(props.notifyProperties()).contains(List.of("status", "owner"));
        assertThatThrownBy(() -> props.notifyProperties().orElseThrow().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsUnusableVersionProperties() {
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").versionProperty(" ").build())
                .hasMessage("versionProperty of channel JobOrder must be a literal property name without leading or "
                        + "trailing blanks, got ' '");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").versionProperty("id").build())
                .hasMessage("versionProperty of channel JobOrder is the idProperty 'id': name the property that holds "
                        + "the version, or leave it out to order writes by the time SQS received them");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").versionProperty("_channels_version").build())
                .hasMessage("versionProperty '_channels_version' of channel JobOrder starts with '_channels_', which is "
                        + "reserved for the attributes the pipeline adds: rename the property");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").versionProperty(Aws.ACCOUNT_ID).build())
                .hasMessageStartingWith("versionProperty of channel JobOrder must be a literal property name");
    }

    @Test
    void rejectsUnusableNotifyProperties() {
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").notifyProperties().build())
                .hasMessage("notifyProperties of channel JobOrder names no property: name at least one, or leave "
                        + "notifyProperties out to show all of them");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").notifyProperties("status", null).build())
                .hasMessage("notifyProperties entry of channel JobOrder is required");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").notifyProperties("status,owner").build())
                .hasMessage("notifyProperties entry 'status,owner' of channel JobOrder contains a comma, which "
                        + "separates the entries handed to notify: rename the property");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").notifyProperties("status", "status").build())
                .hasMessage("notifyProperties of channel JobOrder names 'status' twice: name each property once");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").notifyProperties(" status").build())
                .hasMessage("notifyProperties entry of channel JobOrder must be a literal property name without "
                        + "leading or trailing blanks, got ' status'");
    }

    @Test
    void acceptsEveryPlaceholderTheNotifyHandlerKnows() {
        String template = "{channel}/{id} {event} ({kind}): {property:status} } and {property:a b}";

        assertThat(ChannelProps.builder().name("JobOrder").titleTemplate(template).build().titleTemplate())
                .contains(template);
    }

    @Test
    void rejectsTitleTemplatesTheNotifyHandlerWouldRefuseAtInit() {
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").titleTemplate("{id} {status}").build())
                .hasMessage("titleTemplate of channel JobOrder has an unknown placeholder {status}; known: {channel} "
                        + "{id} {event} {kind} {property:NAME}");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").titleTemplate("{property:}").build())
                .hasMessageStartingWith("titleTemplate of channel JobOrder has an unknown placeholder {property:}");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").titleTemplate("{id} {event").build())
                .hasMessage("titleTemplate of channel JobOrder has a '{' without its '}' at position 5: close the "
                        + "placeholder or remove the brace");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").titleTemplate(" ").build())
                .hasMessage("titleTemplate of channel JobOrder must be literal, non-blank text, e.g. \"{channel} {id} "
                        + "{event}\"; leave it out for the default");
    }

    @Test
    void keepsTheNotifySettingsWithinLambdasEnvironmentLimit() {
        ChannelProps.Builder builder = ChannelProps.builder()
                .name("JobOrder")
                .notifyProperties("p".repeat(1000), "q".repeat(1000))
                .titleTemplate("t".repeat(47));
        assertThat(builder.build().titleTemplate()).isPresent();

        assertThatThrownBy(() -> builder.titleTemplate("t".repeat(48)).build())
                .hasMessage("notifyProperties and titleTemplate of channel JobOrder take 2049 characters, over 2048 "
                        + "(Lambda allows 4 KB of environment variables): show fewer properties or shorten the title");
    }

    @Test
    void indexShortcutsNameTheIndexAfterItsStringKeys() {
        ChannelProps props = ChannelProps.builder().name("JobOrder").index("status", "updatedAt").index("owner").build();

        assertThat(props.indexes()).hasSize(2);
        GlobalSecondaryIndexProps byStatus = props.indexes().get(0);
        assertThat(byStatus.getIndexName()).isEqualTo("by-status-updatedAt");
        assertThat(byStatus.getPartitionKey().getName()).isEqualTo("status");
        assertThat(byStatus.getPartitionKey().getType()).isEqualTo(AttributeType.STRING);
        assertThat(byStatus.getSortKey().getName()).isEqualTo("updatedAt");
        assertThat(props.indexes().get(1).getIndexName()).isEqualTo("by-owner");
        assertThat(props.indexes().get(1).getSortKey()).isNull();
    }

    @Test
    void isImmutableOnceBuilt() {
        ChannelProps.Builder builder = ChannelProps.builder().name("JobOrder").notifyOn(ChangeKind.REMOVE);
        ChannelProps props = builder.build();
        builder.index("status").notifyOn(ChangeKind.INSERT);

        assertThat(props.indexes()).isEmpty();
        assertThat(props.notifyOn()).containsExactly(ChangeKind.REMOVE);
        assertThatThrownBy(() -> props.indexes().add(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> props.notifyOn().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void requiresAPascalCaseName() {
        assertThatThrownBy(() -> ChannelProps.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("channel name is required, e.g. JobOrder");
        assertThatThrownBy(() -> ChannelProps.builder().name("job_order").build())
                .hasMessageStartingWith("channel name 'job_order' is not PascalCase");
    }

    @Test
    void rejectsUnusableIdProperties() {
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").idProperty(" ").build())
                .hasMessage("idProperty of channel JobOrder must be a literal property name of 1-255 characters, "
                        + "got ' '");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").idProperty("x".repeat(256)).build())
                .hasMessageStartingWith("idProperty of channel JobOrder must be a literal property name");
    }

    @Test
    void rejectsDuplicateAndBadlyNamedIndexes() {
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").index("status").index("status").build())
                .hasMessage("channel JobOrder declares index 'by-status' twice: declare each index once");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").index("order status").build())
                .hasMessage("index name 'by-order status' of channel JobOrder must be 3-255 letters, digits, '_', '-' "
                        + "or '.': rename the index or its key properties");
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").index(null, "updatedAt"))
                .hasMessage("index partition key is required, e.g. index(\"status\", \"updatedAt\")");
    }

    @Test
    void rejectsMoreIndexesThanDynamoDbAllows() {
        ChannelProps.Builder builder = ChannelProps.builder().name("JobOrder");
        for (int i = 0; i < 21; i++) {
            builder.globalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                    .indexName("index" + i)
                    .partitionKey(Attribute.builder().name("p" + i).type(AttributeType.NUMBER).build())
                    .build());
        }
        assertThatThrownBy(builder::build)
                .hasMessage("channel JobOrder declares 21 indexes; DynamoDB allows 20 per table: drop the ones no "
                        + "query uses");
    }

    @Test
    void notifyOnNeedsAnEventKind() {
        assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").notifyOn(null))
                .hasMessage("notifyOn needs at least one event kind");
    }

    /** What a channel may override on top of the Defaults, and what it may not. */
    @Nested
    class Overrides {

        @Test
        void aChannelThatOverridesNothingGetsTheDefaults() {
            ChannelProps props = ChannelProps.builder().name("Candidate").build();

            assertThat(props.ingestMemorySize()).isEqualTo(Defaults.INGEST_MEMORY_MB);
            assertThat(props.ingestTimeout()).isSameAs(Defaults.INGEST_TIMEOUT);
            assertThat(props.ingestBatchSize()).isEqualTo(Defaults.INGEST_BATCH_SIZE);
            assertThat(props.notifyMemorySize()).isEqualTo(Defaults.NOTIFY_MEMORY_MB);
            assertThat(props.notifyTimeout()).isSameAs(Defaults.NOTIFY_TIMEOUT);
            assertThat(props.notifyBatchSize()).isEqualTo(Defaults.NOTIFY_BATCH_SIZE);
            TableProps.Builder table = TableProps.builder().partitionKey(key("id"));
            props.tableOverrides().accept(table);
            assertThat(table.build().getBillingMode()).isNull();
        }

        @Test
        void keepsWhatTheChannelOverrides() {
            ChannelProps props = TestEnvironments.tuned();

            assertThat(props.ingestMemorySize()).isEqualTo(2048);
            assertThat(props.ingestTimeout().toSeconds()).isEqualTo(45);
            assertThat(props.ingestBatchSize()).isEqualTo(5);
            assertThat(props.notifyMemorySize()).isEqualTo(512);
            assertThat(props.notifyTimeout().toSeconds()).isEqualTo(120);
            assertThat(props.notifyBatchSize()).isEqualTo(50);
            TableProps.Builder table = TableProps.builder().partitionKey(key("id"));
            props.tableOverrides().accept(table);
            assertThat(table.build().getBillingMode()).isEqualTo(BillingMode.PROVISIONED);
            assertThat(table.build().getTableClass()).isEqualTo(TableClass.STANDARD_INFREQUENT_ACCESS);
        }

        @Test
        void rejectsFunctionSettingsLambdaWouldRefuse() {
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").ingestMemorySize(127).build())
                    .hasMessage("ingestMemorySize of channel JobOrder must be 128 to 10240 MB (Lambda's limits), got "
                            + "127; leave it out for the default");
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").notifyMemorySize(10_241).build())
                    .hasMessageStartingWith("notifyMemorySize of channel JobOrder must be 128 to 10240 MB");
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").ingestTimeout(Duration.minutes(16)).build())
                    .hasMessage("ingestTimeout of channel JobOrder must be a whole number of seconds from 1 to 900 "
                            + "(Lambda's limits), got 16 minutes; leave it out for the default");
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").notifyTimeout(Duration.millis(1500)).build())
                    .hasMessageStartingWith("notifyTimeout of channel JobOrder must be a whole number of seconds");
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").notifyTimeout(Duration.seconds(0)).build())
                    .hasMessageStartingWith("notifyTimeout of channel JobOrder must be a whole number of seconds");
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").ingestTimeout(null).build())
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("ingestTimeout of channel JobOrder is required; leave it out for the default");
            assertThat(ChannelProps.builder().name("JobOrder").ingestMemorySize(128).ingestTimeout(Duration.minutes(15))
                    .build().ingestTimeout().toSeconds()).isEqualTo(900);
        }

        @Test
        void rejectsBatchSizesTheEventSourcesWouldRefuse() {
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").ingestBatchSize(11).build())
                    .hasMessage("ingestBatchSize of channel JobOrder must be 1 to 10 (above it, an SQS event source "
                            + "needs a batching window, which holds a lone message back), got 11; leave it out for the "
                            + "default");
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").ingestBatchSize(0).build())
                    .hasMessageStartingWith("ingestBatchSize of channel JobOrder must be 1 to 10");
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").notifyBatchSize(10_001).build())
                    .hasMessage("notifyBatchSize of channel JobOrder must be 1 to 10000 (Lambda's limit for a DynamoDB "
                            + "stream), got 10001; leave it out for the default");
            assertThat(ChannelProps.builder().name("JobOrder").ingestBatchSize(1).notifyBatchSize(10_000).build()
                    .notifyBatchSize()).isEqualTo(10_000);
        }

        @Test
        void refusesTableOverridesOfWhatEveryChannelTableGuarantees() {
            Map<String, Consumer<TableProps.Builder>> attempts = Map.of(
                    "partitionKey or sortKey (items are keyed by the idProperty alone: set idProperty(...) instead)",
                    table -> table.partitionKey(key("id")),
                    "partitionKey or sortKey (items", table -> table.sortKey(key("updatedAt")),
                    "stream (notify reads the NEW_AND_OLD_IMAGES stream)", table -> table.stream(StreamViewType.KEYS_ONLY),
                    "point-in-time recovery (always on: the table holds the only copy of the latest objects)",
                    table -> table.pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                            .pointInTimeRecoveryEnabled(false).build()),
                    "encryption (always the env's KMS key)", table -> table.encryption(TableEncryption.DEFAULT),
                    "tableName (always <env>-<channel-kebab>)", table -> table.tableName("orders"),
                    "removalPolicy or deletionProtection (they follow the env's retain setting)",
                    table -> table.removalPolicy(RemovalPolicy.DESTROY),
                    "removalPolicy or deletionProtection (they", table -> table.deletionProtection(false));

            attempts.forEach((refused, overrides) -> assertThatThrownBy(
                    () -> ChannelProps.builder().name("JobOrder").table(overrides).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("table(...) of channel JobOrder sets what every channel table guarantees; "
                            + "remove it: " + refused));
        }

        @Test
        void namesEveryGuaranteeATableOverrideTouches() {
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder")
                    .table(table -> table.encryption(TableEncryption.AWS_MANAGED).stream(StreamViewType.NEW_IMAGE))
                    .build())
                    .hasMessage("table(...) of channel JobOrder sets what every channel table guarantees; remove it: "
                            + "stream (notify reads the NEW_AND_OLD_IMAGES stream); encryption (always the env's KMS "
                            + "key)");
        }

        @Test
        void capacityNeedsProvisionedBilling() {
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").table(table -> table.readCapacity(5)).build())
                    .hasMessage("table(...) of channel JobOrder sets readCapacity or writeCapacity but not "
                            + "billingMode(BillingMode.PROVISIONED): channel tables are on-demand by default, so set "
                            + "the billing mode too");
            assertThatThrownBy(() -> ChannelProps.builder().name("JobOrder").table(null))
                    .hasMessage("table overrides are required; leave table(...) out for the defaults");
        }

        private static Attribute key(String name) {
            return Attribute.builder().name(name).type(AttributeType.STRING).build();
        }
    }
}
