package dev.channels.contract;

import java.time.Duration;
import java.util.List;

/**
 * What notify does when the channel does not say otherwise, and when it gives up on a change: the constructs
 * show these numbers (and set the stream mapping's own limits above them), the handler applies them.
 */
public final class NotifyDefaults {
    /** The stream events notify tells: creations and changes, not deletions ({@link HandlerEnv#NOTIFY_EVENTS}). */
    public static final List<ChangeKind> EVENTS = List.of(ChangeKind.INSERT, ChangeKind.MODIFY);
    /** The title of each change in a Slack message ({@link HandlerEnv#TITLE_TEMPLATE}, {@link TitleTemplate}). */
    public static final String TITLE_TEMPLATE = "{channel} {id} {event}";
    /**
     * Failed deliveries of one stream record after which notify parks its change in the notices queue: three
     * of the six deliveries the mapping makes (1 + 5 retry attempts). The other three are headroom for
     * deliveries that never reach the ledger (a record behind a held one, an invocation that timed out before
     * claiming, the halves of a bisected batch).
     */
    public static final int PARK_AFTER_ATTEMPTS = 3;
    /**
     * A record this old is parked at its first failure: three quarters of the mapping's maximum record age
     * (1 h), a quarter of an hour to spare.
     */
    public static final Duration PARK_AT_RECORD_AGE = Duration.ofMinutes(45);

    private NotifyDefaults() {
    }

    /** {@link #EVENTS} as {@link HandlerEnv#NOTIFY_EVENTS} writes them, e.g. {@code INSERT,MODIFY}. */
    public static String eventNames() {
        return String.join(",", EVENTS.stream().map(Enum::name).toList());
    }
}
