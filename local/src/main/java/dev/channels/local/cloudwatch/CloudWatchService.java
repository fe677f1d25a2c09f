package dev.channels.local.cloudwatch;

import java.util.Objects;
import java.util.function.UnaryOperator;
import com.sun.net.httpserver.HttpHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.json.Json;
import dev.channels.local.service.Inventory;
import dev.channels.local.service.LocalEndpoints;
import dev.channels.local.service.LocalService;
import dev.channels.local.service.MetricsSink;
import dev.channels.local.service.ServiceContext;
import dev.channels.local.sns.SnsService;
import dev.channels.local.sqs.SqsService;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The local CloudWatch: a {@link MetricStore} fed by the services ({@link MetricsSink}), by the functions' EMF
 * lines (read from their log files, as CloudWatch Logs extracts them) and by a per-minute sample of every queue;
 * the template's alarms, evaluated every minute with {@link AlarmEvaluator}, whose SNS actions publish
 * {@link AlarmNotification}s to the local SNS; the template's dashboards; and the JSON API the AWS CLI uses.
 *
 * <p>A time scale above 1 shortens every alarm period and the minute between samples and evaluations by that
 * factor ({@code --time-scale 60}: a 300 s period passes in 5 s), for drills and tests. Datapoints keep real
 * timestamps, so {@code get-metric-statistics} answers for the real times asked.
 */
public final class CloudWatchService implements LocalService, MetricsSink {
    public static final String ALARM = AlarmReader.TYPE;
    public static final String DASHBOARD = "AWS::CloudWatch::Dashboard";
    /** CloudWatch samples queues and evaluates alarms once a minute. */
    static final Duration MINUTE = Duration.ofMinutes(1);
    /** How often the functions' log files are read for EMF lines (CloudWatch Logs' delivery delay, roughly). */
    private static final Duration LOG_POLL = Duration.ofMillis(200);
    /** Real time between evaluations is never shorter than this, whatever the scale. */
    private static final Duration SHORTEST_TICK = Duration.ofMillis(100);

    private final double timeScale;
    private final Clock clock;
    private final PrintStream console;
    private final MetricStore store;
    private final Path functionLogs;
    private final Supplier<SnsService> sns;
    private final Supplier<URI> sqsEndpoint;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Map<String, String> dashboards = new LinkedHashMap<>();
    private String region = "";
    private String accountId = "";
    private String arnPrefix = "";
    private LoopbackHttpServer server;
    private UnaryOperator<HttpHandler> gate = UnaryOperator.identity();
    private ScheduledExecutorService scheduler;
    private SqsSampler sqsSampler;

    /** As {@code MonitoringLayer} registers it. */
    public CloudWatchService(ServiceContext context, double timeScale) {
        this(timeScale, context.clock(), context.console(), context.workDirectory().resolve("lambda"),
                () -> context.service(SnsService.class), () -> context.service(SqsService.class).endpoint());
    }

    /**
     * @param timeScale    how many times faster than real time alarm periods pass (1: real time)
     * @param functionLogs the directory of the functions' {@code <name>.log} files
     */
    public CloudWatchService(double timeScale, Clock clock, PrintStream console, Path functionLogs, Supplier<SnsService> sns,
            Supplier<URI> sqsEndpoint) {
        this.timeScale = requireTimeScale(timeScale);
        this.clock = clock;
        this.console = console;
        this.store = new MetricStore(clock);
        this.functionLogs = functionLogs;
        this.sns = sns;
        this.sqsEndpoint = sqsEndpoint;
    }

    /** Checks a {@code --time-scale}: from 1 (real time) to 3600 (an hour a second). */
    public static double requireTimeScale(double scale) {
        if (!(scale >= 1 && scale <= 3600)) {
            throw new IllegalArgumentException("The time scale must be from 1 (real time) to 3600, not " + scale);
        }
        return scale;
    }


    /** What stands in front of the endpoint (IAM's signature and policy check); set before start. */
    public CloudWatchService gate(UnaryOperator<HttpHandler> front) {
        this.gate = Objects.requireNonNull(front, "front");
        return this;
    }

    @Override
    public String name() {
        return "cloudwatch";
    }

    @Override
    public Set<String> resourceTypes() {
        return Set.of(ALARM, DASHBOARD);
    }

    @Override
    public void start() {
        server = LoopbackHttpServer.start("cloudwatch", gate.apply(this::handle));
    }

    @Override
    public void provision(ResolvedStack stack, Inventory inventory) {
        region = stack.pseudo().region();
        accountId = stack.pseudo().accountId();
        arnPrefix = "arn:" + stack.pseudo().partition() + ":cloudwatch::" + accountId + ":dashboard/";
        Instant now = clock.instant();
        synchronized (this) {
            AlarmReader.read(stack, inventory).forEach(definition -> alarms.add(new Alarm(definition, now)));
            for (TemplateResource dashboard : stack.resources(DASHBOARD)) {
                dashboards.put(stack.physicalName(dashboard.logicalId()), stack.properties(dashboard).path("DashboardBody").asText("{}"));
            }
        }
        Map<String, String> queues = new LinkedHashMap<>();
        stack.resources(SqsService.QUEUE_TYPE).forEach(queue -> queues.put(stack.physicalName(queue.logicalId()), stack.ref(queue.logicalId())));
        sqsSampler = new SqsSampler(sqsEndpoint.get(), region, queues, store, clock);
        console.printf("cloudwatch: %d alarms evaluated every %s (time scale %s); not measured locally: %s%n",
                alarms.stream().filter(alarm -> alarm.definition().notEvaluated().isEmpty()).count(), describe(tick()),
                timeScale == 1 ? "1, real time" : "x" + number(timeScale), LocalMetrics.NOT_MEASURED);
        scheduler = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "local-cloudwatch");
            thread.setDaemon(true);
            return thread;
        });
        LogTail logs = new LogTail(functionLogs);
        scheduler.scheduleWithFixedDelay(() -> guarded("reading function logs", () -> logs.poll((function, line) ->
                EmfExtractor.extract(line, clock.instant()).forEach(found -> store.add(found.key(), found.datapoint())))),
                0, LOG_POLL.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("sampling queues", sqsSampler::sample), 0, tick().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("evaluating alarms", this::evaluateAll), tick().toMillis(), tick().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void describe(LocalEndpoints.Builder endpoints) {
        endpoints.service("cloudwatch", endpoint());
    }

    public URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("The local CloudWatch has not started");
        }
        return server.uri();
    }

    @Override
    public void put(String namespace, String name, Map<String, String> dimensions, double value, String unit) {
        store.put(namespace, name, dimensions, value, unit);
    }

    public MetricStore store() {
        return store;
    }

    public synchronized List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    public Optional<Alarm> alarm(String name) {
        return alarms().stream().filter(alarm -> alarm.definition().name().equals(name)).findFirst();
    }

    synchronized Map<String, String> dashboards() {
        return Map.copyOf(dashboards);
    }

    String dashboardArn(String name) {
        return arnPrefix + name;
    }

    Instant now() {
        return clock.instant();
    }

    /** The real time one alarm period of {@code period} takes at this time scale. */
    Duration scaled(Duration period) {
        return Duration.ofMillis(Math.max(1, Math.round(period.toMillis() / timeScale)));
    }

    /** Evaluates every alarm once, now; the scheduler calls it every (scaled) minute. */
    public void evaluateAll() {
        Instant now = clock.instant();
        for (Alarm alarm : alarms()) {
            AlarmDefinition definition = alarm.definition();
            if (definition.notEvaluated().isPresent()) {
                continue;
            }
            long period = scaled(definition.period()).toMillis();
            long end = now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), period); // the last complete period ends here
            List<AlarmEvaluator.Period> periods = new ArrayList<>();
            for (int k = definition.evaluationPeriods(); k >= 1; k--) {
                Instant start = Instant.ofEpochMilli(end - k * period);
                OptionalDouble value = Statistics.of(definition.statistic(),
                        store.values(definition.metric(), start, start.plusMillis(period), definition.unit()));
                periods.add(new AlarmEvaluator.Period(start, value));
            }
            AlarmEvaluator.Outcome outcome = AlarmEvaluator.evaluate(definition, periods, alarm.state());
            if (outcome.evaluated()) {
                alarm.moveTo(outcome.state(), outcome.reason(), now).ifPresent(this::act);
            }
        }
    }

    /** {@code SetAlarmState}: the state holds until the next evaluation says otherwise, as on AWS. */
    boolean setState(String name, AlarmState state, String reason) {
        Optional<Alarm> alarm = alarm(name);
        alarm.ifPresent(found -> found.moveTo(state, reason, clock.instant()).ifPresent(this::act));
        return alarm.isPresent();
    }

    private void act(Alarm.Transition transition) {
        AlarmDefinition definition = transition.alarm().definition();
        console.printf("cloudwatch: alarm %s %s -> %s%n", definition.name(), transition.oldState(), transition.newState());
        if (!definition.actionsEnabled()) {
            return;
        }
        for (String action : definition.actions(transition.newState())) {
            if (!action.startsWith("arn:") || !action.split(":")[2].equals("sns")) {
                continue; // listed at start as not run locally
            }
            try {
                sns.get().publish(action, Optional.of(AlarmNotification.subject(transition, region)),
                        Json.MAPPER.writeValueAsString(AlarmNotification.message(transition, region, accountId)));
            } catch (IOException | RuntimeException e) {
                console.println("cloudwatch: alarm " + definition.name() + ": action " + action + " failed: " + e.getMessage());
            }
        }
    }

    private Duration tick() {
        Duration scaled = scaled(MINUTE);
        return scaled.compareTo(SHORTEST_TICK) < 0 ? SHORTEST_TICK : scaled;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        CloudWatchJsonApi.Answer answer;
        if (!target.startsWith(CloudWatchJsonApi.TARGET_PREFIX) || !contentType.startsWith("application/x-amz-json-1.0")) {
            answer = new CloudWatchJsonApi(this).answer("", Json.object()); // an InvalidAction error naming what is served
            answer = new CloudWatchJsonApi.Answer(400, answer.body().put("message", "The local CloudWatch speaks the AWS JSON 1.0"
                    + " protocol (X-Amz-Target: " + CloudWatchJsonApi.TARGET_PREFIX + "<Action>), as the AWS CLI sends it;"
                    + " not the query or CBOR protocol"));
        } else {
            JsonNode request;
            try {
                request = Json.MAPPER.readTree(exchange.getRequestBody().readNBytes(4 * 1024 * 1024));
            } catch (IOException e) {
                request = null;
            }
            answer = request == null || !request.isObject()
                    ? new CloudWatchJsonApi.Answer(400, Json.object().put("__type", "SerializationException").put("message", "not a JSON object"))
                    : new CloudWatchJsonApi(this).answer(target.substring(CloudWatchJsonApi.TARGET_PREFIX.length()), request);
        }
        if (answer.status() != 200) {
            String type = answer.body().path("__type").asText();
            exchange.getResponseHeaders().set("x-amzn-query-error", type + ";Sender");
        }
        LoopbackHttpServer.send(exchange, answer.status(), "application/x-amz-json-1.0", Json.bytes(answer.body()));
    }

    private void guarded(String what, ThrowingRunnable task) {
        try {
            task.run();
        } catch (Exception | LinkageError e) {
            console.println("cloudwatch: " + what + " failed: " + e);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sqsSampler != null) {
            sqsSampler.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
