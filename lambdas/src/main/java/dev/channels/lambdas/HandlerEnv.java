package dev.channels.lambdas;

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

    private HandlerEnv() {
    }
}
