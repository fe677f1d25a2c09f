package dev.channels.local.service;

import dev.channels.local.template.ResolvedStack;
import java.util.Set;

/**
 * One part of the local cloud (DynamoDB, SQS, ...). {@code LocalCloud} drives every service through the
 * same life cycle:
 * <ol>
 *   <li>{@link #start()}: all services at once, in parallel; binds ports, needs no template;</li>
 *   <li>{@link #provision}: one after the other, in registration order, once every service has started
 *       (so the resolver knows every endpoint); creates the template's resources of its types and notes
 *       properties it accepts but does not emulate;</li>
 *   <li>{@link #describe}: adds its endpoints to {@code local-endpoints.json};</li>
 *   <li>{@link #close()}: in reverse registration order; must not throw, and must end every child process.</li>
 * </ol>
 * A later layer (Lambda runtime, event source mappings, REST API) implements this too and is registered
 * with {@code LocalCloud.Builder#service}; it gets the earlier services through its constructor.
 */
public interface LocalService extends AutoCloseable {

    /** Short name for logs and errors, e.g. {@code dynamodb}. */
    String name();

    /** The resource types it creates; the {@code ResourceCatalog} marks exactly these as emulated. */
    Set<String> resourceTypes();

    void start() throws Exception;

    void provision(ResolvedStack stack, Inventory inventory) throws Exception;

    void describe(LocalEndpoints.Builder endpoints);

    @Override
    void close();
}
