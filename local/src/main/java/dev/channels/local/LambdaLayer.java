package dev.channels.local;

import dev.channels.local.catalog.Emulation;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.catalog.ResourceType;
import dev.channels.local.esm.EventSourceMappingService;
import dev.channels.local.lambda.LambdaService;
import java.time.Duration;

/**
 * Registers the Lambda layer with a local cloud: the {@link LambdaService} (functions, versions, aliases), the
 * {@link EventSourceMappingService} that polls into it, and the catalog rows that call those types emulated.
 *
 * <pre>{@code
 * LocalCloud cloud = LambdaLayer.install(LocalCloud.builder().assembly(dir)).build().start();
 * FunctionInvoker lambda = cloud.service(LambdaService.class);
 * }</pre>
 */
public final class LambdaLayer {
    private LambdaLayer() {
    }

    public static LocalCloud.Builder install(LocalCloud.Builder builder) {
        return install(builder, LambdaService.DEFAULT_IDLE_TIMEOUT);
    }

    /** @param idleTimeout how long a function instance may stay idle before it is stopped */
    public static LocalCloud.Builder install(LocalCloud.Builder builder, Duration idleTimeout) {
        return install(builder, idleTimeout, LambdaService.defaultMaxJvms());
    }

    /**
     * @param idleTimeout how long a function instance may stay idle before it is stopped
     * @param maxJvms     the machine-wide cap: function JVMs alive at once, all functions together
     *                    ({@link LambdaService#defaultMaxJvms()} by default)
     */
    public static LocalCloud.Builder install(LocalCloud.Builder builder, Duration idleTimeout, int maxJvms) {
        LambdaService.requirePositive(idleTimeout); // now rather than when the cloud starts
        LambdaService.requireMaxJvms(maxJvms);
        return builder.extendCatalog(LambdaLayer::catalog)
                .service(context -> new LambdaService(context, idleTimeout, maxJvms))
                .service(context -> new EventSourceMappingService(context, context.service(LambdaService.class)));
    }

    /** {@code base} with the Lambda types marked emulated. */
    public static ResourceCatalog catalog(ResourceCatalog base) {
        return base
                .with(row(base, LambdaService.FUNCTION, "runs in its own JVM with the Lambda Java handler rules and event serialization (Java runtimes)"))
                .with(row(base, LambdaService.VERSION, "version 1 of its function: invoke name:1"))
                .with(row(base, LambdaService.ALIAS, "a qualifier of its function (version 1): invoke name:<alias>"))
                .with(row(base, EventSourceMappingService.TYPE, "polled: SQS queues and DynamoDB streams, with Lambda's batching and error handling"));
    }

    private static ResourceType row(ResourceCatalog base, String type, String note) {
        return base.find(type).orElseThrow(() -> new IllegalStateException("No catalog row for " + type))
                .withEmulation(Emulation.EMULATED, note);
    }
}
