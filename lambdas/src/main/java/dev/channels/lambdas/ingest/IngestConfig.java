package dev.channels.lambdas.ingest;

import dev.channels.contract.HandlerEnv;
import dev.channels.contract.IndexKey;
import dev.channels.lambdas.EnvVars;
import java.util.List;
import java.util.Optional;

/** What one ingest function needs to know about its channel. */
public record IngestConfig(String channelName, String envName, String tableName, String idProperty,
        Optional<String> versionProperty, List<IndexKey> indexKeys, String archiveBucket, boolean rawArchive,
        String inboxDlqUrl) {

    public IngestConfig {
        indexKeys = List.copyOf(indexKeys);
    }

    public static IngestConfig from(EnvVars env) {
        return new IngestConfig(
                env.required(HandlerEnv.CHANNEL_NAME),
                env.required(HandlerEnv.ENV_NAME),
                env.required(HandlerEnv.TABLE_NAME),
                env.optional(HandlerEnv.ID_PROPERTY, HandlerEnv.DEFAULT_ID_PROPERTY),
                env.optional(HandlerEnv.VERSION_PROPERTY).map(String::trim),
                IndexKey.parseAll(env.list(HandlerEnv.INDEX_KEYS, "")),
                env.required(HandlerEnv.ARCHIVE_BUCKET),
                env.flag(HandlerEnv.RAW_ARCHIVE, HandlerEnv.DEFAULT_RAW_ARCHIVE),
                env.required(HandlerEnv.INBOX_DLQ_URL));
    }
}
