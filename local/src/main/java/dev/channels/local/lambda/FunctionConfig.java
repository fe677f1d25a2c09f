package dev.channels.local.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code AWS::Lambda::Function} as the local runtime runs it.
 *
 * @param logicalId     its logical id
 * @param name          the physical function name
 * @param arn           the unqualified function ARN
 * @param runtime       e.g. {@code java25}; only {@code java*} runtimes run locally
 * @param handler       {@code pkg.Class::method}
 * @param classPath     the asset jar (or the directory and its {@code lib/*})
 * @param memoryMb      {@code MemorySize} (default 128): the heap cap is 80 % of it
 * @param timeout       {@code Timeout} (default 3 s)
 * @param environment   {@code Environment.Variables}, resolved
 * @param qualifiers    the qualifiers that name it: {@code $LATEST}, its version {@code 1}, its aliases
 * @param maxInstances  {@code ReservedConcurrentExecutions}, when set: more concurrent calls wait for an instance
 */
public record FunctionConfig(String logicalId, String name, String arn, String runtime, String handler, List<Path> classPath,
        int memoryMb, Duration timeout, Map<String, String> environment, Set<String> qualifiers, Optional<Integer> maxInstances) {

    public boolean runsLocally() {
        return runtime.startsWith("java");
    }

    /** {@code -Xmx}: 80 % of the memory size, leaving the rest for metaspace and threads. */
    public int heapMb() {
        return Math.max(16, (int) (memoryMb * 0.8));
    }
}
