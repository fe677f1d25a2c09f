package dev.channels.local.lambda;

import dev.channels.local.iam.LocalCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.assembly.Asset;
import dev.channels.local.dynamodb.DynamoDbService;
import dev.channels.local.s3.S3Service;
import dev.channels.local.secrets.SecretsManagerService;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.service.MetricsSink;
import dev.channels.local.service.ServiceContext;
import dev.channels.local.sqs.SqsService;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import java.util.stream.Stream;

/**
 * The local Lambda: runs each {@code AWS::Lambda::Function} of the template (Java runtimes) from its asset jar
 * in JVMs of its own through a pure-Java bootstrap ({@link LambdaRuntimeJars}), against a local Runtime API. Warm
 * instances are reused, one invocation at a time each; concurrent calls scale out with new instances (a cold
 * start, printed as one line). An instance idle for longer than the idle timeout is stopped, as Lambda reclaims
 * idle execution environments, so a burst does not leave its JVMs running for good.
 * {@code AWS::Lambda::Version} and {@code AWS::Lambda::Alias} are qualifiers of their function
 * ({@code name:1}, {@code name:live}). Each function's instances are a {@link FunctionPool}; this class owns the
 * machine-wide cap on function JVMs that all pools share, and the one lock that guards them.
 */
public final class LambdaService implements LocalService, FunctionInvoker {
    public static final String FUNCTION = "AWS::Lambda::Function";
    public static final String VERSION = "AWS::Lambda::Version";
    public static final String ALIAS = "AWS::Lambda::Alias";
    /** How long an instance may stay idle before it is stopped (Lambda keeps idle environments for minutes too). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** How long a call waits for a busy function's instance before it starts another one (see {@link FunctionPool}). */
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

    final ServiceContext context;
    final PrintStream console;
    private final MetricsSink metrics;
    private final Map<String, FunctionConfig> functions = new LinkedHashMap<>();
    private final Map<String, FunctionPool> pools = new ConcurrentHashMap<>();
    final Duration idleTimeout;
    /** The machine-wide cap: function JVMs alive at once, all functions together. */
    final int maxJvms;
    /** Guards every pool's instances and the machine-wide count. */
    final Object lock = new Object();
    private ScheduledExecutorService reaper;
    Map<String, String> sdkEnvironment = Map.of();
    private final Map<String, LocalCredentials.Identity> sessions = new java.util.concurrent.ConcurrentHashMap<>();
    List<Path> runtimeJars;
    Path logDirectory;
    volatile boolean closed;

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
        this.metrics = context.metrics();
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
            String role = stack.properties(resource).path("Role").asText("");
            if (!role.isEmpty()) {
                sessions.put(function.name(), context.iam().functionSession(function.name(), role));
            }
            pools.put(function.name(), new FunctionPool(this, function));
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

    /**
     * A function's credentials for this run, as Lambda provides them: a session of its execution role (what IAM
     * checks its calls against). Empty for a function without a role.
     */
    Map<String, String> credentialEnvironment(String functionName) {
        LocalCredentials.Identity session = sessions.get(functionName);
        if (session == null) {
            return Map.of();
        }
        return Map.of("AWS_ACCESS_KEY_ID", session.secret().accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", session.secret().secretAccessKey(),
                "AWS_SESSION_TOKEN", session.secret().sessionToken().orElseThrow());
    }

    /** The session a function's execution role has in this run: what its event source mappings act as. */
    public Optional<LocalCredentials.Identity> executionRole(String functionName) {
        return Optional.ofNullable(sessions.get(functionName));
    }

    /** The functions of the stack by name. */
    public Map<String, FunctionConfig> functions() {
        return Map.copyOf(functions);
    }

    /** Runtime processes currently alive (warm or busy) for a function. */
    public int liveInstances(String functionName) {
        FunctionPool pool = pools.get(functionName);
        return pool == null ? 0 : pool.live();
    }

    /** Cold starts of a function so far. */
    public int coldStarts(String functionName) {
        FunctionPool pool = pools.get(functionName);
        return pool == null ? 0 : pool.coldStarts();
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
        FunctionPool pool = pools.get(function.name());
        FunctionInstance instance = pool.acquire();
        InvocationResult result;
        try {
            result = instance.invoke(eventJson);
        } finally {
            pool.release(instance);
        }
        publishMetrics(function.name(), result, pool.live());
        if (result.timedOut()) {
            console.printf("lambda %s: instance #%d timed out after %d s and was stopped%n", function.name(), instance.number(),
                    function.timeout().toSeconds());
        } else if (result.isError() && !instance.isAlive() && !closed && !Thread.currentThread().isInterrupted()) {
            // (not when the caller was stopped, e.g. a poller on Ctrl-C: the instance was killed for it, no crash)
            console.printf("lambda %s: instance #%d ended: %s%n", function.name(), instance.number(), result.errorMessage().orElse(""));
        }
        return result;
    }

    /** The {@code AWS/Lambda} datapoints Lambda publishes for an invocation (by function name). */
    private void publishMetrics(String functionName, InvocationResult result, int concurrent) {
        Map<String, String> dimensions = Map.of("FunctionName", functionName);
        metrics.put("AWS/Lambda", "Invocations", dimensions, 1, "Count");
        metrics.put("AWS/Lambda", "Errors", dimensions, result.isError() ? 1 : 0, "Count");
        metrics.put("AWS/Lambda", "Duration", dimensions, result.duration().toNanos() / 1e6, "Milliseconds");
        metrics.put("AWS/Lambda", "ConcurrentExecutions", dimensions, concurrent, "Count");
        metrics.put("AWS/Lambda", "ConcurrentExecutions", Map.of(), concurrent, "Count");
    }

    /**
     * Stops every instance idle for longer than the idle timeout at {@code now} (and drops idle ones whose
     * process ended); the next invocation of its function starts a new one. Returns how many were stopped.
     * The reaper thread calls it periodically; tests call it with the time they want.
     */
    int reapIdle(Instant now) {
        int stopped = 0;
        for (FunctionPool pool : pools.values()) {
            List<FunctionInstance> taken = pool.takeIdle(now);
            List<FunctionInstance> reaped = taken.stream().filter(FunctionInstance::isAlive).toList(); // others had ended
            try (Stream<FunctionInstance> stream = taken.parallelStream()) {
                stream.forEach(FunctionInstance::close);
            }
            for (FunctionInstance instance : reaped) {
                console.printf("lambda %s: instance #%d (pid %d) stopped, idle for over %s (%d live)%n", pool.functionName(),
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
    int jvmCount() {
        int count = 0;
        for (FunctionPool pool : pools.values()) {
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
    FunctionInstance evictIdleFromLargest() {
        FunctionPool largest = null;
        for (FunctionPool pool : pools.values()) {
            if (pool.hasIdle() && (largest == null || pool.size() > largest.size())) {
                largest = pool;
            }
        }
        if (largest == null) {
            return null;
        }
        return largest.takeOldestIdle();
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
        pools.values().forEach(FunctionPool::close);
    }
}
