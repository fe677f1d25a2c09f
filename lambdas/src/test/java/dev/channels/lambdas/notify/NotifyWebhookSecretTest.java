package dev.channels.lambdas.notify;

import static dev.channels.lambdas.notify.NotifyHarness.failedSequenceNumbers;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.contract.Metrics;
import dev.channels.lambdas.testing.DynaliteServer;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.lambdas.testing.SecretsManagerStub;
import dev.channels.lambdas.testing.SlackStub;
import dev.channels.lambdas.testing.StreamEvents;
import dev.channels.support.lambda.FakeLambdaContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook secret as a deployment meets it: the stack creates it with a random placeholder, SnapStart
 * runs init when {@code cdk deploy} publishes a version, the operator sets the URL later and may change
 * it. The handler reads the secret through the real SDK client from a Secrets Manager stub.
 */
class NotifyWebhookSecretTest {
    @RegisterExtension
    static final DynaliteServer DYNAMO = new DynaliteServer();

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev/slack-AbCdEf";
    /** Like the stack's generated placeholder: random characters, no URL. */
    private static final String PLACEHOLDER = "PLACEHOLDERq7#Vx!29zR";
    private static final String NOT_A_URL = "Slack webhook secret " + ARN
            + " does not hold a Slack webhook URL: set it with aws secretsmanager put-secret-value";
    private static final List<String> BATCH_SEQUENCE_NUMBERS = List.of(
            "4421584500000000017450439091", "4421584500000000017450439092", "4421584500000000017450439093");

    private final NotifyHarness harness = new NotifyHarness(DYNAMO);
    private final SecretsManagerStub secrets = new SecretsManagerStub(PLACEHOLDER);

    @AfterEach
    void stop() {
        harness.close();
        secrets.close();
    }

    /** The stubs stand in for Slack as the local cloud's sink does: each allowed by its exact URL. */
    private NotifyHandler handlerReadingTheSecret(SlackStub... alsoAllowed) {
        Set<URI> sinks = new HashSet<>();
        sinks.add(harness.slack.webhookUrl());
        for (SlackStub stub : alsoAllowed) {
            sinks.add(stub.webhookUrl());
        }
        return harness.handler(WebhookSource.fromSecret(ARN, new WebhookSecret.Allowed(sinks), secrets::client));
    }

    private static String webhookSecret(SlackStub slack) {
        return "{\"webhookUrl\":\"" + slack.webhookUrl() + "\"}";
    }

    @Test
    void aPlaceholderSecretDoesNotFailInitAndFailsEachBatchWholeWithOneClearErrorLine() {
        NotifyHandler handler = handlerReadingTheSecret();
        assertThat(secrets.requestedSecretIds()).as("read at init").containsExactly(ARN);
        FakeLambdaContext context = new FakeLambdaContext();

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).containsExactlyElementsOf(BATCH_SEQUENCE_NUMBERS);
        assertThat(harness.slack.received()).isEmpty();
        assertThat(harness.ledger()).as("no record claimed").isEmpty();
        assertThat(secrets.requestedSecretIds()).as("read again, once, by the invocation").hasSize(2);
        List<JsonNode> errors = LogLines.parse(context.logLines()).stream()
                .filter(line -> "ERROR".equals(line.path("level").asText())).toList();
        assertThat(errors).singleElement().satisfies(line -> {
            assertThat(line.get("outcome").asText()).isEqualTo("webhook_not_configured");
            assertThat(line.get("reason").asText()).startsWith(NOT_A_URL);
        });
        Map<String, Long> metrics = LogLines.lastMetrics(context.logLines());
        assertThat(metrics).containsEntry(Metrics.RECEIVED, 3L).containsEntry(Metrics.FAILED, 3L)
                .containsEntry(Metrics.SLACK_POSTED, 0L);
    }

    @Test
    void onceTheOperatorSetsTheSecretTheNextInvocationPostsAndKeepsTheUrl() {
        NotifyHandler handler = handlerReadingTheSecret();
        assertThat(failedSequenceNumbers(handler.handleRequest(batch(), new FakeLambdaContext()))).hasSize(3);

        secrets.putSecretValue(webhookSecret(harness.slack));
        FakeLambdaContext context = new FakeLambdaContext("after-put", 30_000);
        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(harness.slack.received()).hasSize(1);
        assertThat(LogLines.lastMetrics(context.logLines())).containsEntry(Metrics.SLACK_POSTED, 3L)
                .containsEntry(Metrics.FAILED, 0L);
        assertThat(secrets.requestedSecretIds()).as("init, failed invocation, this one").hasSize(3);

        // A valid URL stays cached: the next invocations do not read the secret.
        handler.handleRequest(batch(), new FakeLambdaContext("later", 30_000));
        handler.handleRequest(batch(), new FakeLambdaContext("later-still", 30_000));
        assertThat(secrets.requestedSecretIds()).hasSize(3);
    }

    /** The client of init's read is kept: the read after a restore is one call, not a client build. */
    @Test
    void everyReadOfTheSecretGoesThroughTheClientBuiltAtInit() {
        AtomicInteger built = new AtomicInteger();
        NotifyHandler handler = harness.handler(WebhookSource.fromSecret(ARN,
                new WebhookSecret.Allowed(Set.of(harness.slack.webhookUrl())), () -> {
                    built.incrementAndGet();
                    return secrets.client();
                }));
        handler.handleRequest(batch(), new FakeLambdaContext());
        secrets.putSecretValue(webhookSecret(harness.slack));
        handler.priming().afterRestore(null);

        StreamsEventResponse response = handler.handleRequest(batch(), new FakeLambdaContext("restored", 30_000));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(secrets.requestedSecretIds()).as("init, the placeholder's invocation, after the restore").hasSize(3);
        assertThat(built.get()).isEqualTo(1);
    }

    @Test
    void afterARestoreTheFirstInvocationReadsTheSecretAgain() {
        try (SlackStub rotated = new SlackStub()) {
            secrets.putSecretValue(webhookSecret(harness.slack));
            NotifyHandler handler = handlerReadingTheSecret(rotated);
            assertThat(handler.handleRequest(StreamEvents.inserts("BEFORE", 2), new FakeLambdaContext("before", 30_000))
                    .getBatchItemFailures()).isEmpty();
            assertThat(secrets.requestedSecretIds()).as("init only").hasSize(1);

            // The snapshot was taken; the operator points the secret at another webhook; Lambda restores.
            secrets.putSecretValue(webhookSecret(rotated));
            handler.priming().afterRestore(null);
            assertThat(secrets.requestedSecretIds()).as("not read in the hook itself").hasSize(1);

            StreamsEventResponse response = handler.handleRequest(StreamEvents.inserts("RESTORED", 2),
                    new FakeLambdaContext("restored", 30_000));

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(secrets.requestedSecretIds()).hasSize(2);
            assertThat(harness.slack.received()).as("the old URL").hasSize(1);
            assertThat(rotated.received()).as("the new URL").hasSize(1);
            handler.handleRequest(StreamEvents.inserts("NEXT", 2), new FakeLambdaContext("next", 30_000));
            assertThat(secrets.requestedSecretIds()).as("read once per restore").hasSize(2);
            assertThat(rotated.received()).hasSize(2);
        }
    }

    @Test
    void aRestoreWhileTheSecretHoldsNoUrlFailsBatchesNotTheEnvironment() {
        secrets.putSecretValue(webhookSecret(harness.slack));
        NotifyHandler handler = handlerReadingTheSecret();
        secrets.putSecretValue(PLACEHOLDER);

        handler.priming().afterRestore(null);
        FakeLambdaContext context = new FakeLambdaContext("restored", 30_000);
        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).containsExactlyElementsOf(BATCH_SEQUENCE_NUMBERS);
        assertThat(harness.slack.received()).isEmpty();
        assertThat(LogLines.withOutcome(context.logLines(), "webhook_not_configured")).singleElement()
                .satisfies(line -> assertThat(line.get("reason").asText()).startsWith(NOT_A_URL));
    }

    @Test
    void anUnreadableSecretFailsBatchesNotInit() {
        secrets.close();
        NotifyHandler handler = handlerReadingTheSecret();
        FakeLambdaContext context = new FakeLambdaContext();

        StreamsEventResponse response = handler.handleRequest(batch(), context);

        assertThat(failedSequenceNumbers(response)).containsExactlyElementsOf(BATCH_SEQUENCE_NUMBERS);
        assertThat(harness.slack.received()).isEmpty();
        assertThat(LogLines.withOutcome(context.logLines(), "webhook_not_configured")).singleElement()
                .satisfies(line -> {
                    assertThat(line.get("level").asText()).isEqualTo("ERROR");
                    assertThat(line.get("reason").asText()).startsWith("Slack webhook secret " + ARN + " could not be read: ");
                });
        assertThat(LogLines.lastMetrics(context.logLines())).containsEntry(Metrics.FAILED, 3L);
    }

    /** Priming's post goes through the template's HTTP client to a loopback stub, never to a webhook. */
    @Test
    void primingWithAPlaceholderSecretPostsNothingToSlack() throws Exception {
        NotifyHandler handler = handlerReadingTheSecret();

        handler.priming().steps();

        assertThat(harness.slack.received()).isEmpty();
        assertThat(harness.ledger()).isEmpty();
    }

    @Test
    void theSecretsValueNeverReachesTheLogs() {
        String badUrl = "{\"webhookUrl\":\"hooks.example/XXXXSECRETXXXX\"}";
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
        FakeLambdaContext context = new FakeLambdaContext();
        System.setOut(capture);
        System.setErr(capture);
        try {
            NotifyHandler handler = handlerReadingTheSecret();
            handler.priming().beforeCheckpoint(null);
            handler.handleRequest(batch(), context);
            secrets.putSecretValue(badUrl);
            handler.handleRequest(batch(), context);
            secrets.putSecretValue(webhookSecret(harness.slack));
            harness.slack.answer(500, 500, 500, 500);
            handler.handleRequest(batch(), context);
            handler.priming().beforeCheckpoint(null);
            handler.priming().afterRestore(null);
            harness.slack.answer(404);
            handler.handleRequest(batch(), context);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        String everything = String.join("\n", context.logLines()) + "\n" + console.toString(StandardCharsets.UTF_8);
        assertThat(LogLines.withOutcome(context.logLines(), "webhook_not_configured")).hasSize(2);
        assertThat(LogLines.withOutcome(context.logLines(), "slack_failed")).isNotEmpty();
        assertThat(LogLines.withOutcome(context.logLines(), "slack_rejected")).isNotEmpty();
        assertThat(everything).contains(ARN)
                .doesNotContain(PLACEHOLDER, "XXXXSECRETXXXX", harness.slack.token(), "/services/T0TEST");
    }

    private static DynamodbEvent batch() {
        return EventLoader.loadDynamoDbEvent("dynamodb/batch.json");
    }
}
