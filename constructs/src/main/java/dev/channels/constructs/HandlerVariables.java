package dev.channels.constructs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.channels.contract.HandlerEnv;
import dev.channels.contract.IndexKey;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;

/**
 * The environment variables each handler of a channel reads at init ({@link HandlerEnv}); a channel's
 * optional settings only when it sets them.
 */
final class HandlerVariables {

    private HandlerVariables() {
    }

    /** What ingest reads at init. */
    static Map<String, String> ingest(ChannelsEnvironment environment, ChannelProps props, ChannelQueues queues,
                                      ChannelStorage storage) {
        Map<String, String> variables = shared(environment, props, storage);
        variables.put(HandlerEnv.TABLE_NAME, storage.table().getTableName());
        variables.put(HandlerEnv.RAW_ARCHIVE, Boolean.toString(props.rawArchive()));
        props.versionProperty().ifPresent(property -> variables.put(HandlerEnv.VERSION_PROPERTY, property));
        variables.put(HandlerEnv.INBOX_DLQ_URL, queues.inboxDlq().getQueueUrl());
        List<String> indexKeys = indexKeys(props);
        if (!indexKeys.isEmpty()) {
            variables.put(HandlerEnv.INDEX_KEYS, String.join(",", indexKeys));
        }
        return variables;
    }

    /** What notify reads at init. */
    static Map<String, String> notify(ChannelsEnvironment environment, ChannelProps props, ChannelQueues queues,
                                      ChannelStorage storage) {
        Map<String, String> variables = shared(environment, props, storage);
        variables.put(HandlerEnv.SLACK_SECRET_ARN, environment.slackSecret().getSecretArn());
        variables.put(HandlerEnv.IDEMPOTENCY_TABLE, environment.idempotencyTable().getTableName());
        variables.put(HandlerEnv.NOTIFY_EVENTS, String.join(",", notifyEvents(props)));
        variables.put(HandlerEnv.NOTICES_QUEUE_URL, queues.notices().getQueueUrl());
        props.notifyProperties()
                .ifPresent(shown -> variables.put(HandlerEnv.NOTIFY_PROPERTIES, String.join(",", shown)));
        props.titleTemplate().ifPresent(template -> variables.put(HandlerEnv.TITLE_TEMPLATE, template));
        return variables;
    }

    /** The stream event names notify tells: the filter of its event source and its NOTIFY_EVENTS agree. */
    static List<String> notifyEvents(ChannelProps props) {
        return props.notifyOn().stream().map(Enum::name).toList();
    }

    private static Map<String, String> shared(ChannelsEnvironment environment, ChannelProps props,
                                              ChannelStorage storage) {
        Map<String, String> variables = new TreeMap<>();
        variables.put(HandlerEnv.ENV_NAME, environment.naming().env());
        variables.put(HandlerEnv.CHANNEL_NAME, props.name());
        variables.put(HandlerEnv.ID_PROPERTY, props.idProperty());
        variables.put(HandlerEnv.ARCHIVE_BUCKET, storage.archiveBucket().getBucketName());
        return variables;
    }

    /** Each index key property with its type and role, as ingest checks them before a write (IndexKey). */
    private static List<String> indexKeys(ChannelProps props) {
        List<String> keys = new ArrayList<>();
        for (GlobalSecondaryIndexProps index : props.indexes()) {
            keys.add(indexKey(index.getPartitionKey(), IndexKey.Role.PARTITION));
            if (index.getSortKey() != null) {
                keys.add(indexKey(index.getSortKey(), IndexKey.Role.SORT));
            }
        }
        return keys;
    }

    private static String indexKey(Attribute attribute, IndexKey.Role role) {
        return new IndexKey(attribute.getName(), IndexKey.Type.valueOf(attribute.getType().name().substring(0, 1)), role)
                .format();
    }
}
