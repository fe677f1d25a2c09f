package dev.channels.bench.driver.crac;

/** A hook failed after the restore; the failures are suppressed exceptions of this one. */
public class RestoreException extends Exception {
    private static final long serialVersionUID = 1L;
}
