package dev.channels.bench.driver.crac;

/** What org.crac's compatibility layer registers: a proxy implementing this, forwarding to the handler's hook. */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
