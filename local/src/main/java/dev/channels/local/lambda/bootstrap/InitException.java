package dev.channels.local.lambda.bootstrap;

/**
 * The handler cannot be loaded or constructed; reported to {@code /runtime/init/error}. The error type is the
 * cause's class (as Lambda reports {@code java.lang.ClassNotFoundException}), else {@code Runtime.InvalidHandler}.
 */
final class InitException extends Exception {
    private static final long serialVersionUID = 1L;

    InitException(String message) {
        super(message);
    }

    InitException(String message, Throwable cause) {
        super(message, cause);
    }

    String errorType() {
        return getCause() == null ? "Runtime.InvalidHandler" : getCause().getClass().getName();
    }
}
