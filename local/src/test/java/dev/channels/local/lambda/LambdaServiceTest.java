package dev.channels.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.contract.HandlerEnv;
import dev.channels.local.LocalCloud;
import dev.channels.local.catalog.Emulation;
import dev.channels.local.lambda.bootstrap.Bootstrap;
import dev.channels.local.slack.SlackSink;
import dev.channels.support.poll.Poll;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real function JVMs (the bootstrap) against the local Runtime API, from the fixture assembly. The
 * round trip runs first: it checks the function's first, cold, start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LambdaServiceTest {
    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private static Path output;
    private static LocalCloud cloud;
    private static LambdaService lambda;

    @BeforeAll
    static void start() throws Exception {
        Path directory = Files.createTempDirectory("lambda-service-test-");
        output = Files.createDirectories(directory.resolve("output"));
        cloud = LambdaFixtures.start(LambdaFixtures.assembly(directory), output, console);
        lambda = cloud.service(LambdaService.class);
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static String console() {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void roundTripThroughTheRuntimeApiThenWarmReuse() {
        InvocationResult first = lambda.invoke("lt-echo", json("{\"hello\":\"wörld\",\"n\":12345678901234567890}"));
        assertThat(first.isError()).as(first.toString()).isFalse();
        assertThat(first.coldStart()).isTrue();
        JsonNode payload = first.payloadJson().orElseThrow();
        assertThat(payload.path("event").path("hello").asText()).isEqualTo("wörld");
        assertThat(payload.path("functionArn").asText()).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:lt-echo");
        assertThat(payload.path("requestId").asText()).isEqualTo(first.requestId());
        assertThat(payload.path("remainingMillis").asLong()).isBetween(1L, 3000L);
        // template variables resolved, local endpoints and the Lambda variables added
        JsonNode env = payload.path("env");
        assertThat(env.path("TABLE_NAME").asText()).isEqualTo("lt-orders");
        assertThat(env.path("OUTPUT_DIR").asText()).isEqualTo(output.toString());
        assertThat(env.path("AWS_ENDPOINT_URL_DYNAMODB").asText()).isEqualTo(cloud.endpoints().dynamoDb().toString());
        assertThat(env.path("AWS_ENDPOINT_URL_SQS").asText()).isEqualTo(cloud.endpoints().sqs().toString());
        assertThat(env.path("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("lt-echo");
        assertThat(env.path("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("256");
        assertThat(env.path("AWS_LAMBDA_FUNCTION_VERSION").asText()).isEqualTo("$LATEST");
        assertThat(env.path("AWS_REGION").asText()).isEqualTo("eu-west-1");
        assertThat(env.path("AWS_LAMBDA_RUNTIME_API").asText()).startsWith("127.0.0.1:");
        assertThat(env.path(HandlerEnv.LOCAL_SLACK_SINK_URL).asText()).isEqualTo(cloud.service(SlackSink.class).webhookUrl().toString());
        // memory -> heap cap: 80 % of 256 MB
        assertThat(payload.path("maxHeapMb").asLong()).isBetween(150L, 205L);

        InvocationResult second = lambda.invoke("lt-echo", json("{\"again\":true}"));
        assertThat(second.isError()).as(second.toString()).isFalse();
        assertThat(second.coldStart()).isFalse();
        JsonNode warm = second.payloadJson().orElseThrow();
        assertThat(warm.path("pid").asLong()).isEqualTo(payload.path("pid").asLong());
        assertThat(warm.path("calls").asInt()).isEqualTo(payload.path("calls").asInt() + 1);
        assertThat(console()).contains("lambda lt-echo: cold start #");
    }

    @Test
    void functionJvmsRunTheBootstrapWithoutANativeLibrary() {
        assertThat(LambdaRuntimeJars.MAIN_CLASS).isEqualTo(Bootstrap.class.getName());
        InvocationResult result = lambda.invoke("lt-echo", json("{}"));
        assertThat(result.isError()).as(result.toString()).isFalse();
        JsonNode payload = result.payloadJson().orElseThrow();
        assertThat(payload.path("mainClass").asText()).isEqualTo(Bootstrap.class.getName());
        // the function's jar, then exactly the bootstrap, Lambda's core and its serialization: no runtime interface client
        List<String> classPath = Arrays.stream(payload.path("classPath").asText().split(File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString()).toList();
        assertThat(classPath).hasSize(1 + LambdaRuntimeJars.REQUIRED.size());
        assertThat(classPath.get(0)).isEqualTo("asset." + LambdaFixtures.ASSET_HASH + ".jar");
        for (int i = 0; i < LambdaRuntimeJars.REQUIRED.size(); i++) {
            assertThat(classPath.get(i + 1)).startsWith(LambdaRuntimeJars.REQUIRED.get(i));
        }
        // and nothing tells the JVM where a native library is (the old runtime needed -D...NativeClient.JNI=<.so>)
        List<String> arguments = new ArrayList<>();
        payload.path("jvmArguments").forEach(argument -> arguments.add(argument.asText()));
        assertThat(arguments).isEqualTo(LambdaService.jvmFlags(lambda.functions().get("lt-echo")));
        assertThat(arguments).containsExactly("-Xmx204m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    @Test
    void concurrentCallsScaleOutToSeparateProcesses() throws Exception {
        Path barrier = output.resolve("barrier");
        byte[] event = json("{\"barrier\":\"" + barrier + "\",\"parties\":2}");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<InvocationResult> a = pool.submit(() -> lambda.invoke("lt-echo", event));
            Future<InvocationResult> b = pool.submit(() -> lambda.invoke("lt-echo", event));
            InvocationResult ra = a.get();
            InvocationResult rb = b.get();
            assertThat(ra.isError()).as(ra.toString()).isFalse();
            assertThat(rb.isError()).as(rb.toString()).isFalse();
            // Both were inside the handler at once (the barrier), so they ran in two processes.
            assertThat(ra.payloadJson().orElseThrow().path("pid").asLong())
                    .isNotEqualTo(rb.payloadJson().orElseThrow().path("pid").asLong());
            assertThat(lambda.liveInstances("lt-echo")).isGreaterThanOrEqualTo(2);
            // JVMs starting at once share nothing on disk, so none crashed
            String log = Files.readString(cloud.context().workDirectory().resolve("lambda/lt-echo.log"));
            assertThat(log).doesNotContain("A fatal error has been detected");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void timeoutKillsTheProcessAndTheNextInvocationStartsCold() {
        InvocationResult warmUp = lambda.invoke("lt-echo:$LATEST", json("{}"));
        assertThat(warmUp.isError()).isFalse();
        long pid = warmUp.payloadJson().orElseThrow().path("pid").asLong();

        InvocationResult slow = lambda.invoke("lt-echo", json("{\"sleepMillis\":60000}"));
        assertThat(slow.timedOut()).as(slow.toString()).isTrue();
        assertThat(slow.errorMessage()).contains("Task timed out after 3.00 seconds");
        assertThat(console()).contains("lambda lt-echo: instance #").contains("timed out after 3 s");

        // The slow invocation ran in the most recently used warm process, the warm-up's: it was killed.
        Poll.until("the timed-out process to end", Duration.ofSeconds(10),
                () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
        InvocationResult next = lambda.invoke("lt-echo", json("{}"));
        assertThat(next.isError()).as(next.toString()).isFalse();
        assertThat(next.payloadJson().orElseThrow().path("pid").asLong()).isNotEqualTo(pid);
    }

    @Test
    void instancesIdleLongerThanTheIdleTimeoutAreStoppedAndTheNextInvocationStartsCold() throws Exception {
        Duration beyondTimeout = LambdaService.DEFAULT_IDLE_TIMEOUT.plusSeconds(1);
        lambda.reapIdle(Instant.now().plus(beyondTimeout)); // start with no instance of lt-echo
        assertThat(lambda.liveInstances("lt-echo")).isZero();

        // A busy instance is never reaped: reap while the invocation waits in the handler for a second party.
        Path barrier = output.resolve("reaper-barrier");
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<InvocationResult> busy = caller.submit(() -> lambda.invoke("lt-echo",
                    json("{\"barrier\":\"" + barrier + "\",\"parties\":2}")));
            Poll.until("the invocation to enter the handler", Duration.ofSeconds(60), () -> entries(barrier) == 1);
            lambda.reapIdle(Instant.now().plus(beyondTimeout));
            assertThat(lambda.liveInstances("lt-echo")).isEqualTo(1);
            Files.writeString(barrier.resolve("second-party"), "");
            InvocationResult result = busy.get();
            assertThat(result.isError()).as(result.toString()).isFalse();
            long pid = result.payloadJson().orElseThrow().path("pid").asLong();

            // Idle, but not for longer than the idle timeout: kept warm.
            assertThat(lambda.reapIdle(Instant.now())).isZero();
            assertThat(lambda.liveInstances("lt-echo")).isEqualTo(1);

            // Idle for longer: stopped, with one line, and the next invocation is a cold start in a new process.
            assertThat(lambda.reapIdle(Instant.now().plus(beyondTimeout))).isEqualTo(1);
            assertThat(lambda.liveInstances("lt-echo")).isZero();
            Poll.until("the reaped process to end", Duration.ofSeconds(10),
                    () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThat(console()).containsPattern("lambda lt-echo: instance #\\d+ \\(pid " + pid + "\\) stopped, idle for over 10 min \\(0 live\\)");
            InvocationResult next = lambda.invoke("lt-echo", json("{}"));
            assertThat(next.isError()).as(next.toString()).isFalse();
            assertThat(next.coldStart()).isTrue();
            assertThat(next.payloadJson().orElseThrow().path("pid").asLong()).isNotEqualTo(pid);
        } finally {
            caller.shutdownNow();
        }
    }

    private static long entries(Path directory) {
        try (var files = Files.list(directory)) {
            return files.count();
        } catch (java.io.IOException e) {
            return 0; // not created yet
        }
    }

    @Test
    void functionErrorsAndInitErrorsAreReported() {
        InvocationResult failed = lambda.invoke("lt-echo", json("{\"fail\":\"please\"}"));
        assertThat(failed.isError()).isTrue();
        assertThat(failed.errorType()).contains("java.lang.IllegalStateException");
        assertThat(failed.errorMessage()).contains("failing as asked: please");
        // a function error leaves the process warm
        assertThat(lambda.invoke("lt-echo", json("{}")).coldStart()).isFalse();

        InvocationResult broken = lambda.invoke("lt-broken", json("{}"));
        assertThat(broken.isError()).isTrue();
        assertThat(broken.errorType().orElseThrow() + broken.errorMessage().orElseThrow()).contains("NoSuchHandler");
    }

    @Test
    void qualifiersVersionsAndAliasesNameTheFunction() {
        assertThat(lambda.functions().get("lt-ingest").qualifiers()).containsExactlyInAnyOrder("$LATEST", "1", "live");
        InvocationResult viaArn = lambda.invoke("arn:aws:lambda:eu-west-1:123456789012:function:lt-ingest:live",
                json("{\"Records\":[]}"));
        assertThat(viaArn.isError()).as(viaArn.toString()).isFalse();
        assertThat(viaArn.payloadText()).contains("batchItemFailures");
        assertThatThrownBy(() -> lambda.invoke("lt-ingest:nope", json("{}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qualifiers");
        assertThatThrownBy(() -> lambda.invoke("nope", json("{}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonJavaFunctionsAreListedNotRunAndLambdaTypesAreEmulated() {
        assertThat(cloud.stack().catalog().emulation("AWS::Lambda::Function")).isEqualTo(Emulation.EMULATED);
        assertThat(cloud.stack().catalog().emulation("AWS::Lambda::EventSourceMapping")).isEqualTo(Emulation.EMULATED);
        assertThat(cloud.inventory().notes()).anySatisfy(note -> {
            assertThat(note.logicalId()).isEqualTo("NodeFn");
            assertThat(note.text()).contains("nodejs24.x");
        });
        InvocationResult node = lambda.invoke(cloud.stack().physicalName("NodeFn"), json("{}"));
        assertThat(node.errorType()).contains("Runtime.NotSupportedLocally");
        assertThat(List.of(cloud.inventory().report())).anySatisfy(report -> assertThat(report).contains("AWS::Lambda::Function"));
    }
}
