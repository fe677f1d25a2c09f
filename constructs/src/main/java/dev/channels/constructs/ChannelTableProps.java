package dev.channels.constructs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.channels.constructs.Naming.Kind;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.TableProps;

/**
 * A channel table's props, consolidated in three layers: {@link Defaults#table} first (on-demand, PITR, the
 * env key), then the channel's overrides ({@link ChannelProps.Builder#table}), then what the construct
 * requires (name, key schema, stream, removal). An override may change anything else CDK's
 * {@link TableProps} offers, but {@link #checkOverrides} refuses, when the props are built, one that sets
 * what the channel guarantees: the key schema, the stream, PITR, encryption, the name and removal.
 */
final class ChannelTableProps {
    private static final Attribute PROBE_KEY = Attribute.builder().name("probe").type(AttributeType.STRING).build();

    private ChannelTableProps() {
    }

    static TableProps of(ChannelsEnvironment environment, ChannelProps props) {
        TableProps.Builder table = Defaults.table(environment.key());
        props.tableOverrides().accept(table);
        return table
                .tableName(environment.naming().channel(Kind.DYNAMODB_TABLE, Naming.kebab(props.name())))
                .partitionKey(Attribute.builder().name(props.idProperty()).type(AttributeType.STRING).build())
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .deletionProtection(environment.retain())
                .removalPolicy(environment.removalPolicy())
                .build();
    }

    /** Applies {@code overrides} to an empty builder and refuses what they may not set, saying why. */
    static void checkOverrides(String channel, Consumer<TableProps.Builder> overrides) {
        TableProps.Builder builder = TableProps.builder().partitionKey(PROBE_KEY);
        overrides.accept(builder);
        TableProps set = builder.build();
        List<String> refused = new ArrayList<>();
        if (set.getPartitionKey() != PROBE_KEY || set.getSortKey() != null) {
            refused.add("partitionKey or sortKey (items are keyed by the idProperty alone: set idProperty(...) "
                    + "instead)");
        }
        if (set.getStream() != null) {
            refused.add("stream (notify reads the NEW_AND_OLD_IMAGES stream)");
        }
        if (set.getPointInTimeRecoverySpecification() != null || set.getPointInTimeRecovery() != null) {
            refused.add("point-in-time recovery (always on: the table holds the only copy of the latest objects)");
        }
        if (set.getEncryption() != null || set.getEncryptionKey() != null) {
            refused.add("encryption (always the env's KMS key)");
        }
        if (set.getTableName() != null) {
            refused.add("tableName (always <env>-<channel-kebab>)");
        }
        if (set.getRemovalPolicy() != null || set.getDeletionProtection() != null) {
            refused.add("removalPolicy or deletionProtection (they follow the env's retain setting)");
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("table(...) of channel " + channel + " sets what every channel table "
                    + "guarantees; remove it: " + String.join("; ", refused));
        }
        boolean capacity = set.getReadCapacity() != null || set.getWriteCapacity() != null;
        if (capacity && set.getBillingMode() != BillingMode.PROVISIONED) {
            throw new IllegalArgumentException("table(...) of channel " + channel + " sets readCapacity or "
                    + "writeCapacity but not billingMode(BillingMode.PROVISIONED): channel tables are on-demand by "
                    + "default, so set the billing mode too");
        }
    }
}
