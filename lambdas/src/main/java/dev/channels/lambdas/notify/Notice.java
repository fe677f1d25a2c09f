package dev.channels.lambdas.notify;

import java.util.Map;

/**
 * A change worth telling, with what the title template may need: the latest value (JSON text) of
 * every property, including the ones that did not change.
 */
record Notice(Change change, Map<String, String> latestValues) {
    Notice {
        latestValues = Map.copyOf(latestValues);
    }
}
