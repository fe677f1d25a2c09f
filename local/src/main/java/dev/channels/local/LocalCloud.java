package dev.channels.local;

import dev.channels.local.assembly.CloudAssembly;
import dev.channels.local.assembly.StackArtifact;
import dev.channels.local.catalog.Emulation;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.catalog.ResourceType;
import dev.channels.local.dynamodb.DynamoDbService;
import dev.channels.local.iam.EvaluatorFactory;
import dev.channels.local.iam.IamEnforcement;
import dev.channels.local.iam.gate.DynamoDbProtocol;
import dev.channels.local.iam.gate.S3Protocol;
import dev.channels.local.iam.gate.SecretsManagerProtocol;
import dev.channels.local.iam.gate.ServiceGate;
import dev.channels.local.iam.gate.SqsProtocol;
import dev.channels.local.iam.policy.StackPolicies;
import dev.channels.local.s3.S3Service;
import dev.channels.local.secrets.SecretsManagerService;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.service.ServiceContext;
import dev.channels.local.service.ServiceFactory;
import dev.channels.local.slack.SlackSink;
import dev.channels.local.sqs.SqsService;
import dev.channels.local.template.LocalAddresses;
import dev.channels.local.template.PseudoParameters;
import dev.channels.local.template.ResolvedStack;
import dev.channels.support.dynalite.DynaliteCli;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The local cloud: runs one stack of a synthesized cloud assembly on this machine. {@link #start()} reads
 * the assembly, starts every service in parallel on loopback ports, creates the template's resources,
 * prints the inventory and writes {@code <assembly>/local-endpoints.json}; {@link #close()} (or Ctrl-C)
 * stops everything, child processes included.
 *
 * <pre>{@code
 * try (LocalCloud cloud = LocalCloud.builder().assembly(Path.of("cdk.out")).build().start()) {
 *     URI dynamo = cloud.endpoints().dynamoDb();
 * }
 * }</pre>
 */
public final class LocalCloud implements AutoCloseable {
    /** The working state of a run without {@code --data}: wiped at start, kept after exit to read the logs. */
    public static final String WORK_DIRECTORY = "local-cloud";

    private final Builder settings;
    private final List<LocalService> services = new ArrayList<>();
    private ServiceContext context;
    private ResolvedStack stack;
    private Inventory inventory;
    private LocalEndpoints endpoints;
    private Path endpointsFile;
    private Duration startupTime;
    private final Map<String, Duration> startTimes = new LinkedHashMap<>();
    private Thread shutdownHook;
    private boolean closed;

    private LocalCloud(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts everything; on any failure, stops what had started and rethrows. */
    public LocalCloud start() {
        long startedAt = System.nanoTime();
        PrintStream console = settings.console;
        CloudAssembly assembly = CloudAssembly.read(settings.assembly);
        StackArtifact artifact = assembly.stack(settings.stack, settings.env);
        PseudoParameters pseudo = PseudoParameters.of(artifact.account(), artifact.region(), artifact.stackName());
        Path workDirectory = prepareWorkDirectory(assembly.directory());
        Optional<Path> data = settings.dataDirectory;

        shutdownHook = new Thread(this::close, "local-cloud-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            IamEnforcement iam = new IamEnforcement(settings.iamMode, settings.apiAuth, settings.evaluators, pseudo.region(),
                    pseudo.accountId(), console, settings.clock);
            context = new ServiceContext(artifact, pseudo, workDirectory, data, console, settings.clock, services, iam);
            for (ServiceFactory factory : settings.serviceFactories) {
                services.add(Objects.requireNonNull(factory.create(context), "a service factory returned null"));
            }
            checkCatalog();
            startAll();
            stack = ResolvedStack.of(artifact, settings.catalog, LocalAddresses.of(service(SqsService.class).endpoint()),
                    settings.parameters);
            iam.bind(stack);
            inventory = Inventory.of(artifact.stackName(), stack.template().resources().values(), settings.catalog, stack.intrinsics());
            for (LocalService service : services) {
                service.provision(stack, inventory);
            }
            LocalEndpoints.Builder collected = LocalEndpoints.builder(artifact.stackName(), pseudo.region(), pseudo.accountId());
            services.forEach(service -> service.describe(collected));
            iam.producer().ifPresent(producer -> collected.producerCredentials(producer.secret().accessKeyId(),
                    producer.secret().secretAccessKey()));
            endpoints = collected.build();
            endpointsFile = endpoints.write(assembly.directory());
            startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
            console.print(inventory.report());
            console.print(summary());
            return this;
        } catch (Exception | Error e) {
            close();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("The local cloud did not start: " + e.getMessage(), e);
        }
    }

    public LocalEndpoints endpoints() {
        return requireStarted(endpoints);
    }

    /** {@code <assembly>/local-endpoints.json}. */
    public Path endpointsFile() {
        return requireStarted(endpointsFile);
    }

    public ResolvedStack stack() {
        return requireStarted(stack);
    }

    public Inventory inventory() {
        return requireStarted(inventory);
    }

    /** The stack, directories, console and clock the services were created with. */
    public ServiceContext context() {
        return requireStarted(context);
    }

    public Duration startupTime() {
        return requireStarted(startupTime);
    }

    /** A service by class, e.g. one a later layer registered. */
    public <T extends LocalService> T service(Class<T> type) {
        return services.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No " + type.getSimpleName() + " in this local cloud"));
    }

    /** Stops every service, in reverse order of registration; safe to call twice and from the shutdown hook. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            LocalService service = services.get(i);
            try {
                service.close();
            } catch (RuntimeException e) {
                settings.console.println("local cloud: stopping " + service.name() + " failed: " + e);
            }
        }
        if (endpoints != null) { // it had started: say it is over, and where its state is
            settings.console.println("Local cloud stopped; " + settings.dataDirectory
                    .map(dir -> "its state is kept in " + dir.toAbsolutePath() + " for the next start with --data " + dir)
                    .orElse("logs are in " + context.workDirectory()));
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs (or ran) close() itself
            }
        }
    }

    /**
     * Every type the catalog calls emulated has a service that creates it, and every type a service creates
     * is called emulated: the start-up listing then tells the truth.
     */
    private void checkCatalog() {
        Set<String> claimed = new HashSet<>();
        services.forEach(service -> claimed.addAll(service.resourceTypes()));
        Set<String> emulated = new TreeSet<>();
        settings.catalog.types().stream().filter(type -> type.emulation() == Emulation.EMULATED)
                .map(ResourceType::type).forEach(emulated::add);
        Set<String> unclaimed = new TreeSet<>(emulated);
        unclaimed.removeAll(claimed);
        Set<String> unlisted = new TreeSet<>(claimed);
        unlisted.removeAll(emulated);
        if (!unclaimed.isEmpty() || !unlisted.isEmpty()) {
            throw new IllegalStateException("ResourceCatalog and services disagree: emulated without a service "
                    + unclaimed + ", created by a service but not marked emulated " + unlisted);
        }
    }

    private void startAll() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(services.size(), runnable -> {
            Thread thread = new Thread(runnable, "local-cloud-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<LocalService, Future<?>> starting = new LinkedHashMap<>();
            for (LocalService service : services) {
                starting.put(service, executor.submit(() -> {
                    long begin = System.nanoTime();
                    service.start();
                    synchronized (startTimes) {
                        startTimes.put(service.name(), Duration.ofNanos(System.nanoTime() - begin));
                    }
                    return null;
                }));
            }
            Exception failure = null;
            for (Map.Entry<LocalService, Future<?>> entry : starting.entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (failure == null) {
                        failure = new IllegalStateException(entry.getKey().name() + " did not start: " + cause.getMessage(), cause);
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private Path prepareWorkDirectory(Path assemblyDirectory) {
        try {
            if (settings.dataDirectory.isPresent()) {
                return Files.createDirectories(settings.dataDirectory.get().toAbsolutePath());
            }
            Path work = assemblyDirectory.resolve(WORK_DIRECTORY);
            if (Files.exists(work)) {
                try (Stream<Path> paths = Files.walk(work)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            return Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the local cloud's directory: " + e.getMessage(), e);
        }
    }

    private String summary() {
        StringBuilder out = new StringBuilder("Endpoints (also in " + endpointsFile + "):\n");
        endpoints.services().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> out.append(String.format("  %-15s %s%n", entry.getKey(), entry.getValue())));
        out.append(String.format("  %-15s %s (messages: %s)%n", "slack webhook", endpoints.slack().get("webhookUrl"),
                endpoints.slack().get("log")));
        service(SecretsManagerService.class).secrets().values().stream().sorted(Comparator.comparing(SecretsManagerService.Secret::name))
                .forEach(secret -> out.append(String.format("  %-15s %s: value from %s%n", "secret", secret.name(), secret.source())));
        out.append(String.format("  %-15s %s%n", "data", settings.dataDirectory
                .map(dir -> dir.toAbsolutePath() + " (tables, queues and their messages, stream records and mapping positions,"
                        + " objects and the Slack log kept between runs)")
                .orElse("not kept: start with --data DIR to keep tables, queues, streams and objects between runs")));
        IamEnforcement iam = context.iam();
        out.append(String.format("  %-15s %s%n", "iam", iam.enforced()
                ? "enforced: every request signed (SigV4) and checked against the template's policies; operator key "
                        + "local/local is the account root, each function signs as its execution role"
                : "off (--iam off): any credentials, no policy checked"));
        out.append(String.format("  %-15s %s%n", "api auth", iam.producer()
                .map(producer -> "on (--api-auth): AWS_IAM routes need SigV4; producer credentials AWS_ACCESS_KEY_ID="
                        + producer.secret().accessKeyId() + " AWS_SECRET_ACCESS_KEY=" + producer.secret().secretAccessKey()
                        + " (also in local-endpoints.json)")
                .orElse("off: AWS_IAM routes take unsigned requests (start with --api-auth to check them)")));
        StringBuilder times = new StringBuilder();
        synchronized (startTimes) {
            startTimes.forEach((name, time) -> times.append(times.length() == 0 ? "" : ", ")
                    .append(String.format("%s %.1f s", name, time.toMillis() / 1000.0)));
        }
        out.append(String.format("Local cloud of %s ready in %.1f s (started in parallel: %s; region %s, account %s)%n",
                stack.stackName(), startupTime.toMillis() / 1000.0, times, stack.pseudo().region(), stack.pseudo().accountId()));
        return out.toString();
    }

    private static <T> T requireStarted(T value) {
        if (value == null) {
            throw new IllegalStateException("The local cloud has not started");
        }
        return value;
    }

    /** Settings of a local cloud; every one has a default but the assembly. */
    public static final class Builder {
        private Path assembly = Path.of("cdk.out");
        private Optional<String> stack = Optional.empty();
        private Optional<String> env = Optional.empty();
        private Optional<Path> dataDirectory = Optional.empty();
        private Optional<Path> secretsFile = Optional.empty();
        private Optional<Path> dynaliteCli = Optional.empty();
        private Map<String, String> parameters = Map.of();
        private ResourceCatalog catalog = ResourceCatalog.defaults();
        private final List<ServiceFactory> serviceFactories = new ArrayList<>();
        private PrintStream console = System.out;
        private Clock clock = Clock.systemUTC();
        private IamEnforcement.Mode iamMode = IamEnforcement.Mode.ON;
        private boolean apiAuth;
        private EvaluatorFactory evaluators = StackPolicies::of;

        /** The foundation registers its services the way every later layer does, in this order. */
        private Builder() {
            service(context -> new SlackSink(context.workDirectory().resolve("slack-messages.jsonl"), context.console(),
                    context.clock()));
            service(context -> new DynamoDbService(dynaliteCli(), context.dataDirectory().map(dir -> dir.resolve("dynamodb")),
                    context.dataDirectory().map(dir -> dir.resolve("streams")), context.workDirectory(), context.pseudo(),
                    context.clock(), context.console()).gate(ServiceGate.of(context.iam(), new DynamoDbProtocol())));
            service(context -> new SqsService(context.pseudo(), context.dataDirectory().map(dir -> dir.resolve("sqs")))
                    .gate(ServiceGate.of(context.iam(), new SqsProtocol())));
            service(context -> new S3Service(context.workDirectory().resolve("s3"), context.dataDirectory().isPresent(),
                    context.pseudo()).gate(ServiceGate.of(context.iam(), new S3Protocol())));
            service(context -> new SecretsManagerService(secretsFile, context.service(SlackSink.class)::webhookUrl,
                    context.console()).gate(ServiceGate.of(context.iam(), new SecretsManagerProtocol())));
        }

        /** The cloud assembly directory ({@code cdk.out} by default). */
        public Builder assembly(Path directory) {
            this.assembly = Objects.requireNonNull(directory, "assembly");
            return this;
        }

        /** The stack (artifact id or stack name); by default the only one, or {@code <env>-channels}. */
        public Builder stack(String name) {
            this.stack = Optional.of(name);
            return this;
        }

        /** The environment whose {@code <env>-channels} stack to run when the assembly has several. */
        public Builder env(String name) {
            this.env = Optional.of(name);
            return this;
        }

        /**
         * Keep state between runs in {@code directory}: dynalite's tables (LevelDB, {@code dynamodb/}), the queues
         * and their messages ({@code sqs/}), the captured stream records ({@code streams/}) and the stream
         * mappings' checkpoints ({@code esm/}), S3Mock's objects ({@code s3/}), the Slack sink's log. Without it,
         * state lives in {@code <assembly>/local-cloud}, wiped at each start.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Optional.of(directory);
            return this;
        }

        /** A JSON object of secret name (or logical id) to value. */
        public Builder secretsFile(Path file) {
            this.secretsFile = Optional.of(file);
            return this;
        }

        /** {@code node_modules/dynalite/cli.js}; found from the working and assembly directories by default. */
        public Builder dynaliteCli(Path cli) {
            this.dynaliteCli = Optional.of(cli);
            return this;
        }

        /** Values for the template's {@code Parameters} (the others take their {@code Default}). */
        public Builder parameters(Map<String, String> values) {
            this.parameters = Map.copyOf(values);
            return this;
        }

        /** The resource catalog, when a layer extends {@link ResourceCatalog#defaults()}. */
        public Builder catalog(ResourceCatalog resourceCatalog) {
            this.catalog = Objects.requireNonNull(resourceCatalog, "catalog");
            return this;
        }

        /**
         * Changes the catalog as a layer needs (e.g. marks the types its service runs as emulated); composes
         * with earlier calls, so several layers can each change their rows.
         */
        public Builder extendCatalog(java.util.function.UnaryOperator<ResourceCatalog> change) {
            this.catalog = Objects.requireNonNull(change.apply(catalog), "extendCatalog returned null");
            return this;
        }

        /**
         * Adds a service of a later layer, created after the foundation's and those added before it (which
         * {@link ServiceContext#service} finds); it starts with the others and is provisioned after them, in the
         * order added.
         */
        public Builder service(ServiceFactory factory) {
            serviceFactories.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** Where the inventory, endpoints and Slack summaries are printed ({@code System.out} by default). */
        public Builder console(PrintStream out) {
            this.console = Objects.requireNonNull(out, "console");
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * IAM enforcement, on by default: every request to a local service is signature-checked and its permissions
         * evaluated. {@link IamEnforcement.Mode#OFF} only to measure what enforcement costs ({@code --iam off}).
         */
        public Builder iam(IamEnforcement.Mode mode) {
            this.iamMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** {@code --api-auth}: the REST API's {@code AWS_IAM} routes verify SigV4 and authorize {@code execute-api:Invoke}. */
        public Builder apiAuth(boolean on) {
            this.apiAuth = on;
            return this;
        }

        /** How the stack's policies are evaluated: {@link StackPolicies} by default (tests may give their own). */
        public Builder evaluators(EvaluatorFactory factory) {
            this.evaluators = Objects.requireNonNull(factory, "evaluators");
            return this;
        }

        public LocalCloud build() {
            return new LocalCloud(this);
        }

        /**
         * dynalite's CLI: as configured, else {@code node_modules/dynalite/cli.js} in the first of the working
         * directory, the assembly directory and their parents that has one.
         */
        private Path dynaliteCli() {
            if (dynaliteCli.isPresent()) {
                return dynaliteCli.get();
            }
            return DynaliteCli.lookUp(List.of(Path.of("").toAbsolutePath(), assembly.toAbsolutePath()))
                    .orElseThrow(() -> new IllegalStateException("dynalite is not installed: run `npm ci` at the repo root "
                            + "(it is in package.json), or pass the path of node_modules/dynalite/cli.js"));
        }
    }
}
