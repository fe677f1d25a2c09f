package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.channels.constructs.ChannelProps;
import dev.channels.local.LocalCloud;
import dev.channels.local.Main;
import dev.channels.local.cloudwatch.Alarm;
import dev.channels.local.cloudwatch.AlarmState;
import dev.channels.local.cloudwatch.CloudWatchService;
import dev.channels.local.lambda.LambdaService;
import dev.channels.test.Synth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;

/**
 * The errors alarm drill on a test app: the dev env with one channel whose ingest function has a one-second
 * timeout (the construct's {@code ingestTimeout} override), and DynamoDB stalled (its dynalite process stopped
 * with SIGSTOP, so the table write waits for ingest's 5 s socket timeout): the invocation runs past its timeout,
 * Lambda counts an error and the template's {@code dev-job-order-ingest-errors} alarm goes off. (Notify cannot be
 * made to time out this way: it checks the time left before each Slack post.) Alarm periods pass 60 times
 * faster. Needs {@code kill} (Linux, macOS).
 */
class TimeoutAlarmDrillIT {
    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        Path directory = Files.createDirectories(Path.of("target", "e2e-timeout", "cdk.out").toAbsolutePath());
        App app = Synth.appFor("dev", directory);
        Synth.build(app, List.of(ChannelProps.builder().name("JobOrder").versionProperty("updatedAt")
                .ingestTimeout(Duration.seconds(1)).build()));
        app.synth();
        cloud = Main.withEveryLayer(LocalCloud.builder().assembly(directory).env("dev"), LambdaService.defaultMaxJvms(), 60)
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void aOneSecondIngestTimeoutRaisesTheIngestErrorsAlarm() throws Exception {
        assumeThat(Path.of("/bin/kill")).as("kill, to stall dynalite").isExecutable();
        CloudWatchService cloudWatch = cloud.service(CloudWatchService.class);
        await(cloudWatch, "dev-job-order-ingest-errors", AlarmState.OK);
        ProcessHandle dynalite = ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine().map(line -> line.contains("dynalite")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no dynalite process under this JVM"));
        String id = LocalChannels.newId("timeout");
        signal("-STOP", dynalite);
        try {
            URI api = cloud.endpoints().apis().get("job-order");
            String body = "{\"id\":\"" + id + "\",\"updatedAt\":\"2026-12-06T07:00:00Z\"}";
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

            Alarm alarm = await(cloudWatch, "dev-job-order-ingest-errors", AlarmState.ALARM);
            assertThat(alarm.reason()).startsWith("Threshold Crossed: 1 datapoint [").contains("was greater than the threshold (0.0)");
        } finally {
            signal("-CONT", dynalite);
        }
    }

    private static void signal(String signal, ProcessHandle process) throws Exception {
        assertThat(new ProcessBuilder("/bin/kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor()).isZero();
    }

    private static Alarm await(CloudWatchService cloudWatch, String name, AlarmState state) {
        return LocalChannels.await(name + " in " + state, () -> cloudWatch.alarm(name).filter(alarm -> alarm.state() == state));
    }
}
