package dev.channels.lambdas.notify;

/**
 * The keys of notify's entries in the env's idempotency table, which every channel's notify function
 * shares: {@code notify#<ChannelName>#<eventID>}. The constructs grant each notify function the items
 * under its own channel's prefix only ({@code dynamodb:LeadingKeys}), from this same definition, so the
 * policy and the keys the handler writes cannot drift apart.
 */
public final class LedgerKeys {

    private LedgerKeys() {
    }

    /** What every key of {@code channelName}'s entries starts with, e.g. {@code notify#JobOrder#}. */
    public static String prefix(String channelName) {
        return "notify#" + channelName + "#";
    }
}
