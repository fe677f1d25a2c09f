package dev.channels.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.contract.HandlerEnv;
import dev.channels.local.assembly.Asset;
import dev.channels.local.dynamodb.DynamoDbService;
import dev.channels.local.s3.S3Service;
import dev.channels.local.secrets.SecretsManagerService;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.service.ServiceContext;
import dev.channels.local.slack.SlackSink;
import dev.channels.local.sqs.SqsService;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The local Lambda: runs each {@code AWS::Lambda::Function} of the template (Java runtimes) from its asset jar
 * in JVMs of its own through a pure-Java bootstrap ({@link LambdaRuntimeJars}), against a local Runtime API. Warm
 * instances are reused, one invocation at a time each; concurrent calls scale out with new instances (a cold
 * start, printed as one line). An instance idle for longer than the idle timeout is stopped, as Lambda reclaims
 * idle execution environments, so a burst does not leave its JVMs running for good.
 * {@code AWS::Lambda::Version} and {@code AWS::Lambda::Alias} are qualifiers of their function
 * ({@code name:1}, {@code name:live}).
 */
public final class LambdaService implements LocalService, FunctionInvoker {
    public static final String FUNCTION = "AWS::Lambda::Function";
    public static final String VERSION = "AWS::Lambda::Version";
    public static final String ALIAS = "AWS::Lambda::Alias";
    /** How long an instance may stay idle before it is stopped (Lambda keeps idle environments for minutes too). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** How long a call waits for a busy function's instance before it starts another one (see {@link Pool}). */
    static final Duration SCALE_UP_DELAY = Duration.ofMillis(100);
    /** What a function JVM is assumed to need resident, for the default cap: its heap grows as it is used. */
    private static final long MEMORY_PER_JVM_MB = 256;

    private static final Map<String, String> NOT_EMULATED = Map.of(
            "Architectures", "runs on this machine's architecture",
            "SnapStart", "no snapshots: every new instance is a cold start",
            "TracingConfig", "no X-Ray locally (a trace id header is still sent)",
            "LoggingConfig", "output goes to <work>/lambda/<function>.log in the runtime's text format",
            "VpcConfig", "no VPC locally",
            "Layers", "layers are not added to the class path",
            "DeadLetterConfig", "asynchronous invocation is not emulated",
            "EphemeralStorage", "/tmp is the machine's");

    private final ServiceContext context;
    private final PrintStream console;
    private final Map<String, FunctionConfig> functions = new LinkedHashMap<>();
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    /** The machine-wide cap: function JVMs alive at once, all functions together. */
    private final int maxJvms;
    /** Guards every pool's instances and the machine-wide count. */
    private final Object lock = new Object();
    private ScheduledExecutorService reaper;
    private Map<String, String> sdkEnvironment = Map.of();
    private List<Path> runtimeJars;
    private Path logDirectory;
    private volatile boolean closed;

    public LambdaService(ServiceContext context) {
        this(context, DEFAULT_IDLE_TIMEOUT, defaultMaxJvms());
    }

    /**
     * @param idleTimeout how long an instance may stay idle before it is stopped
     * @param maxJvms     the most function JVMs alive at once on this machine, all functions together
     */
    public LambdaService(ServiceContext context, Duration idleTimeout, int maxJvms) {
        this.context = context;
        this.console = context.console();
        this.idleTimeout = requirePositive(idleTimeout);
        this.maxJvms = requireMaxJvms(maxJvms);
    }

    /**
     * The default machine-wide cap: four function JVMs per processor and four more, and no more than half the
     * physical memory holds at {@value #MEMORY_PER_JVM_MB} MB each (at least two). On a 2-core laptop: 12, room for
     * an ingest mapping's {@code MaximumConcurrency} of 10 and a notify instance: ingest waits on DynamoDB more than
     * it computes, and 6 JVMs stored a quarter fewer objects per second than 12 (docs/design/local-cloud-throughput.md).
     */
    public static int defaultMaxJvms() {
        int byCpu = 4 * Runtime.getRuntime().availableProcessors() + 4;
        long memoryMb = physicalMemoryMb();
        int byMemory = memoryMb <= 0 ? byCpu : (int) Math.max(2, memoryMb / 2 / MEMORY_PER_JVM_MB);
        return Math.min(byCpu, byMemory);
    }

    private static long physicalMemoryMb() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024 * 1024);
        }
        return -1;
    }

    /** The cap, checked: at least one JVM. */
    public static int requireMaxJvms(int maxJvms) {
        if (maxJvms < 1) {
            throw new IllegalArgumentException("The cap on function JVMs must be at least 1: " + maxJvms);
        }
        return maxJvms;
    }

    /** The machine-wide cap on function JVMs alive at once. */
    public int maxJvms() {
        return maxJvms;
    }

    /** The idle timeout, checked: it must be positive. */
    public static Duration requirePositive(Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("The idle timeout must be positive: " + idleTimeout);
        }
        return idleTimeout;
    }

    @Override
    public String name() {
        return "lambda";
    }

    @Override
    public Set<String> resourceTypes() {
        return Set.of(FUNCTION, VERSION, ALIAS);
    }

    @Override
    public void start() throws IOException {
        runtimeJars = LambdaRuntimeJars.find();
        logDirectory = Files.createDirectories(context.workDirectory().resolve("lambda"));
        console.printf("lambda: function JVMs at most %d at once, all functions together (--max-function-jvms; %d processors, %s)%n",
                maxJvms, Runtime.getRuntime().availableProcessors(),
                physicalMemoryMb() > 0 ? physicalMemoryMb() / 1024 + " GB memory" : "memory unknown");
        // Every quarter of the idle timeout, at most a minute apart: an idle instance outlives it by that much at most.
        Duration quarter = idleTimeout.dividedBy(4);
        long periodMillis = quarter.compareTo(Duration.ofMinutes(1)) > 0 ? 60_000 : Math.max(1_000, quarter.toMillis());
        reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lambda-idle-reaper");
            thread.setDaemon(true);
            return thread;
        });
        reaper.scheduleWithFixedDelay(() -> {
            try {
                reapIdle(Instant.now());
            } catch (RuntimeException e) { // an exception would cancel every later run
                console.println("lambda: reaping idle instances failed: " + e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void provision(ResolvedStack stack, Inventory inventory) {
        // The foundation's endpoints, as local-endpoints.json will list them: what the functions' SDKs use.
        LocalEndpoints.Builder endpoints = LocalEndpoints.builder(stack.stackName(), stack.pseudo().region(), stack.pseudo().accountId());
        context.service(DynamoDbService.class).describe(endpoints);
        context.service(SqsService.class).describe(endpoints);
        context.service(S3Service.class).describe(endpoints);
        context.service(SecretsManagerService.class).describe(endpoints);
        sdkEnvironment = endpoints.build().sdkEnvironment();

        Map<String, Set<String>> qualifiers = new LinkedHashMap<>();
        for (TemplateResource version : stack.resources(VERSION)) {
            qualifiers.computeIfAbsent(functionName(stack.properties(version).path("FunctionName").asText()), n -> new LinkedHashSet<>())
                    .add(stack.getAtt(version.logicalId(), "Version"));
        }
        for (TemplateResource alias : stack.resources(ALIAS)) {
            ObjectNode properties = stack.properties(alias);
            qualifiers.computeIfAbsent(functionName(properties.path("FunctionName").asText()), n -> new LinkedHashSet<>())
                    .add(properties.path("Name").asText());
        }
        for (TemplateResource resource : stack.resources(FUNCTION)) {
            FunctionConfig function = configure(stack, inventory, resource, qualifiers);
            functions.put(function.name(), function);
            pools.put(function.name(), new Pool(function));
        }
        qualifiers.keySet().stream().filter(name -> !functions.containsKey(name)).findFirst().ifPresent(name -> {
            throw new IllegalStateException("A version or alias names function " + name + ", which is not a function of this stack");
        });
    }

    private FunctionConfig configure(ResolvedStack stack, Inventory inventory, TemplateResource resource, Map<String, Set<String>> qualifiers) {
        ObjectNode properties = stack.properties(resource);
        String name = stack.physicalName(resource.logicalId());
        String runtime = properties.path("Runtime").asText("");
        List<Path> classPath = List.of();
        if (runtime.startsWith("java")) {
            Asset asset = stack.codeAsset(resource);
            classPath = asset.isDirectory() ? List.of(asset.path(), asset.path().resolve("lib").resolve("*")) : List.of(asset.path());
        } else {
            inventory.note(resource, "Runtime " + runtime + " (only Java functions run locally; invoking it fails)");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        properties.path("Environment").path("Variables").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
        Set<String> names = new LinkedHashSet<>();
        names.add("$LATEST");
        names.addAll(qualifiers.getOrDefault(name, Set.of()));
        JsonNode reserved = properties.path("ReservedConcurrentExecutions");
        NOT_EMULATED.forEach((property, reason) -> {
            if (properties.has(property)) {
                inventory.note(resource, property + " (" + reason + ")");
            }
        });
        return new FunctionConfig(resource.logicalId(), name, stack.getAtt(resource.logicalId(), "Arn"), runtime,
                properties.path("Handler").asText(""), classPath, properties.path("MemorySize").asInt(128),
                Duration.ofSeconds(properties.path("Timeout").asInt(3)), environment, names,
                reserved.isMissingNode() ? Optional.empty() : Optional.of(reserved.asInt()));
    }

    /** A function name from a name or an ARN ({@code FunctionName} of a version or alias). */
    private static String functionName(String nameOrArn) {
        return FunctionRef.parse(nameOrArn).name();
    }

    @Override
    public void describe(LocalEndpoints.Builder endpoints) {
        // Functions are reached through the event source mappings and the REST API, not over HTTP.
    }

    /** The functions of the stack by name. */
    public Map<String, FunctionConfig> functions() {
        return Map.copyOf(functions);
    }

    /** Runtime processes currently alive (warm or busy) for a function. */
    public int liveInstances(String functionName) {
        Pool pool = pools.get(functionName);
        return pool == null ? 0 : pool.live();
    }

    /** Cold starts of a function so far. */
    public int coldStarts(String functionName) {
        Pool pool = pools.get(functionName);
        return pool == null ? 0 : pool.started.get();
    }

    @Override
    public InvocationResult invoke(String functionNameOrArn, byte[] eventJson) {
        FunctionRef ref = FunctionRef.parse(functionNameOrArn);
        FunctionConfig function = functions.get(ref.name());
        if (function == null) {
            throw new IllegalArgumentException("Function not found: " + functionNameOrArn + " (functions: " + functions.keySet() + ")");
        }
        if (ref.qualifier().isPresent() && !function.qualifiers().contains(ref.qualifier().get())) {
            throw new IllegalArgumentException("Function not found: " + functionNameOrArn + " (qualifiers of " + function.name()
                    + ": " + function.qualifiers() + ")");
        }
        if (closed) {
            throw new IllegalStateException("The local Lambda service is stopped");
        }
        if (!function.runsLocally()) {
            return InvocationResult.error("-", "Runtime.NotSupportedLocally",
                    "Runtime " + function.runtime() + " does not run in the local cloud", Duration.ZERO, false);
        }
        Pool pool = pools.get(function.name());
        FunctionInstance instance = pool.acquire();
        InvocationResult result;
        try {
            result = instance.invoke(eventJson);
        } finally {
            pool.release(instance);
        }
        if (result.timedOut()) {
            console.printf("lambda %s: instance #%d timed out after %d s and was stopped%n", function.name(), instance.number(),
                    function.timeout().toSeconds());
        } else if (result.isError() && !instance.isAlive() && !closed && !Thread.currentThread().isInterrupted()) {
            // (not when the caller was stopped, e.g. a poller on Ctrl-C: the instance was killed for it, no crash)
            console.printf("lambda %s: instance #%d ended: %s%n", function.name(), instance.number(), result.errorMessage().orElse(""));
        }
        return result;
    }

    /**
     * Stops every instance idle for longer than the idle timeout at {@code now} (and drops idle ones whose
     * process ended); the next invocation of its function starts a new one. Returns how many were stopped.
     * The reaper thread calls it periodically; tests call it with the time they want.
     */
    int reapIdle(Instant now) {
        int stopped = 0;
        for (Pool pool : pools.values()) {
            List<FunctionInstance> taken = pool.takeIdle(now);
            List<FunctionInstance> reaped = taken.stream().filter(FunctionInstance::isAlive).toList(); // others had ended
            try (Stream<FunctionInstance> stream = taken.parallelStream()) {
                stream.forEach(FunctionInstance::close);
            }
            for (FunctionInstance instance : reaped) {
                console.printf("lambda %s: instance #%d (pid %d) stopped, idle for over %s (%d live)%n", pool.function.name(),
                        instance.number(), instance.pid(), minutesOrSeconds(idleTimeout), pool.live());
            }
            stopped += reaped.size();
        }
        return stopped;
    }

    private static String minutesOrSeconds(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 60 && seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    /** Function JVMs alive or starting now, all functions together. Under {@link #lock}. */
    private int jvmCount() {
        int count = 0;
        for (Pool pool : pools.values()) {
            count += pool.size();
        }
        return count;
    }

    /** Function JVMs alive or starting now, all functions together. */
    public int jvms() {
        synchronized (lock) {
            return jvmCount();
        }
    }

    /**
     * At the cap: takes out (for closing) the least recently used idle instance of the function with the most
     * instances, or null when none of them is idle. Under {@link #lock}.
     */
    private FunctionInstance evictIdleFromLargest() {
        Pool largest = null;
        for (Pool pool : pools.values()) {
            if (pool.oldestIdle() != null && (largest == null || pool.size() > largest.size())) {
                largest = pool;
            }
        }
        if (largest == null) {
            return null;
        }
        FunctionInstance instance = largest.idle.pollLast().instance();
        largest.all.remove(instance);
        return instance;
    }

    /**
     * The function JVM's flags besides its class path: the heap cap from {@code MemorySize}; C1 only and the serial
     * collector, as Lambda's Java runtime starts its JVMs (the JDK's class data sharing archive is on by default):
     * a function JVM is small and short-lived, and a 2-core machine runs several beside the local cloud's services.
     */
    static List<String> jvmFlags(FunctionConfig function) {
        return List.of("-Xmx" + function.heapMb() + "m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    @Override
    public void close() {
        closed = true;
        if (reaper != null) {
            // Let a reap in progress finish closing its instances, so none outlives close().
            reaper.shutdown();
            try {
                reaper.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pools.values().forEach(Pool::close);
    }

    /** An instance waiting for an invocation, since when. */
    private record Idle(FunctionInstance instance, Instant since) {
    }

    /**
     * The instances of one function: idle ones are reused most recently used first, as Lambda tends to, so the
     * least recently used ones at the tail are those that stay idle and get reaped. Every pool's state is guarded
     * by the service's one {@link #lock}, which also guards the machine-wide count of function JVMs.
     *
     * <p>Scaling: a call takes an idle instance when there is one. Otherwise it starts one when the function has
     * none, or when it has waited {@link #SCALE_UP_DELAY} for one (a backlog that persists) and no other instance
     * of the function is starting: so instances are added one cold start at a time, as Lambda scales an event
     * source gradually, and a burst does not boot ten JVMs at once on a laptop. A new instance needs room under
     * {@code ReservedConcurrentExecutions} and under the machine-wide cap. At the cap, a function with no instance
     * at all stops the least recently used idle instance of the function with the most, to make room; any other
     * call waits for an instance of its own function.
     */
    private final class Pool {
        private final FunctionConfig function;
        private final Deque<Idle> idle = new ArrayDeque<>();
        private final Set<FunctionInstance> all = ConcurrentHashMap.newKeySet();
        private final AtomicInteger started = new AtomicInteger();
        /** Instances started and not yet through their init phase. */
        private int starting;
        /** Instances decided on and not yet in {@link #all}. */
        private int pending;

        Pool(FunctionConfig function) {
            this.function = function;
        }

        FunctionInstance acquire() {
            FunctionInstance evicted = null;
            synchronized (lock) {
                long waitingSince = System.nanoTime();
                while (true) {
                    FunctionInstance warm = takeWarm();
                    if (warm != null) {
                        return warm;
                    }
                    long waited = System.nanoTime() - waitingSince;
                    boolean none = size() == 0;
                    boolean backlog = none || (starting == 0 && waited >= SCALE_UP_DELAY.toNanos());
                    boolean reservedRoom = function.maxInstances().isEmpty() || size() < function.maxInstances().get();
                    if (backlog && reservedRoom) {
                        if (jvmCount() < maxJvms) {
                            break;
                        }
                        // At the cap, only a function with no instance at all takes one from another (so functions
                        // do not take turns stealing each other's warm instances); the others wait for their own.
                        evicted = none ? evictIdleFromLargest() : null;
                        if (evicted != null) {
                            break;
                        }
                    }
                    try {
                        // woken by a release, an init or a reap; timed, so that the scale-up delay is noticed
                        long left = SCALE_UP_DELAY.toNanos() - waited;
                        lock.wait(left > 0 ? left / 1_000_000 + 1 : SCALE_UP_DELAY.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting for an instance of " + function.name(), e);
                    }
                }
                starting++;
                pending++; // counted against the cap from now on
            }
            if (evicted != null) {
                console.printf("lambda %s: instance #%d (pid %d) stopped to make room under the cap of %d function JVMs%n",
                        evicted.functionName(), evicted.number(), evicted.pid(), maxJvms);
                evicted.close();
            }
            FunctionInstance instance = new FunctionInstance(function, started.incrementAndGet(), ready -> {
                initDone();
                console.printf("lambda %s: cold start #%d (pid %d, init %d ms, %d live)%n", function.name(),
                        ready.number(), ready.pid(), ready.initNanos() / 1_000_000, live());
            });
            synchronized (lock) {
                all.add(instance);
                pending--;
            }
            try {
                instance.start(runtimeJars, environment(), logDirectory.resolve(function.name() + ".log"),
                        jvmFlags(function));
            } catch (IOException e) {
                remove(instance);
                instance.close();
                throw new UncheckedIOException("Cannot start a runtime for " + function.name(), e);
            }
            if (closed) {
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
            synchronized (lock) {
                starting = Math.max(0, starting - 1);
                lock.notifyAll();
            }
        }

        void release(FunctionInstance instance) {
            boolean keep;
            synchronized (lock) {
                keep = instance.isAlive() && !closed;
                if (keep) {
                    idle.addFirst(new Idle(instance, Instant.now()));
                } else {
                    all.remove(instance);
                    if (instance.initNanos() < 0) {
                        starting = Math.max(0, starting - 1); // it ended before its init was over
                    }
                }
                lock.notifyAll();
            }
            if (!keep) {
                instance.close();
            }
        }

        private void remove(FunctionInstance instance) {
            synchronized (lock) {
                all.remove(instance);
                starting = Math.max(0, starting - 1);
                lock.notifyAll();
            }
        }

        /** Takes out, for closing, the instances idle for longer than the idle timeout and the idle ones whose process ended. */
        List<FunctionInstance> takeIdle(Instant now) {
            synchronized (lock) {
                List<FunctionInstance> taken = new ArrayList<>();
                for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
                    Idle entry = it.next();
                    if (Duration.between(entry.since(), now).compareTo(idleTimeout) > 0 || !entry.instance().isAlive()) {
                        it.remove();
                        all.remove(entry.instance());
                        taken.add(entry.instance());
                    }
                }
                lock.notifyAll(); // room again under ReservedConcurrentExecutions and the cap
                return taken;
            }
        }

        /** The least recently used idle instance of this pool (its tail), taken out; null when none. Under the lock. */
        private Idle oldestIdle() {
            return idle.peekLast();
        }

        int live() {
            return (int) all.stream().filter(FunctionInstance::isAlive).count();
        }

        /** Instances alive, starting or about to start. Under the lock. */
        private int size() {
            return all.size() + pending;
        }

        private Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>(sdkEnvironment);
            env.putAll(function.environment());
            // The one non-Slack webhook notify accepts: this local cloud's sink, which the Slack secret points at.
            // The constructs never set the variable, so on AWS there is no such exception.
            env.put(HandlerEnv.LOCAL_SLACK_SINK_URL, context.service(SlackSink.class).webhookUrl().toString());
            String region = context.pseudo().region();
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
            synchronized (lock) {
                instances = new ArrayList<>(all);
                all.clear();
                idle.clear();
                lock.notifyAll();
            }
            try (Stream<FunctionInstance> stream = instances.parallelStream()) {
                stream.forEach(FunctionInstance::close);
            }
        }
    }
}
