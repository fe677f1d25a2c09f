package dev.channels.lambdas.notify;

import java.util.Optional;

/**
 * One top-level property that differs between the old and the new image, as JSON text. Empty means
 * the property is not there: no old value on INSERT or when a MODIFY adds it, no new value on REMOVE
 * or when a MODIFY drops it.
 */
record PropertyChange(String name, Optional<String> oldValue, Optional<String> newValue) {
}
