package dev.channels.local.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.Fixtures;
import dev.channels.local.LocalCloud;
import dev.channels.local.MonitoringLayer;
import dev.channels.local.json.Json;
import dev.channels.local.sns.SnsService;
import dev.channels.support.poll.Poll;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The monitoring layer on a small hand-written stack (no functions), at time scale 60 (a 60 s period passes in
 * 1 s), through the wire protocols the AWS CLI speaks: CloudWatch's JSON 1.0 and SNS's awsQuery.
 */
class MonitoringLayerTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static LocalCloud cloud;
    private static final AwsBasicCredentials OPERATOR = AwsBasicCredentials.create("local", "local");
    private static SqsClient sqs;
    private static URI cloudWatch;
    private static URI sns;

    @BeforeAll
    static void start() throws Exception {
        Path directory = Files.createTempDirectory("monitoring-test-");
        LocalCloud.Builder builder = LocalCloud.builder().assembly(Fixtures.assemblyCopy("monitoring", directory))
                .dynaliteCli(Fixtures.dynaliteCli()).console(new PrintStream(console, true, StandardCharsets.UTF_8));
        cloud = MonitoringLayer.install(builder, 60).build().start();
        sqs = Fixtures.sqs(cloud.endpoints().sqs());
        cloudWatch = cloud.endpoints().service("cloudwatch").orElseThrow();
        sns = cloud.endpoints().service("sns").orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void cloudWatchAndSnsRefuseUnsignedAndWronglySignedCallsAsAwsDoes() throws Exception {
        HttpResponse<String> unsigned = send(HttpRequest.newBuilder(cloudWatch)
                .header("X-Amz-Target", "GraniteServiceVersion20100801.DescribeAlarms")
                .header("Content-Type", "application/x-amz-json-1.0").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(unsigned.body()).contains("MissingAuthenticationTokenException");

        HttpResponse<String> wrongSecret = send(signed(cloudWatch, "monitoring", AwsBasicCredentials.create("local", "not-the-secret"),
                Map.of("X-Amz-Target", "GraniteServiceVersion20100801.DescribeAlarms", "Content-Type", "application/x-amz-json-1.0"), "{}"));
        assertThat(wrongSecret.statusCode()).isEqualTo(400);
        assertThat(wrongSecret.body()).contains("InvalidSignatureException");

        HttpResponse<String> unknownKey = send(signed(sns, "sns", AwsBasicCredentials.create("AKIAUNKNOWN", "x"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "Action=ListTopics&Version=2010-03-31"));
        assertThat(unknownKey.statusCode()).isEqualTo(403);
        assertThat(unknownKey.body()).contains("<Code>InvalidClientTokenId</Code>");

        HttpResponse<String> unsignedPublish = send(HttpRequest.newBuilder(sns).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=Publish&TopicArn=x&Message=m")).build());
        assertThat(unsignedPublish.statusCode()).isEqualTo(403);
        assertThat(unsignedPublish.body()).contains("<Code>MissingAuthenticationToken</Code>");
        assertThat(emails()).noneMatch(email -> email.toString().contains("\"m\""));
    }

    @Test
    void whatIsNotEvaluatedIsListedAtStart() {
        String report = cloud.inventory().report();
        assertThat(report).contains("Metrics (metric math and multi-metric alarms are not evaluated locally): ErrorRate")
                .contains("actions other than SNS topics are not run locally: arn:aws:automate:eu-west-1:ec2:stop: Failures")
                .contains("Protocol https (only email subscriptions are delivered locally, to the mailbox): Hook");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("cloudwatch: 2 alarms evaluated every 1 s (time scale x60)");
        JsonNode errorRate = describe("mon-error-rate");
        assertThat(errorRate.path("StateValue").asText()).isEqualTo("INSUFFICIENT_DATA");
        assertThat(errorRate.path("StateReason").asText()).startsWith("Not evaluated locally: Metrics");
    }

    @Test
    void aMessageInTheDlqRaisesTheAlarmEmailsTheTopicAndPurgingClearsIt() throws Exception {
        String dlq = sqs.getQueueUrl(request -> request.queueName("mon-dlq")).queueUrl();
        sqs.sendMessage(request -> request.queueUrl(dlq).messageBody("poison"));

        JsonNode alarmed = Poll.until("mon-dlq-depth in ALARM", LIMIT, () -> Optional.of(describe("mon-dlq-depth"))
                .filter(alarm -> alarm.path("StateValue").asText().equals("ALARM")));
        assertThat(alarmed.path("StateReason").asText()).matches(
                "Threshold Crossed: 1 datapoint \\[1\\.0 \\(\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\)\\] was greater than the threshold \\(0\\.0\\)\\.");
        JsonNode email = Poll.until("the ALARM email", LIMIT, () -> emails().stream()
                .filter(mail -> mail.path("subject").asText().startsWith("ALARM")).findFirst());
        assertThat(email.path("to").asText()).isEqualTo("ops@example.com");
        assertThat(email.path("subject").asText()).isEqualTo("ALARM: \"mon-dlq-depth\" in EU (Ireland)");
        JsonNode message = Json.MAPPER.readTree(email.path("body").asText());
        assertThat(message.path("AlarmName").asText()).isEqualTo("mon-dlq-depth");
        assertThat(message.path("NewStateValue").asText()).isEqualTo("ALARM");
        assertThat(message.path("OldStateValue").asText()).isIn("OK", "INSUFFICIENT_DATA");
        assertThat(message.path("Region").asText()).isEqualTo("EU (Ireland)");
        assertThat(message.path("AlarmArn").asText()).isEqualTo("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mon-dlq-depth");
        assertThat(message.path("NewStateReason").asText()).isEqualTo(alarmed.path("StateReason").asText());
        assertThat(message.path("Trigger").path("Statistic").asText()).isEqualTo("MAXIMUM");
        assertThat(message.path("Trigger").path("Dimensions").get(0).path("value").asText()).isEqualTo("mon-dlq");
        assertThat(message.path("StateChangeTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");

        JsonNode statistics = call("GetMetricStatistics", "{\"Namespace\":\"AWS/SQS\",\"MetricName\":\"ApproximateNumberOfMessagesVisible\","
                + "\"Dimensions\":[{\"Name\":\"QueueName\",\"Value\":\"mon-dlq\"}],\"StartTime\":" + (Instant.now().getEpochSecond() - 600)
                + ",\"EndTime\":" + (Instant.now().getEpochSecond() + 60) + ",\"Period\":60,\"Statistics\":[\"Maximum\",\"SampleCount\"]}");
        assertThat(statistics.path("Datapoints")).isNotEmpty();
        assertThat(statistics.path("Datapoints").findValues("Maximum")).anySatisfy(value -> assertThat(value.asDouble()).isEqualTo(1.0));

        sqs.purgeQueue(request -> request.queueUrl(dlq));
        Poll.until("mon-dlq-depth back to OK", LIMIT, () -> Optional.of(describe("mon-dlq-depth"))
                .filter(alarm -> alarm.path("StateValue").asText().equals("OK")));
        // (an OK email may have come earlier too, from the first evaluation: INSUFFICIENT_DATA -> OK, as on AWS)
        JsonNode ok = Poll.until("the OK email after the alarm", LIMIT, () -> emails().stream()
                .filter(mail -> mail.path("subject").asText().equals("OK: \"mon-dlq-depth\" in EU (Ireland)"))
                .filter(mail -> mail.path("body").asText().contains("\"OldStateValue\":\"ALARM\"")).findFirst());
        assertThat(Json.MAPPER.readTree(ok.path("body").asText()).path("NewStateReason").asText())
                .contains("was not greater than the threshold (0.0)");
    }

    @Test
    void aPercentileAlarmGoesOffOnOneOfTwoPeriodsAndItsNonSnsActionIsSkipped() {
        call("PutMetricData", "{\"Namespace\":\"Channels\",\"MetricData\":[{\"MetricName\":\"failed\","
                + "\"Dimensions\":[{\"Name\":\"Env\",\"Value\":\"mon\"}],\"Values\":[1,9],\"Counts\":[1,9],\"Unit\":\"Count\"}]}");
        JsonNode alarm = Poll.until("mon-failures in ALARM", LIMIT, () -> Optional.of(describe("mon-failures"))
                .filter(found -> found.path("StateValue").asText().equals("ALARM")));
        assertThat(alarm.path("ExtendedStatistic").asText()).isEqualTo("p90");
        assertThat(alarm.path("StateReason").asText()).contains("was greater than or equal to the threshold (5.0)")
                .contains("(minimum 1 datapoint for OK -> ALARM transition)");
        // With "missing", periods without data leave it to INSUFFICIENT_DATA once no period of the range has data.
        JsonNode quiet = Poll.until("mon-failures in INSUFFICIENT_DATA", LIMIT, () -> Optional.of(describe("mon-failures"))
                .filter(found -> found.path("StateValue").asText().equals("INSUFFICIENT_DATA")));
        assertThat(quiet.path("StateReason").asText()).isEqualTo("Insufficient Data: 2 datapoints were unknown.");
    }

    @Test
    void snsListsAndPublishesOverTheQueryProtocol() throws Exception {
        String topics = query("Action=ListTopics&Version=2010-03-31").body();
        assertThat(topics).contains("<TopicArn>arn:aws:sns:eu-west-1:123456789012:mon-alarms</TopicArn>");
        String subscriptions = query("Action=ListSubscriptions&Version=2010-03-31").body();
        assertThat(subscriptions).contains("<Protocol>email</Protocol>").contains("<Endpoint>ops@example.com</Endpoint>")
                .contains("<Protocol>https</Protocol>");
        HttpResponse<String> published = query(form(Map.of("Action", "Publish", "TopicArn",
                "arn:aws:sns:eu-west-1:123456789012:mon-alarms", "Subject", "drill <b>&", "Message", "hello \u202e\u0007 ops")));
        assertThat(published.statusCode()).isEqualTo(200);
        String messageId = published.body().replaceAll("(?s).*<MessageId>(.*)</MessageId>.*", "$1");
        JsonNode email = Poll.until("the published email", LIMIT, () -> emails().stream()
                .filter(mail -> mail.path("messageId").asText().equals(messageId)).findFirst());
        assertThat(email.path("body").asText()).isEqualTo("hello \u202e\u0007 ops");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("sns: email to ops@example.com: drill <b>&")
                .doesNotContain("\u202e");

        HttpResponse<String> newline = query(form(Map.of("Action", "Publish", "TopicArn",
                "arn:aws:sns:eu-west-1:123456789012:mon-alarms", "Subject", "two\nlines", "Message", "m")));
        assertThat(newline.statusCode()).isEqualTo(400);
        assertThat(newline.body()).contains("<Code>InvalidParameter</Code>");
        HttpResponse<String> missing = query("Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A123456789012%3Anope&Message=m");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("<Code>NotFound</Code>");
    }

    @Test
    void theDashboardAsSynthesizedAndErrorsForWhatIsNotServed() throws Exception {
        assertThat(call("GetDashboard", "{\"DashboardName\":\"mon-dashboard\"}").path("DashboardBody").asText()).isEqualTo("{\"widgets\":[]}");
        HttpResponse<String> unknown = post(cloudWatch, "GraniteServiceVersion20100801.DeleteAlarms", "{}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(unknown.body()).path("__type").asText()).isEqualTo("InvalidAction");
        HttpResponse<String> notJson = post(cloudWatch, "GraniteServiceVersion20100801.DescribeAlarms", "[1,");
        assertThat(notJson.statusCode()).isEqualTo(400);
        HttpResponse<String> noAlarm = post(cloudWatch, "GraniteServiceVersion20100801.SetAlarmState",
                "{\"AlarmName\":\"nope\",\"StateValue\":\"ALARM\",\"StateReason\":\"drill\"}");
        assertThat(noAlarm.statusCode()).isEqualTo(404);
    }

    /** The AWS CLI on this machine, when there is one, reads alarms and lists the topic. */
    @Test
    void theAwsCliReadsAlarmsAndTopics() throws Exception {
        assumeThat(onPath("aws")).as("the aws CLI on PATH").isTrue();
        String alarms = aws("cloudwatch", "describe-alarms", "--alarm-names", "mon-dlq-depth", "--query", "MetricAlarms[0].AlarmName",
                "--output", "text");
        assertThat(alarms.strip()).isEqualTo("mon-dlq-depth");
        assertThat(aws("sns", "list-topics", "--query", "Topics[0].TopicArn", "--output", "text").strip())
                .isEqualTo("arn:aws:sns:eu-west-1:123456789012:mon-alarms");
    }

    private static String aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(cloud.endpoints().sdkEnvironment());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static List<JsonNode> emails() {
        return cloud.service(SnsService.class).mailbox().emails();
    }

    private static JsonNode describe(String alarm) {
        return call("DescribeAlarms", "{\"AlarmNames\":[\"" + alarm + "\"]}").path("MetricAlarms").get(0);
    }

    private static JsonNode call(String action, String json) {
        try {
            HttpResponse<String> response = post(cloudWatch, "GraniteServiceVersion20100801." + action, json);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return Json.MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> post(URI endpoint, String target, String json) throws Exception {
        return send(signed(endpoint, "monitoring", OPERATOR, Map.of("X-Amz-Target", target, "Content-Type", "application/x-amz-json-1.0"), json));
    }

    private static HttpResponse<String> query(String form) throws Exception {
        return send(signed(sns, "sns", OPERATOR, Map.of("Content-Type", "application/x-www-form-urlencoded"), form));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A request signed by the SDK's SigV4 signer, as the AWS CLI signs it (Host is the HTTP client's own). */
    private static HttpRequest signed(URI endpoint, String signingName, AwsBasicCredentials credentials, Map<String, String> headers,
            String body) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint);
        headers.forEach(request::putHeader);
        SdkHttpRequest built = request.build();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest out = AwsV4HttpSigner.create().sign(r -> r.request(built).identity(credentials)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, cloud.endpoints().region())).request();
        HttpRequest.Builder sent = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        out.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> sent.header(name, value));
            }
        });
        return sent.build();
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
