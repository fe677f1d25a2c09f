package dev.channels.local.catalog;

/** What the local cloud does with a resource type. */
public enum Emulation {
    /** A local service creates and serves it (a running {@code LocalService} must claim the type). */
    EMULATED("emulated"),
    /** Resolvable (Ref and attributes work), listed at start, but nothing runs for it locally. */
    ACCEPTED_NOT_EMULATED("accepted, not emulated"),
    /** Not in the catalog: listed at start as unknown; Ref falls back to a generated name, attributes fail. */
    UNKNOWN("unknown to the local cloud, not emulated");

    private final String label;

    Emulation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
