package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.constructs.ChannelProps;
import dev.channels.local.LocalCloud;
import dev.channels.local.Main;
import dev.channels.local.cloudwatch.Alarm;
import dev.channels.local.cloudwatch.AlarmState;
import dev.channels.local.cloudwatch.CloudWatchService;
import dev.channels.local.lambda.LambdaService;
import dev.channels.local.slack.SlackSink;
import dev.channels.local.slack.SlackSinkMode;
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
 * The errors alarm drill on a test app: the dev env with one channel whose notify function has a one-second
 * timeout (the construct's {@code notifyTimeout} override). Slack stalls for 4 s (inside notify's own 5 s response
 * timeout), so every notify invocation runs past its timeout; Lambda counts each as an error and the template's
 * {@code dev-job-order-notify-errors} alarm goes off. Alarm periods pass 60 times faster.
 */
class TimeoutAlarmDrillIT {
    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        Path directory = Files.createDirectories(Path.of("target", "e2e-timeout", "cdk.out").toAbsolutePath());
        App app = Synth.appFor("dev", directory);
        Synth.build(app, List.of(ChannelProps.builder().name("JobOrder").versionProperty("updatedAt")
                .notifyTimeout(Duration.seconds(1)).build()));
        app.synth();
        cloud = Main.withEveryLayer(LocalCloud.builder().assembly(directory).env("dev"), LambdaService.defaultMaxJvms(), 60)
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.service(SlackSink.class).setMode(SlackSinkMode.NORMAL);
            cloud.close();
        }
    }

    @Test
    void aOneSecondNotifyTimeoutRaisesTheNotifyErrorsAlarm() throws Exception {
        CloudWatchService cloudWatch = cloud.service(CloudWatchService.class);
        await(cloudWatch, "dev-job-order-notify-errors", AlarmState.OK);
        cloud.service(SlackSink.class).setMode(new SlackSinkMode(200, 0, 4000, -1));

        URI api = cloud.endpoints().apis().get("job-order");
        String body = "{\"id\":\"" + LocalChannels.newId("timeout") + "\",\"updatedAt\":\"2026-12-06T07:00:00Z\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        Alarm alarm = await(cloudWatch, "dev-job-order-notify-errors", AlarmState.ALARM);
        assertThat(alarm.reason()).startsWith("Threshold Crossed: 1 datapoint [").contains("was greater than the threshold (0.0)");
        assertThat(cloudWatch.alarm("dev-job-order-ingest-errors").orElseThrow().state()).as("ingest did not time out")
                .isEqualTo(AlarmState.OK);
    }

    private static Alarm await(CloudWatchService cloudWatch, String name, AlarmState state) {
        return LocalChannels.await(name + " in " + state, () -> cloudWatch.alarm(name).filter(alarm -> alarm.state() == state));
    }
}
