package dev.channels.lambdas.notify;

import static dev.channels.lambdas.notify.NotifyHarness.failedSequenceNumbers;
import static dev.channels.lambdas.testing.SqsMessages.event;
import static dev.channels.lambdas.testing.SqsMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.channels.contract.ChangeKind;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.ingest.IngestConfig;
import dev.channels.lambdas.ingest.IngestDependencies;
import dev.channels.lambdas.ingest.IngestHandler;
import dev.channels.lambdas.testing.Bodies;
import dev.channels.lambdas.testing.DynaliteServer;
import dev.channels.lambdas.testing.InMemoryDeadLetters;
import dev.channels.lambdas.testing.LogLines;
import dev.channels.lambdas.testing.StreamEvents;
import dev.channels.support.lambda.FakeLambdaContext;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-channel notify settings, claim-checked items and SnapStart priming. */
class NotifyChannelTest {
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    @RegisterExtension
    static final DynaliteServer DYNAMO = new DynaliteServer();

    private static final Map<String, String> ENV = Map.of(
            "CHANNEL_NAME", "JobOrder", "ENV_NAME", "dev", "IDEMPOTENCY_TABLE", "dev-channels-idempotency",
            "ARCHIVE_BUCKET", "dev-job-order-archive");

    private final NotifyHarness harness = new NotifyHarness(DYNAMO);
    private final FakeLambdaContext context = new FakeLambdaContext();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void configDefaultsToInsertAndModifyEveryPropertyAndTheDefaultTitle() {
        NotifyConfig config = NotifyConfig.from(new EnvVars(ENV));

        assertThat(config).isEqualTo(new NotifyConfig("JobOrder", "dev", "id", "dev-channels-idempotency",
                "dev-job-order-archive", EnumSet.of(ChangeKind.INSERT, ChangeKind.MODIFY), Optional.empty(),
                "{channel} {id} {event}"));
    }

    @Test
    void configReadsEventsPropertiesAndTitleAndRefusesWhatItCannotUse() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("NOTIFY_EVENTS", " remove, INSERT ");
        env.put("NOTIFY_PROPERTIES", "status, owner");
        env.put("TITLE_TEMPLATE", "{property:title} ({id})");

        NotifyConfig config = NotifyConfig.from(new EnvVars(env));

        assertThat(config.events()).containsExactlyInAnyOrder(ChangeKind.REMOVE, ChangeKind.INSERT);
        assertThat(config.properties()).contains(Set.of("status", "owner"));
        env.put("NOTIFY_EVENTS", "INSERT,DELETE");
        assertThatThrownBy(() -> NotifyConfig.from(new EnvVars(env))).hasMessage(
                "Environment variable NOTIFY_EVENTS: 'DELETE' is not one of INSERT, MODIFY, REMOVE");
        env.put("NOTIFY_EVENTS", "INSERT");
        env.put("TITLE_TEMPLATE", "{channel} {status}");
        assertThatThrownBy(() -> NotifyConfig.from(new EnvVars(env))).hasMessage("Environment variable TITLE_TEMPLATE: "
                + "title template has an unknown placeholder {status}; known: {channel} {id} {event} {kind} {property:NAME}");
    }

    /** The event source mapping filters kinds; notify skips the others too, in case the filter is wrong. */
    @Test
    void skipsEventKindsTheChannelDoesNotNotify() {
        NotifyConfig insertAndModify = withSettings(EnumSet.of(ChangeKind.INSERT, ChangeKind.MODIFY), Optional.empty(),
                "{channel} {id} {event}");

        StreamsEventResponse response = harness.handler(insertAndModify).handleRequest(batch(), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(SlackPosts.told(harness.slack.received())).extracting(SlackPosts.Told::title)
                .containsExactly("JobOrder JO-1 created", "JobOrder JO-1 updated");
        assertThat(LogLines.withOutcome(context.logLines(), "skipped")).singleElement()
                .satisfies(line -> assertThat(line.get("kind").asText()).isEqualTo("REMOVE"));
        assertThat(harness.ledger()).hasSize(2);
    }

    @Test
    void showsOnlyTheConfiguredPropertiesAndSkipsAModifyOfNoneOfThem() {
        NotifyConfig statusOnly = withSettings(EnumSet.allOf(ChangeKind.class), Optional.of(Set.of("status", "title")),
                "{channel} {id} {event}");
        DynamodbEvent event = batch();

        harness.handler(statusOnly).handleRequest(event, context);

        List<SlackPosts.Told> told = SlackPosts.told(harness.slack.received());
        assertThat(told.get(0).propertyLines()).containsExactly("`title`: \"Größe \uD83D\uDE80 &lt;b&gt;&amp;\"");
        assertThat(told.get(1).propertyLines()).containsExactly("`status`: \"open\" \u2192 \"closed\"");

        NotifyConfig ownerOnly = withSettings(EnumSet.of(ChangeKind.MODIFY), Optional.of(Set.of("owner2")), "{id}");
        FakeLambdaContext other = new FakeLambdaContext("other", 30_000);
        harness.handler(ownerOnly).handleRequest(EventLoader.loadDynamoDbEvent("dynamodb/modify.json"), other);
        assertThat(LogLines.withOutcome(other.logLines(), "nothing_to_tell")).hasSize(1);
    }

    @Test
    void titlesFollowTheChannelsTemplate() {
        NotifyConfig titled = withSettings(EnumSet.allOf(ChangeKind.class), Optional.empty(),
                "{kind}: {property:title} is {property:status} ({property:amount}, {property:missing}) in {channel}");

        harness.handler(titled).handleRequest(batch(), context);

        assertThat(SlackPosts.told(harness.slack.received())).extracting(SlackPosts.Told::title).containsExactly(
                "INSERT: Größe \uD83D\uDE80 &lt;b&gt;&amp; is (absent) (12345678901234567890.123456789, (absent)) in JobOrder",
                "MODIFY: Senior engineer is closed (10.5, (absent)) in JobOrder",
                "REMOVE: (absent) is closed (10.5, (absent)) in JobOrder");
    }

    /**
     * Ingest stores two versions of a 600 KB object (item + S3 body each); notify, fed the stream
     * record DynamoDB would emit, follows both pointers and tells exactly what changed.
     */
    @Test
    void followsTheClaimCheckPointersOfBothImages() {
        String table = DYNAMO.createTable("id");
        IngestHandler ingest = new IngestHandler(new IngestDependencies(new IngestConfig("JobOrder", "test", table, "id", Optional.of("version"), List.of(), "test-archive", false, "test-inbox-dlq", IngestConfig.DEFAULT_WRITERS), DYNAMO.client(), harness.payloads, deadLetters, harness.time));
        String v1 = Bodies.big("JO-1", 1);
        String v2 = v1.replace("\"version\":1,", "\"version\":2,").replace("\"status\":\"open\"", "\"status\":\"filled\"")
                .replace("Nachtschicht", "Tagschicht");
        ingest.handleRequest(event(message("m-1", v1, 1764063000000L)), context);
        Map<String, AttributeValue> oldImage = streamImage(table, "JO-1");
        ingest.handleRequest(event(message("m-2", v2, 1764063001000L)), context);
        Map<String, AttributeValue> newImage = streamImage(table, "JO-1");
        assertThat(harness.payloads.objects()).hasSize(2);

        StreamsEventResponse response = harness.handler().handleRequest(StreamEvents.batch(List.of(
                StreamEvents.record("MODIFY", "evt-big", "5001", "JO-1", newImage, oldImage))), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<String> lines = SlackPosts.told(harness.slack.received()).get(0).propertyLines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("`description`: \"Schweißer (m/w/d) \uD83D\uDD25 Nachtschicht").contains("\u2192 \"Schweißer (m/w/d) \uD83D\uDD25 Tagschicht");
        assertThat(lines.get(1)).isEqualTo("`status`: \"open\" \u2192 \"filled\"");
        assertThat(lines.get(2)).isEqualTo("`version`: 1 \u2192 2");
    }

    /** An object that grows past the inline limit shows what changed, not its numbers re-spelled. */
    @Test
    void anInlineOldImageAndAClaimCheckedNewImageCompareByValue() {
        harness.payloads.put("payloads/x/m-2.json", "{\"id\":\"JO-1\",\"rate\":31.50,\"tiny\":1e-7,\"nested\":{\"b\":2,\"a\":1.0},"
                + "\"text\":\"long\"}");
        Map<String, AttributeValue> oldImage = StreamEvents.image("JO-1", Map.of("rate", StreamEvents.n("31.5"),
                "tiny", StreamEvents.n("0.0000001"), "nested", new AttributeValue().withM(Map.of("a", StreamEvents.n("1"),
                        "b", StreamEvents.n("2"))), "text", StreamEvents.s("short")));
        Map<String, AttributeValue> newImage = StreamEvents.image("JO-1", Map.of("rate", StreamEvents.n("31.5"),
                "_channels_payloadKey", StreamEvents.s("payloads/x/m-2.json")));

        harness.handler().handleRequest(StreamEvents.batch(List.of(
                StreamEvents.record("MODIFY", "evt-grow", "5002", "JO-1", newImage, oldImage))), context);

        assertThat(SlackPosts.told(harness.slack.received()).get(0).propertyLines())
                .containsExactly("`text`: \"short\" \u2192 \"long\"");
    }

    @Test
    void aMissingPayloadFailsItsRecordRatherThanShowingPropertiesAsRemoved() {
        Map<String, AttributeValue> newImage = StreamEvents.image("JO-1", Map.of(
                "_channels_payloadKey", StreamEvents.s("payloads/gone/m-9.json")));
        DynamodbEvent event = StreamEvents.batch(List.of(
                StreamEvents.record("INSERT", "evt-ok", "6001", "JO-0", StreamEvents.image("JO-0", Map.of()), null),
                StreamEvents.record("MODIFY", "evt-gone", "6002", "JO-1", newImage, StreamEvents.image("JO-1", Map.of())),
                StreamEvents.record("INSERT", "evt-after", "6003", "JO-2", StreamEvents.image("JO-2", Map.of()), null)));

        StreamsEventResponse response = harness.handler().handleRequest(event, context);

        assertThat(failedSequenceNumbers(response)).containsExactly("6002", "6003");
        assertThat(SlackPosts.told(harness.slack.received())).extracting(SlackPosts.Told::title).containsExactly("JobOrder JO-0 created");
        assertThat(LogLines.withOutcome(context.logLines(), "failed").get(0).get("reason").asText())
                .contains("payload payloads/gone/m-9.json is missing from the archive bucket");
    }

    /** The steps themselves, which throw when one fails (the hook only logs it): every one of them ran. */
    @Test
    void primingExercisesTheClientsAndPostsAndWritesNothing() throws Exception {
        NotifyHandler handler = harness.handler();

        handler.priming().steps();

        assertThat(harness.slack.received()).isEmpty();
        assertThat(harness.ledger()).isEmpty();
        assertThat(harness.payloads.objects()).isEmpty();
        assertThat(harness.payloads.primes()).isEqualTo(1);
    }

    private NotifyConfig withSettings(Set<ChangeKind> events, Optional<Set<String>> properties, String template) {
        return new NotifyConfig("JobOrder", "test", "id", harness.ledgerTable, "test-archive", events, properties, template);
    }

    private static DynamodbEvent batch() {
        return EventLoader.loadDynamoDbEvent("dynamodb/batch.json");
    }

    /** The item as a stream image: what DynamoDB Streams would put in the record. */
    private static Map<String, AttributeValue> streamImage(String table, String id) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = DYNAMO.client()
                .getItem(r -> r.tableName(table).key(Map.of("id",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(id)))).item();
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        item.forEach((name, value) -> image.put(name, toStream(value)));
        return image;
    }

    private static AttributeValue toStream(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        return switch (value.type()) {
            case S -> new AttributeValue().withS(value.s());
            case N -> new AttributeValue().withN(value.n());
            case BOOL -> new AttributeValue().withBOOL(value.bool());
            case NUL -> new AttributeValue().withNULL(true);
            case L -> new AttributeValue().withL(value.l().stream().map(NotifyChannelTest::toStream).toList());
            case M -> {
                Map<String, AttributeValue> members = new LinkedHashMap<>();
                value.m().forEach((k, v) -> members.put(k, toStream(v)));
                yield new AttributeValue().withM(members);
            }
            default -> throw new IllegalArgumentException("ingest does not write " + value.type());
        };
    }
}
