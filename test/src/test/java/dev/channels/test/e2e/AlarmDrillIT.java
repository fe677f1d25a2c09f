package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.local.cloudwatch.Alarm;
import dev.channels.local.cloudwatch.AlarmState;
import dev.channels.local.cloudwatch.CloudWatchService;
import dev.channels.local.slack.SlackSinkMode;
import dev.channels.local.sns.SnsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The operators' drills on the real app synthesized for env dev, with alarm periods 60 times faster (a 300 s
 * period in 5 s): the template's alarms, evaluated by the local CloudWatch, notify the env's alarm topic, whose
 * email subscription delivers to the local mailbox.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlarmDrillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INBOX = "dev-job-order-inbox";
    private static final String INBOX_DLQ = "dev-job-order-inbox-dlq";
    private static final String NOTICES = "dev-job-order-notices";

    @RegisterExtension
    static final LocalChannels local = LocalChannels.aroundAllTests(60);

    @Test
    @Order(1)
    void everyAlarmOfTheTemplateIsEvaluatedAndSettlesOk() {
        List<Alarm> alarms = cloudWatch().alarms();
        assertThat(alarms).hasSize(27);
        assertThat(alarms).allSatisfy(alarm -> assertThat(alarm.definition().notEvaluated()).isEmpty());
        // Throttles are not measured locally (listed at start), so with notBreaching they settle OK too.
        LocalChannels.await("every alarm OK", () -> cloudWatch().alarms().stream()
                .allMatch(alarm -> alarm.state() == AlarmState.OK) ? Optional.of(true) : Optional.empty());
    }

    @Test
    @Order(2)
    void aPoisonMessageRaisesTheInboxDlqAlarmAndEmailsItsRedriveClearsIt() throws Exception {
        String id = LocalChannels.newId("alarm-poison");
        String inbox = local.queueUrl(INBOX);
        local.sqs().sendMessage(request -> request.queueUrl(inbox).messageBody("{\"id\":\"" + id + "\", not json"));

        awaitState("dev-job-order-inbox-dlq-depth", AlarmState.ALARM);
        JsonNode email = awaitEmail("ALARM: \"dev-job-order-inbox-dlq-depth\" in EU (Ireland)", "ALARM");
        assertThat(email.path("to").asText()).isEqualTo("channels-dev-alarms@example.com");
        JsonNode message = JSON.readTree(email.path("body").asText());
        assertThat(message.path("NewStateReason").asText()).startsWith("Threshold Crossed: 1 datapoint [1.0 (")
                .endsWith(")] was greater than the threshold (0.0).");
        assertThat(message.path("AlarmArn").asText()).endsWith(":alarm:dev-job-order-inbox-dlq-depth");
        assertThat(message.path("Trigger").path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");

        // The operator's redrive: read the parked message, send the corrected body back, delete it from the DLQ.
        String dlq = local.queueUrl(INBOX_DLQ);
        Message parked = LocalChannels.await("the poison message", () -> local.sqs()
                .receiveMessage(request -> request.queueUrl(dlq).maxNumberOfMessages(1).waitTimeSeconds(5)).messages().stream().findFirst());
        assertThat(parked.body()).contains(id);
        local.sqs().sendMessage(request -> request.queueUrl(inbox)
                .messageBody("{\"id\":\"" + id + "\",\"status\":\"open\",\"updatedAt\":\"2026-12-06T07:00:00Z\"}"));
        local.sqs().deleteMessage(request -> request.queueUrl(dlq).receiptHandle(parked.receiptHandle()));
        local.awaitItem("dev-job-order", id, item -> true);

        Alarm ok = awaitState("dev-job-order-inbox-dlq-depth", AlarmState.OK);
        assertThat(ok.reason()).contains("was not greater than the threshold (0.0)");
        // The template gives its alarms no OKActions: the all-clear is not emailed, on AWS or here.
        assertThat(local.cloud().service(SnsService.class).mailbox().emails())
                .noneMatch(mail -> mail.path("subject").asText().startsWith("OK:"));
    }

    @Test
    @Order(3)
    void slackAnswering404RaisesTheRejectedAndParkedNoticesAlarms() throws Exception {
        String id = LocalChannels.newId("alarm-slack-404");
        local.slack().setMode(new SlackSinkMode(404, 0, 0, -1));
        try {
            String body = "{\"id\":\"" + id + "\",\"status\":\"open\",\"updatedAt\":\"2026-12-06T07:00:00Z\"}";
            assertThat(local.post(local.api("job-order"), body).statusCode()).isEqualTo(200);
            Alarm rejected = awaitState("dev-job-order-slack-rejected", AlarmState.ALARM);
            assertThat(rejected.reason()).startsWith("Threshold Crossed: 1 datapoint [");
            awaitState("dev-job-order-notices-depth", AlarmState.ALARM);
            awaitEmail("ALARM: \"dev-job-order-slack-rejected\" in EU (Ireland)", "ALARM");
        } finally {
            local.slack().setMode(SlackSinkMode.NORMAL);
        }
        String notices = local.queueUrl(NOTICES);
        local.sqs().purgeQueue(request -> request.queueUrl(notices));
        awaitState("dev-job-order-notices-depth", AlarmState.OK);
        awaitState("dev-job-order-slack-rejected", AlarmState.OK); // no rejection in the last period
    }

    private static CloudWatchService cloudWatch() {
        return local.cloud().service(CloudWatchService.class);
    }

    private static Alarm awaitState(String name, AlarmState state) {
        return LocalChannels.await(name + " in " + state, () -> cloudWatch().alarm(name).filter(alarm -> alarm.state() == state));
    }

    /** The newest email with this subject whose alarm message says {@code newState}. */
    private static JsonNode awaitEmail(String subject, String newState) {
        return LocalChannels.await("an email \"" + subject + "\"", () -> {
            List<JsonNode> emails = local.cloud().service(SnsService.class).mailbox().emails();
            for (int i = emails.size() - 1; i >= 0; i--) {
                JsonNode email = emails.get(i);
                if (email.path("subject").asText().equals(subject) && newState.equals(newStateOf(email))) {
                    return Optional.of(email);
                }
            }
            return Optional.empty();
        });
    }

    private static String newStateOf(JsonNode email) {
        try {
            return JSON.readTree(email.path("body").asText()).path("NewStateValue").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
