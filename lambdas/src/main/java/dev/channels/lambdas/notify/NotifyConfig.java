package dev.channels.lambdas.notify;

import dev.channels.contract.ChangeKind;
import dev.channels.contract.HandlerEnv;
import dev.channels.contract.NotifyDefaults;
import dev.channels.lambdas.EnvVars;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What one notify function needs to know about its channel (the webhook URL is a secret, kept apart).
 *
 * @param events which stream event kinds are told; the others are skipped
 * @param properties which properties a message shows; empty: all of them
 * @param titleTemplate the title of each change, see {@link SlackTitle}
 */
public record NotifyConfig(String channelName, String envName, String idProperty, String idempotencyTable,
        String archiveBucket, Set<ChangeKind> events, Optional<Set<String>> properties, String titleTemplate) {

    public NotifyConfig {
        events = Set.copyOf(events);
        properties = properties.map(Set::copyOf);
        // Refused here, at init, rather than at the first message.
        SlackTitle.parse(titleTemplate);
    }

    public static NotifyConfig from(EnvVars env) {
        List<String> shown = env.list(HandlerEnv.NOTIFY_PROPERTIES, null);
        String template = env.optional(HandlerEnv.TITLE_TEMPLATE, NotifyDefaults.TITLE_TEMPLATE);
        try {
            SlackTitle.parse(template);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Environment variable " + HandlerEnv.TITLE_TEMPLATE + ": " + e.getMessage());
        }
        return new NotifyConfig(
                env.required(HandlerEnv.CHANNEL_NAME),
                env.required(HandlerEnv.ENV_NAME),
                env.optional(HandlerEnv.ID_PROPERTY, HandlerEnv.DEFAULT_ID_PROPERTY),
                env.required(HandlerEnv.IDEMPOTENCY_TABLE),
                env.required(HandlerEnv.ARCHIVE_BUCKET),
                events(env.list(HandlerEnv.NOTIFY_EVENTS, NotifyDefaults.eventNames())),
                shown.isEmpty() ? Optional.empty() : Optional.of(new LinkedHashSet<>(shown)),
                template);
    }

    private static Set<ChangeKind> events(List<String> names) {
        Set<ChangeKind> kinds = EnumSet.noneOf(ChangeKind.class);
        for (String name : names) {
            kinds.add(ChangeKind.of(name.toUpperCase(Locale.ROOT)).orElseThrow(() -> new IllegalStateException(
                    "Environment variable " + HandlerEnv.NOTIFY_EVENTS + ": '" + name
                            + "' is not one of INSERT, MODIFY, REMOVE")));
        }
        if (kinds.isEmpty()) {
            throw new IllegalStateException("Environment variable " + HandlerEnv.NOTIFY_EVENTS
                    + " names no event kind; leave it unset for " + NotifyDefaults.eventNames());
        }
        return kinds;
    }
}
