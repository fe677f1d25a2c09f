package dev.channels.bench.driver.crac;

/** A hook failed before the snapshot; the failures are suppressed exceptions of this one. */
public class CheckpointException extends Exception {
    private static final long serialVersionUID = 1L;
}
