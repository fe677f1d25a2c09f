package dev.channels.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;

class ChannelPropsTest {

    @Test
    void defaultsToAnIdPropertyNoIndexNoSchemaAndInsertAndModifyNotifications() {
        ChannelProps props = ChannelProps.builder().name("Candidate").build();

        assertThat(props.name()).isEqualTo("Candidate");
        assertThat(props.idProperty()).isEqualTo("id");
        assertThat(props.indexes()).isEmpty();
        assertThat(props.requestSchema()).isEmpty();
        assertThat(props.notifyOn()).containsExactly(StreamEventKind.INSERT, StreamEventKind.MODIFY);
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
        ChannelProps.Builder builder = ChannelProps.builder().name("JobOrder").notifyOn(StreamEventKind.REMOVE);
        ChannelProps props = builder.build();
        builder.index("status").notifyOn(StreamEventKind.INSERT);

        assertThat(props.indexes()).isEmpty();
        assertThat(props.notifyOn()).containsExactly(StreamEventKind.REMOVE);
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
}
