package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.slack.SlackMessage;
import dev.channels.local.slack.SlackSink;
import dev.channels.local.slack.SlackSinkMode;
import dev.channels.test.Synth;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The Slack outage drill, end to end on the local cloud from the real app synthesized for env dev:
 * Slack answers 500 for longer than the stream's retry window; notify parks every change in the notices
 * queue before the mapping gives up (so nothing reaches the notify DLQ and the stream moves on); Slack
 * recovers; the operator runs the packaged {@code redrive-notices} command against the local endpoints, as
 * docs/operations.md shows; it tells every change exactly once, in order, and a notice parked twice is not
 * told twice.
 *
 * <p>No shortened clock is needed: notify parks at its third failed delivery of a record (the mapping allows
 * six), and the local mapping retries within a second or two, so the outage part takes seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackOutageDrillIT {
    private static final String TABLE = "dev-job-order";
    private static final String NOTICES = "dev-job-order-notices";
    private static final String NOTIFY_DLQ = "dev-job-order-notify-dlq";
    private static final String LEDGER = "dev-channels-notify-ledger";
    private static final String SLACK_SECRET = "dev/channels/slack-webhook";

    @RegisterExtension
    static final LocalChannels local = LocalChannels.aroundAllTests();
    private SlackSink slack;
    private SqsClient sqs;
    private URI jobOrderApi;

    /** Shortcuts into the harness, whose cloud has started by now. */
    @BeforeAll
    void shortcuts() {
        slack = local.slack();
        sqs = local.sqs();
        jobOrderApi = local.api("job-order");
    }


    @Test
    void changesParkedDuringALongSlackOutageAreToldExactlyOnceByTheRedrive(@TempDir Path endpoints) throws Exception {
        // A warm notify first, so the outage below is about Slack, not cold starts.
        String warmUp = LocalChannels.newId("drill-warm-up");
        post(warmUp, "open", "2026-12-06T07:00:00Z");
        local.awaitMessage(warmUp, "created");

        String first = LocalChannels.newId("drill-a");
        String second = LocalChannels.newId("drill-b");
        String third = LocalChannels.newId("drill-c");
        slack.setMode(new SlackSinkMode(500, 0, 0, -1));
        try {
            post(first, "open", "2026-12-06T07:01:00Z");
            post(second, "open", "2026-12-06T07:01:00Z");
            post(third, "open", "2026-12-06T07:01:00Z");
            local.awaitItem(TABLE, first, item -> true);
            post(first, "filled", "2026-12-06T07:02:00Z");
            local.awaitItem(TABLE, first, item -> "filled".equals(item.get("status").s()));

            // Four changes, each parked after three failed deliveries (four webhook calls each).
            LocalChannels.await("4 parked notices in " + NOTICES,
                    () -> local.queueCounts(NOTICES).equals(List.of(4, 0)) ? Optional.of(true) : Optional.empty());
            for (String id : List.of(first, second, third)) {
                assertThat(mentioning(id)).as("webhook calls for %s", id).hasSizeGreaterThanOrEqualTo(12)
                        .allSatisfy(message -> assertThat(message.status()).isEqualTo(500));
            }
        } finally {
            slack.setMode(SlackSinkMode.NORMAL);
        }
        assertThat(local.queueCounts(NOTIFY_DLQ)).as("the notify DLQ only gets what notify could not park").isEqualTo(List.of(0, 0));

        // A notice parked twice (say notify's mark failed after the send): a copy of one of them.
        String noticesUrl = local.queueUrl(NOTICES);
        Message original = sqs.receiveMessage(request -> request.queueUrl(noticesUrl).maxNumberOfMessages(1)).messages().get(0);
        sqs.sendMessage(request -> request.queueUrl(noticesUrl).messageBody(original.body()));
        sqs.changeMessageVisibility(request -> request.queueUrl(noticesUrl).receiptHandle(original.receiptHandle())
                .visibilityTimeout(0));
        LocalChannels.await("5 notices", () -> local.queueCounts(NOTICES).equals(List.of(5, 0)) ? Optional.of(true) : Optional.empty());

        Path endpointsFile = local.cloud().endpoints().write(endpoints);
        Run redrive = redrive(endpointsFile);

        assertThat(redrive.exitCode()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("redrove 5 parked notices: 4 told, 1 already told, 0 left in the queue");
        assertThat(toldMessages(first)).containsExactly("`" + first + "` created", "`" + first + "` updated");
        assertThat(toldMessages(second)).containsExactly("`" + second + "` created");
        assertThat(toldMessages(third)).containsExactly("`" + third + "` created");
        assertThat(local.queueCounts(NOTICES)).isEqualTo(List.of(0, 0));
        assertThat(local.queueCounts(NOTIFY_DLQ)).isEqualTo(List.of(0, 0));

        // Running it again finds nothing and tells nothing.
        int delivered = slack.delivered().size();
        Run again = redrive(endpointsFile);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("redrove 0 parked notices: 0 told, 0 already told, 0 left in the queue");
        assertThat(slack.delivered()).hasSize(delivered);
    }

    private void post(String id, String status, String updatedAt) throws Exception {
        String body = "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"updatedAt\":\"" + updatedAt + "\"}";
        assertThat(local.post(jobOrderApi, body).statusCode()).as(body).isEqualTo(200);
    }

    private List<SlackMessage> mentioning(String id) {
        return slack.messages().stream().filter(message -> message.body().toString().contains(id)).toList();
    }

    /** "`id` created" / "`id` updated", for each delivered message about {@code id}, in the order Slack got them. */
    private List<String> toldMessages(String id) {
        return local.deliveredMentioning(id).stream().map(JsonNode::toString)
                .map(text -> text.contains("`" + id + "` updated") ? "`" + id + "` updated"
                        : text.contains("`" + id + "` created") ? "`" + id + "` created" : text)
                .toList();
    }

    /** {@code java -jar tools/target/channels-tools.jar redrive-notices ...}, as docs/operations.md has it. */
    private Run redrive(Path endpointsFile) throws Exception {
        Path jar = Synth.repoRoot().resolve("tools/target/channels-tools.jar");
        assertThat(jar).as("built by `mvn package`").isRegularFile();
        Process process = new ProcessBuilder(LocalChannels.javaOfThisJvm(), "-jar", jar.toString(), "redrive-notices",
                "--queue-url", local.queueUrl(NOTICES),
                "--ledger-table", LEDGER,
                "--secret-id", SLACK_SECRET,
                "--local-endpoints", endpointsFile.toString()).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String out = readAll(process.getInputStream());
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("redrive-notices did not finish in 2 minutes:\n" + out);
        }
        return new Run(process.exitValue(), out, err.get());
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

}
