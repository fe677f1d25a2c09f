package dev.channels.tools.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.contract.ArchiveKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The time-range listing and the send loop, against an archive and an inbox in memory. */
class ReplayerTest {
    private static final Instant FROM = Instant.parse("2025-11-25T09:30:00Z");
    private static final Instant TO = Instant.parse("2025-11-25T11:00:00Z");

    private final InMemoryArchive archive = new InMemoryArchive();
    private final RecordingInbox inbox = new RecordingInbox();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Replayer replayer = new Replayer(archive, inbox, print(out), print(err));

    /** Written by ingest's own key layout, so a change there that replay cannot read fails here. */
    private void archived(String sentAt, String messageId) {
        archive.objects.put(ArchiveKeys.raw(Instant.parse(sentAt), messageId), "{\"id\":\"" + messageId + "\"}");
    }

    @Test
    void sendsExactlyTheBodiesSentInTheRangeOldestFirst() {
        archived("2025-11-25T09:29:59.999Z", "before");
        archived("2025-11-25T09:30:00.000Z", "first");
        archived("2025-11-25T10:59:59.999Z", "last");
        archived("2025-11-25T10:15:00.000Z", "middle-b");
        archived("2025-11-25T10:15:00.000Z", "middle-a");
        archived("2025-11-25T11:00:00.000Z", "at-end");
        archive.objects.put("raw/2025/11/25/10/README.txt", "not a body");
        archive.objects.put("payloads/abc/first.json", "{}");

        Replayer.Summary summary = replayer.replay(FROM, TO, false);

        assertThat(summary).isEqualTo(new Replayer.Summary(4, 4, 0));
        assertThat(inbox.sent).containsExactly(
                new Sent("{\"id\":\"first\"}", "first", Instant.parse("2025-11-25T09:30:00Z")),
                new Sent("{\"id\":\"middle-a\"}", "middle-a", Instant.parse("2025-11-25T10:15:00Z")),
                new Sent("{\"id\":\"middle-b\"}", "middle-b", Instant.parse("2025-11-25T10:15:00Z")),
                new Sent("{\"id\":\"last\"}", "last", Instant.parse("2025-11-25T10:59:59.999Z")));
        assertThat(archive.listedPrefixes).containsExactly("raw/2025/11/25/09/", "raw/2025/11/25/10/");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "sent raw/2025/11/25/09/1764063000000-first.json as message replay-1",
                "replayed 4 of 4 archived bodies sent in [2025-11-25T09:30:00Z, 2025-11-25T11:00:00Z)")
                .doesNotContain("{\"id\"");
    }

    @Test
    void aDryRunListsAndSendsNothing() {
        archived("2025-11-25T10:00:00Z", "m-1");

        Replayer.Summary summary = replayer.replay(FROM, TO, true);

        assertThat(summary).isEqualTo(new Replayer.Summary(1, 0, 0));
        assertThat(inbox.sent).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("would send raw/2025/11/25/10/1764064800000-m-1.json",
                "dry run: would send 1 archived bodies");
    }

    @Test
    void aFailedSendIsReportedAndTheOthersGoOn() {
        archived("2025-11-25T10:00:00Z", "m-1");
        archived("2025-11-25T10:00:01Z", "m-2");
        inbox.failFor = "m-1";

        Replayer.Summary summary = replayer.replay(FROM, TO, false);

        assertThat(summary).isEqualTo(new Replayer.Summary(2, 1, 1));
        assertThat(inbox.sent).extracting(Sent::originalMessageId).containsExactly("m-2");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("failed raw/2025/11/25/10/1764064800000-m-1.json: Access to the resource is denied");
    }

    @Test
    void aRangeInsideOneHourListsOnlyThatHour() {
        replayer.entries(Instant.parse("2025-11-25T09:10:00Z"), Instant.parse("2025-11-25T09:20:00Z"));

        assertThat(archive.listedPrefixes).containsExactly("raw/2025/11/25/09/");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private record Sent(String body, String originalMessageId, Instant originalSentAt) {
    }

    private static final class InMemoryArchive implements Archive {
        final Map<String, String> objects = new TreeMap<>();
        final List<String> listedPrefixes = new ArrayList<>();

        @Override
        public List<String> keys(String prefix) {
            listedPrefixes.add(prefix);
            return objects.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
        }

        @Override
        public String read(String key) {
            return objects.get(key);
        }
    }

    private static final class RecordingInbox implements Inbox {
        final List<Sent> sent = new ArrayList<>();
        String failFor;

        @Override
        public String send(String body, String originalMessageId, Instant originalSentAt) {
            if (originalMessageId.equals(failFor)) {
                throw new IllegalStateException("Access to the resource is denied");
            }
            sent.add(new Sent(body, originalMessageId, originalSentAt));
            return "replay-" + sent.size();
        }
    }
}
