package dev.channels.local.template;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Detects circular references while resolving: the names and conditions this thread is computing, in order,
 * so a cycle is reported with its path instead of overflowing the stack.
 */
final class CycleGuard {
    private final ThreadLocal<Set<String>> inProgress = ThreadLocal.withInitial(LinkedHashSet::new);

    <T> T guarded(String what, String path, Supplier<T> computation) {
        Set<String> computing = inProgress.get();
        if (!computing.add(what)) {
            throw new ResolveException(path, "circular reference: " + String.join(" -> ", computing) + " -> " + what);
        }
        try {
            return computation.get();
        } finally {
            computing.remove(what);
        }
    }
}
