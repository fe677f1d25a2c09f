package dev.channels.lambdas.ingest;

import dev.channels.contract.HandlerEnv;
import dev.channels.contract.IndexKey;
import dev.channels.lambdas.EnvVars;
import java.util.List;
import java.util.Optional;

/**
 * What one ingest function needs to know about its channel.
 *
 * @param writers how many messages of a batch are written at the same time ({@link HandlerEnv#INGEST_WRITERS})
 */
public record IngestConfig(String channelName, String envName, String tableName, String idProperty,
        Optional<String> versionProperty, List<IndexKey> indexKeys, String archiveBucket, boolean rawArchive,
        String inboxDlqUrl, int writers) {
    /** {@link HandlerEnv#DEFAULT_INGEST_WRITERS}, as a number. */
    public static final int DEFAULT_WRITERS = Integer.parseInt(HandlerEnv.DEFAULT_INGEST_WRITERS);
    static final int MAX_WRITERS = 20;

    public IngestConfig {
        indexKeys = List.copyOf(indexKeys);
        if (writers < 1 || writers > MAX_WRITERS) {
            throw new IllegalArgumentException("writers must be from 1 to " + MAX_WRITERS + ", not " + writers);
        }
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
                env.required(HandlerEnv.INBOX_DLQ_URL),
                env.integer(HandlerEnv.INGEST_WRITERS, HandlerEnv.DEFAULT_INGEST_WRITERS, 1, MAX_WRITERS));
    }
}
