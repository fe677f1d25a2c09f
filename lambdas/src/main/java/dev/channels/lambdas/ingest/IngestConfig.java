package dev.channels.lambdas.ingest;

import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.HandlerEnv;

/** What one ingest function needs to know about its channel. */
public record IngestConfig(String channelName, String tableName, String idProperty) {

    public static IngestConfig from(EnvVars env) {
        return new IngestConfig(
                env.required(HandlerEnv.CHANNEL_NAME),
                env.required(HandlerEnv.TABLE_NAME),
                env.optional(HandlerEnv.ID_PROPERTY, HandlerEnv.DEFAULT_ID_PROPERTY));
    }
}
