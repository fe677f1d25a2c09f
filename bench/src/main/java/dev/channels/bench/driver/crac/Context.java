package dev.channels.bench.driver.crac;

/** A context is a resource too: the runtime notifies the global one, which notifies what was registered with it. */
public abstract class Context<R extends Resource> implements Resource {
    public abstract void register(R resource);
}
