package dev.channels.contract;

/**
 * The one registry of deployable handlers. The CDK constructs read handler strings and the jar name
 * from here, and a test in lambdas ({@code LambdaHandlerTest}) pins each entry to its class, so a rename
 * cannot ship a function that fails at its first invocation.
 */
public enum LambdaHandler {
    INGEST("dev.channels.lambdas.ingest.IngestHandler"),
    NOTIFY("dev.channels.lambdas.notify.NotifyHandler");

    /** File name of the shaded jar under {@code lambdas/target/}. */
    public static final String JAR_NAME = "channels-lambdas.jar";

    private final String className;

    LambdaHandler(String className) {
        this.className = className;
    }

    public String className() {
        return className;
    }

    /** The Lambda {@code Handler} property: {@code class::method}. */
    public String handler() {
        return className + "::handleRequest";
    }
}
