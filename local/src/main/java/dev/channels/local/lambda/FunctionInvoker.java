package dev.channels.local.lambda;

/**
 * Invokes a local function synchronously (as {@code Invoke} with {@code RequestResponse}). Thread-safe: each
 * concurrent call gets its own runtime process, warm if one is idle, else a new one (a cold start), so a
 * caller scales out by calling from as many threads as the concurrency it wants.
 */
public interface FunctionInvoker {

    /**
     * @param functionNameOrArn a function name, {@code name:qualifier} ({@code $LATEST}, a version, an alias),
     *                          or a function ARN with or without qualifier
     * @param eventJson         the event, as JSON bytes
     * @throws IllegalArgumentException when no such function or qualifier exists locally
     */
    InvocationResult invoke(String functionNameOrArn, byte[] eventJson);
}
