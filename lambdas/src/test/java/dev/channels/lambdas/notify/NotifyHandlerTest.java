package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.testing.SlackStub;
import dev.channels.lambdas.testing.TestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** The notify handler fed real DynamoDB stream event JSON, posting to a Slack stub on loopback. */
class NotifyHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NotifyConfig JOB_ORDER = new NotifyConfig("JobOrder", "id");
    private static final String INSERT_SEQ = "4421584500000000017450439091";
    private static final String MODIFY_SEQ = "4421584500000000017450439092";
    private static final String REMOVE_SEQ = "4421584500000000017450439093";

    private final SlackStub slack = new SlackStub();
    private final TestContext context = new TestContext();
    private final NotifyHandler handler = new NotifyHandler(JOB_ORDER, SlackWebhook.create(slack.webhookUrl()));

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    @ParameterizedTest
    @Event(value = "dynamodb/insert.json", type = DynamodbEvent.class)
    void insertPostsEveryNewValueExactly(DynamodbEvent event) {
        StreamsEventResponse response = handler.handleRequest(event, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        Posted posted = onlyPost();
        assertThat(posted.text()).isEqualTo("JobOrder JO-1 created");
        assertThat(posted.headline()).isEqualTo("*JobOrder* `JO-1` created");
        assertThat(posted.propertyLines()).containsExactly(
                "`active`: true",
                "`address`: {\"city\":\"Zürich\",\"geo\":{\"lat\":47.3769}}",
                "`amount`: 12345678901234567890.123456789",
                "`labels`: [\"a\",\"b\"]",
                "`note`: null",
                "`tags`: [\"a\",1,null]",
                "`tiny`: 0.0000001",
                "`title`: \"Größe \uD83D\uDE80 &lt;b&gt;&amp;\"");
    }

    @ParameterizedTest
    @Event(value = "dynamodb/modify.json", type = DynamodbEvent.class)
    void modifyPostsOldAndNewValuesOfWhatChangedOnly(DynamodbEvent event) {
        handler.handleRequest(event, context);

        Posted posted = onlyPost();
        assertThat(posted.text()).isEqualTo("JobOrder JO-1 updated");
        assertThat(posted.propertyLines()).containsExactly(
                "`amount`: 10 \u2192 10.5",
                "`note`: null \u2192 (absent)",
                "`owner`: (absent) \u2192 \"ana\"",
                "`status`: \"open\" \u2192 \"closed\"",
                "`tags`: [\"a\"] \u2192 [\"a\",\"b\"]");
    }

    @ParameterizedTest
    @Event(value = "dynamodb/remove.json", type = DynamodbEvent.class)
    void removePostsTheLastKnownValues(DynamodbEvent event) {
        handler.handleRequest(event, context);

        Posted posted = onlyPost();
        assertThat(posted.text()).isEqualTo("JobOrder JO-1 removed");
        assertThat(posted.propertyLines()).containsExactly("`amount`: 10.5", "`status`: \"closed\"");
    }

    @ParameterizedTest
    @Event(value = "dynamodb/metadata-only-modify.json", type = DynamodbEvent.class)
    void aModifyOfMetadataOnlyPostsNothing(DynamodbEvent event) {
        StreamsEventResponse response = handler.handleRequest(event, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(slack.received()).isEmpty();
    }

    @Test
    void postsOneJsonMessagePerRecordInStreamOrder() {
        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(slack.received()).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo(slack.webhookUrl().getPath());
            assertThat(request.contentType()).isEqualTo("application/json; charset=utf-8");
        });
        assertThat(posts()).extracting(Posted::text)
                .containsExactly("JobOrder JO-1 created", "JobOrder JO-1 updated", "JobOrder JO-1 removed");
    }

    @Test
    void aFailedPostReportsItsRecordAndEveryLaterOneWithoutPostingThem() {
        slack.answer(200, 500);

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).containsExactly(MODIFY_SEQ, REMOVE_SEQ);
        assertThat(posts()).extracting(Posted::text).containsExactly("JobOrder JO-1 created", "JobOrder JO-1 updated");
        assertThat(context.logLines()).contains("WARN Slack post failed for JobOrder record " + MODIFY_SEQ
                + " (MODIFY of id JO-1): Slack answered HTTP 500; reporting it and the rest of the batch for retry");
    }

    @Test
    void aFailedFirstPostReportsTheWholeBatch() {
        slack.answer(503);

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
        assertThat(slack.received()).hasSize(1);
    }

    @Test
    void anUnexpectedErrorWithOneRecordFailsItLikeAFailedPost() {
        DynamodbEvent event = batch();
        Map<String, AttributeValue> broken = new HashMap<>();
        broken.put("x", null);
        event.getRecords().get(1).getDynamodb().getNewImage().put("broken", new AttributeValue().withM(broken));

        StreamsEventResponse response = handler.handleRequest(event, context);

        assertThat(failedSequenceNumbers(response)).containsExactly(MODIFY_SEQ, REMOVE_SEQ);
        assertThat(posts()).extracting(Posted::text).containsExactly("JobOrder JO-1 created");
        assertThat(context.logLines()).anySatisfy(line -> assertThat(line)
                .startsWith("ERROR Unexpected error for JobOrder record " + MODIFY_SEQ + ": java.lang.NullPointerException"));
    }

    @Test
    void anUnreachableWebhookReportsTheWholeBatch() throws IOException {
        NotifyHandler unreachable = new NotifyHandler(JOB_ORDER, SlackWebhook.create(closedPortUrl()));

        StreamsEventResponse response = unreachable.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
        assertThat(context.logLines()).anySatisfy(line -> assertThat(line).contains("I/O error talking to Slack (ConnectException)"));
    }

    @Test
    void aWebhookThatDoesNotAnswerTimesOutAndReportsTheWholeBatch() {
        slack.stall();
        NotifyHandler impatient = new NotifyHandler(JOB_ORDER,
                new SlackWebhook(slack.webhookUrl(), SlackWebhook.CONNECT_TIMEOUT, Duration.ofMillis(300)));

        StreamsEventResponse response = impatient.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).containsExactly(INSERT_SEQ, MODIFY_SEQ, REMOVE_SEQ);
        assertThat(context.logLines()).anySatisfy(line -> assertThat(line)
                .contains("no answer from Slack within the timeout (HttpTimeoutException)"));
    }

    @Test
    void theWebhookUrlNeverReachesTheLogs() throws IOException {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            slack.answer(500);
            handler.handleRequest(batch(), context);
            slack.answer(404);
            handler.handleRequest(batch(), context);
            new NotifyHandler(JOB_ORDER, SlackWebhook.create(closedPortUrl())).handleRequest(batch(), context);
            slack.stall();
            new NotifyHandler(JOB_ORDER, new SlackWebhook(slack.webhookUrl(), SlackWebhook.CONNECT_TIMEOUT, Duration.ofMillis(300)))
                    .handleRequest(batch(), context);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        String everything = String.join("\n", context.logLines()) + "\n" + console.toString(StandardCharsets.UTF_8);
        assertThat(context.logLines()).filteredOn(line -> line.startsWith("WARN Slack post failed")).hasSize(4);
        assertThat(everything).doesNotContain(slack.token(), "/services/", "hooks.slack.com");
    }

    @Test
    void missingEnvironmentVariablesFailInitNamingThem() {
        Map<String, String> complete = Map.of(
                "CHANNEL_NAME", "JobOrder",
                "SLACK_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev/slack-AbCdEf",
                "AWS_REGION", "eu-west-1");
        for (String name : complete.keySet()) {
            Map<String, String> env = new HashMap<>(complete);
            env.remove(name);
            assertThatThrownBy(() -> new NotifyHandler(new EnvVars(env)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Missing environment variable " + name + ":");
        }
    }

    private static DynamodbEvent batch() {
        return EventLoader.loadDynamoDbEvent("dynamodb/batch.json");
    }

    /** A loopback URL nothing listens on: the port was free a moment ago and is closed again. */
    private static URI closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/services/T0TEST/B0TEST/closed");
        }
    }

    private static List<String> failedSequenceNumbers(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private Posted onlyPost() {
        assertThat(slack.received()).hasSize(1);
        return posts().get(0);
    }

    private List<Posted> posts() {
        List<Posted> posts = new ArrayList<>();
        for (SlackStub.Request request : slack.received()) {
            posts.add(Posted.parse(request.body()));
        }
        return posts;
    }

    /** A posted message read back as JSON: the fallback text and the two sections' mrkdwn. */
    private record Posted(String text, String headline, List<String> propertyLines) {
        static Posted parse(String body) {
            JsonNode message;
            try {
                message = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("Slack got a body that is not JSON: " + body, e);
            }
            JsonNode blocks = message.get("blocks");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                JsonNode block = blocks.get(i);
                assertThat(block.get("type").asText()).isEqualTo("section");
                assertThat(block.get("text").get("type").asText()).isEqualTo("mrkdwn");
            }
            if (blocks.size() > 1) {
                lines.addAll(List.of(blocks.get(1).get("text").get("text").asText().split("\n")));
            }
            return new Posted(message.get("text").asText(), blocks.get(0).get("text").get("text").asText(), lines);
        }
    }
}
