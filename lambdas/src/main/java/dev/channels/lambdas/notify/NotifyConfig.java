package dev.channels.lambdas.notify;

import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.HandlerEnv;

/** What one notify function needs to know about its channel (the webhook URL is a secret, kept apart). */
public record NotifyConfig(String channelName, String idProperty) {

    public static NotifyConfig from(EnvVars env) {
        return new NotifyConfig(
                env.required(HandlerEnv.CHANNEL_NAME),
                env.optional(HandlerEnv.ID_PROPERTY, HandlerEnv.DEFAULT_ID_PROPERTY));
    }
}
