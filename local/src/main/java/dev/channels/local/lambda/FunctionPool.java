package dev.channels.local.lambda;

import dev.channels.contract.HandlerEnv;
import dev.channels.local.slack.SlackSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The instances of one function: idle ones are reused most recently used first, as Lambda tends to, so the
 * least recently used ones at the tail are those that stay idle and get reaped. Every pool's state is guarded
 * by the service's one {@code lock}, which also guards the machine-wide count of function JVMs.
 *
 * <p>Scaling: a call takes an idle instance when there is one. Otherwise it starts one when the function has
 * none, or when it has waited {@link LambdaService#SCALE_UP_DELAY} for one (a backlog that persists) and no other instance
 * of the function is starting: so instances are added one cold start at a time, as Lambda scales an event
 * source gradually, and a burst does not boot ten JVMs at once on a laptop. A new instance needs room under
 * {@code ReservedConcurrentExecutions} and under the machine-wide cap. At the cap, a function with no instance
 * at all stops the least recently used idle instance of the function with the most, to make room; any other
 * call waits for an instance of its own function.
 */
final class FunctionPool {
    /** An instance waiting for an invocation, since when. */
    private record Idle(FunctionInstance instance, Instant since) {
    }

    private final LambdaService service;
    private final FunctionConfig function;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private final Set<FunctionInstance> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    /** Instances started and not yet through their init phase. */
    private int starting;
    /** Instances decided on and not yet in {@link #all}. */
    private int pending;

    FunctionPool(LambdaService service, FunctionConfig function) {
        this.service = service;
        this.function = function;
    }

    FunctionInstance acquire() {
        FunctionInstance evicted = null;
        synchronized (service.lock) {
            long waitingSince = System.nanoTime();
            while (true) {
                FunctionInstance warm = takeWarm();
                if (warm != null) {
                    return warm;
                }
                long waited = System.nanoTime() - waitingSince;
                boolean none = size() == 0;
                boolean backlog = none || (starting == 0 && waited >= LambdaService.SCALE_UP_DELAY.toNanos());
                boolean reservedRoom = function.maxInstances().isEmpty() || size() < function.maxInstances().get();
                if (backlog && reservedRoom) {
                    if (service.jvmCount() < service.maxJvms) {
                        break;
                    }
                    // At the cap, only a function with no instance at all takes one from another (so functions
                    // do not take turns stealing each other's warm instances); the others wait for their own.
                    evicted = none ? service.evictIdleFromLargest() : null;
                    if (evicted != null) {
                        break;
                    }
                }
                try {
                    // woken by a release, an init or a reap; timed, so that the scale-up delay is noticed
                    long left = LambdaService.SCALE_UP_DELAY.toNanos() - waited;
                    service.lock.wait(left > 0 ? left / 1_000_000 + 1 : LambdaService.SCALE_UP_DELAY.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for an instance of " + function.name(), e);
                }
            }
            starting++;
            pending++; // counted against the cap from now on
        }
        if (evicted != null) {
            service.console.printf("lambda %s: instance #%d (pid %d) stopped to make room under the cap of %d function JVMs%n",
                    evicted.functionName(), evicted.number(), evicted.pid(), service.maxJvms);
            evicted.close();
        }
        FunctionInstance instance = new FunctionInstance(function, started.incrementAndGet(), ready -> {
            initDone();
            service.console.printf("lambda %s: cold start #%d (pid %d, init %d ms, %d live)%n", function.name(),
                    ready.number(), ready.pid(), ready.initNanos() / 1_000_000, live());
        });
        synchronized (service.lock) {
            all.add(instance);
            pending--;
        }
        try {
            instance.start(service.runtimeJars, environment(), service.logDirectory.resolve(function.name() + ".log"),
                    LambdaService.jvmFlags(function));
        } catch (IOException e) {
            remove(instance);
            instance.close();
            throw new UncheckedIOException("Cannot start a runtime for " + function.name(), e);
        }
        if (service.closed) {
            instance.close();
        }
        return instance;
    }

    /** The most recently used idle instance still alive, or null; ended ones found on the way are dropped. */
    private FunctionInstance takeWarm() {
        while (!idle.isEmpty()) {
            FunctionInstance instance = idle.pollFirst().instance();
            if (instance.isAlive()) {
                return instance;
            }
            all.remove(instance);
            instance.close();
        }
        return null;
    }

    private void initDone() {
        synchronized (service.lock) {
            starting = Math.max(0, starting - 1);
            service.lock.notifyAll();
        }
    }

    void release(FunctionInstance instance) {
        boolean keep;
        synchronized (service.lock) {
            keep = instance.isAlive() && !service.closed;
            if (keep) {
                idle.addFirst(new Idle(instance, Instant.now()));
            } else {
                all.remove(instance);
                if (instance.initNanos() < 0) {
                    starting = Math.max(0, starting - 1); // it ended before its init was over
                }
            }
            service.lock.notifyAll();
        }
        if (!keep) {
            instance.close();
        }
    }

    private void remove(FunctionInstance instance) {
        synchronized (service.lock) {
            all.remove(instance);
            starting = Math.max(0, starting - 1);
            service.lock.notifyAll();
        }
    }

    /** Takes out, for closing, the instances idle for longer than the idle timeout and the idle ones whose process ended. */
    List<FunctionInstance> takeIdle(Instant now) {
        synchronized (service.lock) {
            List<FunctionInstance> taken = new ArrayList<>();
            for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
                Idle entry = it.next();
                if (Duration.between(entry.since(), now).compareTo(service.idleTimeout) > 0 || !entry.instance().isAlive()) {
                    it.remove();
                    all.remove(entry.instance());
                    taken.add(entry.instance());
                }
            }
            service.lock.notifyAll(); // room again under ReservedConcurrentExecutions and the cap
            return taken;
        }
    }

    /** Whether an instance of this pool is idle. Under the service's lock. */
    boolean hasIdle() {
        return !idle.isEmpty();
    }

    int live() {
        return (int) all.stream().filter(FunctionInstance::isAlive).count();
    }

    /** Instances alive, starting or about to start. Under the service.lock. */
    int size() {
        return all.size() + pending;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(service.sdkEnvironment);
        env.putAll(function.environment());
        env.putAll(service.credentialEnvironment(function.name()));
        // The one non-Slack webhook notify accepts: this local cloud's sink, which the Slack secret points at.
        // The constructs never set the variable, so on AWS there is no such exception.
        env.put(HandlerEnv.LOCAL_SLACK_SINK_URL, service.context.service(SlackSink.class).webhookUrl().toString());
        String region = service.context.pseudo().region();
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("_HANDLER", function.handler());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        Optional.ofNullable(System.getenv("PATH")).ifPresent(path -> env.put("PATH", path));
        // Windows: without SystemRoot a JVM cannot open sockets (Winsock), so the function could not reach the Runtime API.
        Optional.ofNullable(System.getenv("SystemRoot")).ifPresent(root -> env.put("SystemRoot", root));
        Optional.ofNullable(System.getProperty("java.io.tmpdir")).ifPresent(tmp -> env.put("TMPDIR", tmp));
        return env;
    }

    void close() {
        Collection<FunctionInstance> instances;
        synchronized (service.lock) {
            instances = new ArrayList<>(all);
            all.clear();
            idle.clear();
            service.lock.notifyAll();
        }
        try (Stream<FunctionInstance> stream = instances.parallelStream()) {
            stream.forEach(FunctionInstance::close);
        }
    }

    String functionName() {
        return function.name();
    }

    /** Cold starts of the function so far. */
    int coldStarts() {
        return started.get();
    }

    /** Takes out (for closing) the least recently used idle instance; null when none. Under the service's lock. */
    FunctionInstance takeOldestIdle() {
        Idle oldest = idle.pollLast();
        if (oldest == null) {
            return null;
        }
        all.remove(oldest.instance());
        return oldest.instance();
    }
}
