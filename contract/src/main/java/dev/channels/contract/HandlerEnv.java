package dev.channels.contract;

/**
 * Names of the environment variables the constructs set and the handlers read: one list, shared by
 * both sides, so they cannot drift apart.
 */
public final class HandlerEnv {
    /** Channel name as written in the app, e.g. {@code JobOrder}. Both handlers. */
    public static final String CHANNEL_NAME = "CHANNEL_NAME";
    /** DynamoDB table holding the latest version of each object. Ingest. */
    public static final String TABLE_NAME = "TABLE_NAME";
    /** Top-level JSON property that holds the object id (the table's partition key). Both handlers. */
    public static final String ID_PROPERTY = "ID_PROPERTY";
    /** What the handlers use when {@link #ID_PROPERTY} is not set. */
    public static final String DEFAULT_ID_PROPERTY = "id";
    /** ARN of the Secrets Manager secret holding the Slack incoming-webhook URL. Notify. */
    public static final String SLACK_SECRET_ARN = "SLACK_SECRET_ARN";

    /** Environment name (e.g. {@code dev}): the {@code Env} dimension of every metric. Both handlers. */
    public static final String ENV_NAME = "ENV_NAME";
    /**
     * Name of the channel's archive bucket. Ingest writes claim-checked bodies ({@code payloads/}) and,
     * when {@link #RAW_ARCHIVE} is on, every accepted body ({@code raw/}); notify reads {@code payloads/}.
     * Both handlers.
     */
    public static final String ARCHIVE_BUCKET = "ARCHIVE_BUCKET";
    /**
     * Optional top-level property holding the object's version: a JSON number, or a string with an
     * ISO-8601 timestamp with offset. Unset: the SQS SentTimestamp orders writes. Ingest.
     */
    public static final String VERSION_PROPERTY = "VERSION_PROPERTY";
    /**
     * URL of the channel's inbox dead-letter queue. Ingest sends a message that can never be stored
     * there on its first receive, with the reason, instead of letting it fail five receives. Ingest.
     */
    public static final String INBOX_DLQ_URL = "INBOX_DLQ_URL";
    /**
     * Comma list of the index key properties with their DynamoDB types, {@code name=S|N|B}, e.g.
     * {@code status=S,updatedAt=S}: ingest checks them as DynamoDB would before it writes. Ingest.
     */
    public static final String INDEX_KEYS = "INDEX_KEYS";
    /** {@code true} to write every accepted body to the archive bucket under {@code raw/}. Ingest. */
    public static final String RAW_ARCHIVE = "RAW_ARCHIVE";
    /** What the handlers use when {@link #RAW_ARCHIVE} is not set. */
    public static final String DEFAULT_RAW_ARCHIVE = "false";
    /**
     * How many of a batch's messages ingest writes at the same time, {@code 1} to {@code 20}: messages of
     * different objects concurrently, the messages of one object one after the other in the batch's order.
     * {@code 1} writes the whole batch one message after the other. Ingest.
     */
    public static final String INGEST_WRITERS = "INGEST_WRITERS";
    /**
     * What ingest uses when {@link #INGEST_WRITERS} is not set: five, as many connections as the JDK keeps
     * alive per host ({@code http.maxConnections}), so no batch opens (on AWS: a TLS handshake each) new ones.
     */
    public static final String DEFAULT_INGEST_WRITERS = "5";
    /** The per-env idempotency table ({@link LedgerTable}). Notify. */
    public static final String IDEMPOTENCY_TABLE = "IDEMPOTENCY_TABLE";
    /**
     * Comma list of the stream event names that notify tells: {@code INSERT}, {@code MODIFY},
     * {@code REMOVE}. The event source mapping's filter should match it; notify skips the others as a
     * safety net. Notify.
     */
    public static final String NOTIFY_EVENTS = "NOTIFY_EVENTS";
    /** Comma list of the properties a Slack message shows; unset: all of them. Notify. */
    public static final String NOTIFY_PROPERTIES = "NOTIFY_PROPERTIES";
    /**
     * Title of each change in a Slack message, with placeholders {@code {channel}}, {@code {id}},
     * {@code {event}} (created/updated/removed), {@code {kind}} (INSERT/MODIFY/REMOVE) and
     * {@code {property:NAME}} ({@link TitleTemplate}). Notify.
     */
    public static final String TITLE_TEMPLATE = "TITLE_TEMPLATE";
    /**
     * URL of the channel's notices queue, where notify parks the changes it gave up on (Slack failed
     * too often or refused them for good) for {@code tools redrive-notices}. Notify.
     */
    public static final String NOTICES_QUEUE_URL = "NOTICES_QUEUE_URL";

    /**
     * The one URL other than Slack's own that the webhook secret may hold: the local cloud's Slack sink.
     * Only the local cloud sets it, in the JVMs of the functions it runs; the constructs never do, so on
     * AWS notify posts to {@code https://hooks.slack.com/} URLs only. Notify.
     */
    public static final String LOCAL_SLACK_SINK_URL = "CHANNELS_LOCAL_SLACK_SINK_URL";

    private HandlerEnv() {
    }
}
