package dev.channels.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.dynamodb.InMemoryStreamLogTest.MutableClock;
import dev.channels.local.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journaled stream log started again over the same directory has its streams back. */
class StreamJournalTest {
    private static final String STREAM = "arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2000-01-01T00:00:00.000";
    private static final String OTHER = "arn:aws:dynamodb:eu-west-1:123456789012:table/u/stream/2000-01-01T00:00:00.000";

    @TempDir
    Path directory;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.123456789Z"));
    private final List<String> warnings = new ArrayList<>();

    @Test
    void recordsImagesSequenceNumbersAndCreationTimesSurviveARestart() {
        List<StreamRecord> written = new ArrayList<>();
        try (InMemoryStreamLog first = open()) {
            written.add(append(first, STREAM, "INSERT", "a", Optional.empty(), Optional.of(item("a", "new \u00e9\u20ac"))));
            clock.advance(Duration.ofMillis(1));
            written.add(append(first, STREAM, "MODIFY", "a", Optional.of(item("a", "new \u00e9\u20ac")), Optional.of(item("a", "v2"))));
            written.add(append(first, STREAM, "REMOVE", "a", Optional.of(item("a", "v2")), Optional.empty()));
            append(first, OTHER, "INSERT", "b", Optional.empty(), Optional.empty());
        }

        try (InMemoryStreamLog second = open()) {
            assertThat(second.read(STREAM, StreamLog.TRIM_HORIZON, 10)).containsExactlyElementsOf(written);
            assertThat(second.read(OTHER, StreamLog.TRIM_HORIZON, 10)).extracting(StreamRecord::eventName).containsExactly("INSERT");
            assertThat(second.streamArns()).containsExactlyInAnyOrder(STREAM, OTHER);
            assertThat(second.latestSequence(STREAM)).isEqualTo(written.get(2).sequenceNumber());
            assertThat(written.get(0).createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456789Z"));
        }
        assertThat(directory.resolve("t.jsonl")).exists();
        assertThat(directory.resolve("u.jsonl")).exists();
        assertThat(warnings).isEmpty();
    }

    @Test
    void sequenceNumbersContinueAboveTheLoadedOnesEvenWhenTheClockIsBehind() {
        StreamRecord last;
        try (InMemoryStreamLog first = open()) {
            append(first, STREAM, "INSERT", "a", Optional.empty(), Optional.empty());
            last = append(first, STREAM, "INSERT", "b", Optional.empty(), Optional.empty());
        }
        clock.advance(Duration.ofSeconds(-10)); // a clock set back between runs must not reuse sequence numbers

        try (InMemoryStreamLog second = open()) {
            StreamRecord next = append(second, STREAM, "INSERT", "c", Optional.empty(), Optional.empty());
            assertThat(next.sequenceNumber()).isEqualTo(last.sequenceNumber() + 1);
        }
        clock.advance(Duration.ofHours(1));

        try (InMemoryStreamLog third = open()) {
            StreamRecord later = append(third, STREAM, "INSERT", "d", Optional.empty(), Optional.empty());
            assertThat(later.sequenceNumber()).as("from the clock again once it is ahead")
                    .isEqualTo(Instant.parse("2026-01-01T00:59:50.123456Z").getEpochSecond() * 1_000_000 + 123_456);
            assertThat(third.read(STREAM, StreamLog.TRIM_HORIZON, 10)).extracting(StreamRecord::sequenceNumber).isSorted().hasSize(4);
        }
    }

    @Test
    void recordsPastRetentionAreDroppedOnLoadAndCompactedAway() throws IOException {
        StreamRecord recent;
        try (InMemoryStreamLog first = open()) {
            append(first, STREAM, "INSERT", "old", Optional.empty(), Optional.empty());
            clock.advance(Duration.ofHours(23));
            recent = append(first, STREAM, "INSERT", "recent", Optional.empty(), Optional.empty());
        }
        clock.advance(Duration.ofHours(2));

        try (InMemoryStreamLog second = open()) {
            assertThat(second.read(STREAM, StreamLog.TRIM_HORIZON, 10)).containsExactly(recent);
        }
        assertThat(Files.readAllLines(directory.resolve("t.jsonl"))).hasSize(1);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aTornLastLineIsSkippedWithAWarningAndLaterAppendsStartOnACleanLine() throws IOException {
        StreamRecord kept;
        try (InMemoryStreamLog first = open()) {
            kept = append(first, STREAM, "INSERT", "a", Optional.empty(), Optional.of(item("a", "\u20ac")));
        }
        String whole = StreamJournal.encode(kept);
        // a crash mid-write: part of a line, ending inside the three bytes of the euro sign
        byte[] bytes = whole.getBytes(StandardCharsets.UTF_8);
        int cut = whole.substring(0, whole.indexOf('\u20ac')).getBytes(StandardCharsets.UTF_8).length + 1;
        Files.write(directory.resolve("t.jsonl"), java.util.Arrays.copyOf(bytes, cut), StandardOpenOption.APPEND);

        StreamRecord next;
        try (InMemoryStreamLog second = open()) {
            assertThat(second.read(STREAM, StreamLog.TRIM_HORIZON, 10)).containsExactly(kept);
            next = append(second, STREAM, "INSERT", "b", Optional.empty(), Optional.empty());
        }
        assertThat(warnings).singleElement().asString().contains("t.jsonl").contains("torn last line");

        warnings.clear();
        try (InMemoryStreamLog third = open()) {
            assertThat(third.read(STREAM, StreamLog.TRIM_HORIZON, 10)).containsExactly(kept, next);
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aDamagedLineBeforeTheLastFailsTheLoadNamingTheFile() throws IOException {
        try (InMemoryStreamLog first = open()) {
            append(first, STREAM, "INSERT", "a", Optional.empty(), Optional.empty());
        }
        Path journal = directory.resolve("t.jsonl");
        Files.writeString(journal, "not a record\n" + Files.readString(journal));

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(journal.toString()).hasMessageContaining("line 1");
    }

    @Test
    void aStreamArnThatIsNotATablesGetsAnEncodedFileName() {
        assertThat(StreamJournal.fileName(STREAM)).isEqualTo("t.jsonl");
        assertThat(StreamJournal.fileName("arn:x/y")).isEqualTo("arn%3Ax%2Fy.jsonl");
    }

    private InMemoryStreamLog open() {
        return InMemoryStreamLog.journaled(directory, clock, warnings::add);
    }

    private StreamRecord append(InMemoryStreamLog log, String stream, String eventName, String id, Optional<ObjectNode> oldImage,
            Optional<ObjectNode> newImage) {
        ObjectNode key = Json.object();
        key.putObject("id").put("S", id);
        return log.append(stream, sequence -> new StreamRecord("e-" + sequence, eventName, sequence, clock.instant(), key,
                oldImage, newImage, 42, "NEW_AND_OLD_IMAGES", stream, "eu-west-1"));
    }

    private static ObjectNode item(String id, String value) {
        ObjectNode item = Json.object();
        item.putObject("id").put("S", id);
        item.putObject("value").put("S", value);
        item.putObject("n").put("N", "12345678901234567890");
        return item;
    }
}
