package dev.channels.contract;

/**
 * Notify's idempotency ledger as a table: the per-env table the constructs create, and the entries every
 * channel's notify function writes in it. The constructs grant each notify function the items under its own
 * channel's prefix only ({@code dynamodb:LeadingKeys}), from this same definition, so the policy and the keys
 * the handler writes cannot drift apart.
 */
public final class LedgerTable {
    /** The partition key (a string): {@code notify#<ChannelName>#<eventID>}, see {@link #keyPrefix}. */
    public static final String KEY = "id";
    /** The TTL attribute, epoch seconds: DynamoDB deletes an entry some time after it. */
    public static final String EXPIRES_AT = "expiresAt";

    private LedgerTable() {
    }

    /** What every key of {@code channelName}'s entries starts with, e.g. {@code notify#JobOrder#}. */
    public static String keyPrefix(String channelName) {
        return "notify#" + channelName + "#";
    }
}
