package dev.channels.local.assembly;

/** The cloud assembly cannot be read, or does not hold what the local cloud needs; the message says what to do. */
public final class AssemblyException extends RuntimeException {
    public AssemblyException(String message) {
        super(message);
    }

    public AssemblyException(String message, Throwable cause) {
        super(message, cause);
    }
}
