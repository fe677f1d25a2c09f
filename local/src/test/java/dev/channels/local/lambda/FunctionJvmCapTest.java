package dev.channels.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.local.Fixtures;
import dev.channels.local.LocalCloud;
import dev.channels.support.poll.Poll;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The machine-wide cap on function JVMs (3 here) against real function JVMs of the fixture: it holds across
 * functions while a backlog drains, and the template's own limits (the inbox mapping's {@code MaximumConcurrency}
 * of 2) still hold under it.
 */
class FunctionJvmCapTest {
    private static final int CAP = 3;
    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private static Path output;
    private static LocalCloud cloud;
    private static LambdaService lambda;

    @BeforeAll
    static void start() throws Exception {
        Path directory = Files.createTempDirectory("jvm-cap-test-");
        output = Files.createDirectories(directory.resolve("output"));
        cloud = LambdaFixtures.start(LambdaFixtures.assembly(directory), output, console, CAP);
        lambda = cloud.service(LambdaService.class);
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** Most function JVMs seen at once, by the service's count and by this JVM's child processes, while {@code work} runs. */
    private static int[] peakWhile(ThrowingRunnable work) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger counted = new AtomicInteger();
        AtomicInteger processes = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                counted.accumulateAndGet(lambda.jvms(), Math::max);
                long children = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                        .filter(child -> child.info().arguments().map(args -> List.of(args).contains(LambdaRuntimeJars.MAIN_CLASS))
                                .orElse(false))
                        .count();
                processes.accumulateAndGet((int) children, Math::max);
                Thread.onSpinWait();
            }
        });
        sampler.start();
        try {
            work.run();
        } finally {
            done.set(true);
            sampler.join();
        }
        return new int[] {counted.get(), processes.get()};
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void neverMoreFunctionJvmsThanTheCapAcrossFunctionsAndTheBacklogStillDrains() throws Exception {
        List<String> functions = List.of("lt-echo", "lt-notify", "lt-ingest:live", "lt-echo");
        List<String> events = List.of("{\"sleepMillis\":150}", "{\"Records\":[]}", "{\"Records\":[]}", "{\"sleepMillis\":50}");
        List<InvocationResult> results = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            int[] peak = peakWhile(() -> {
                List<Future<InvocationResult>> calls = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    int kind = i % functions.size();
                    calls.add(callers.submit(() -> lambda.invoke(functions.get(kind), events.get(kind).getBytes(StandardCharsets.UTF_8))));
                }
                for (Future<InvocationResult> call : calls) {
                    results.add(call.get());
                }
            });
            assertThat(results).hasSize(32).allSatisfy(result -> assertThat(result.isError()).as(result.toString()).isFalse());
            assertThat(peak[0]).as("function JVMs counted by the service").isBetween(1, CAP);
            assertThat(peak[1]).as("function JVM processes").isBetween(1, CAP);
            String text = console.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("lambda: function JVMs at most 3 at once");
            assertThat(lambda.jvms()).isLessThanOrEqualTo(CAP);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void theInboxMappingsMaximumConcurrencyStillHoldsUnderTheCap() throws Exception {
        try (SqsClient sqs = Fixtures.sqs(cloud.endpoints().sqs())) {
            String queue = sqs.getQueueUrl(r -> r.queueName("lt-inbox")).queueUrl();
            AtomicInteger peakIngest = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            Thread sampler = new Thread(() -> {
                while (!done.get()) {
                    peakIngest.accumulateAndGet(lambda.liveInstances("lt-ingest"), Math::max);
                    Thread.onSpinWait();
                }
            });
            sampler.start();
            try {
                for (int i = 0; i < 60; i++) {
                    int n = i;
                    sqs.sendMessage(r -> r.queueUrl(queue).messageBody("slow-cap-" + n));
                }
                Poll.until("60 slow messages handled", Duration.ofSeconds(120),
                        () -> LambdaFixtures.lines(output, "lt-ingest").stream().filter(line -> line.startsWith("ok slow-cap-")).count() >= 60);
            } finally {
                done.set(true);
                sampler.join();
            }
            // 60 messages of 200 ms in batches of at most 10: a backlog for seconds, yet never more than the
            // mapping's MaximumConcurrency (2) of ingest instances, though the cap (3) would allow one more
            assertThat(peakIngest.get()).isBetween(1, 2);
        }
    }
}
