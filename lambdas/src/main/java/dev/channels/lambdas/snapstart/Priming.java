package dev.channels.lambdas.snapstart;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import dev.channels.lambdas.observe.JsonLog;
import org.crac.Resource;

/**
 * A handler's SnapStart hooks: before the snapshot, runs the handler's priming {@link #steps()} best effort (a
 * failure must not fail the snapshot, only make the first invocation slower, so it is logged with how long
 * priming took, never thrown); after a restore, nothing unless a handler says otherwise.
 */
public abstract class Priming implements Resource {
    private final String handler;
    private final String channel;

    /** {@code handler} and {@code channel}: what the log line names. */
    protected Priming(String handler, String channel) {
        this.handler = handler;
        this.channel = channel;
    }

    /** The code paths of an invocation, run without side effects. */
    protected abstract void steps() throws Exception;

    @Override
    public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }

    /** Runs the steps and logs {@code primed} or {@code priming failed}. */
    public final void prime() {
        long start = System.nanoTime();
        String failure = null;
        try {
            steps();
        } catch (Exception e) {
            failure = e.toString();
        }
        new JsonLog(LambdaRuntime.getLogger(), handler, channel, null)
                .info(failure == null ? "primed" : "priming failed",
                        "millis", Long.toString((System.nanoTime() - start) / 1_000_000), "reason", failure);
    }
}
