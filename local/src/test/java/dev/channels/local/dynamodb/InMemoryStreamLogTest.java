package dev.channels.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.local.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryStreamLogTest {
    private static final String STREAM = "arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2000-01-01T00:00:00.000";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryStreamLog log = new InMemoryStreamLog(clock);

    @Test
    void sequenceNumbersIncreaseAndReadsResumeAfterAPosition() {
        StreamRecord first = append("1");
        StreamRecord second = append("2");
        StreamRecord third = append("3");

        assertThat(second.sequenceNumber()).isEqualTo(first.sequenceNumber() + 1);
        assertThat(first.sequenceNumber()).as("starts from the clock, so a restart continues upwards")
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000);
        assertThat(log.read(STREAM, StreamLog.TRIM_HORIZON, 10)).containsExactly(first, second, third);
        assertThat(log.read(STREAM, first.sequenceNumber(), 1)).containsExactly(second);
        assertThat(log.read(STREAM, third.sequenceNumber(), 10)).isEmpty();
        assertThat(log.latestSequence(STREAM)).isEqualTo(third.sequenceNumber());
        assertThat(first.sequenceNumberText()).hasSize(21).startsWith("00000");
    }

    @Test
    void recordsOlderThan24HoursAreTrimmed() {
        StreamRecord old = append("old");
        clock.advance(Duration.ofHours(23));
        StreamRecord recent = append("recent");
        clock.advance(Duration.ofHours(2));

        assertThat(log.trim()).isEqualTo(1);
        assertThat(log.read(STREAM, StreamLog.TRIM_HORIZON, 10)).containsExactly(recent);
        assertThat(log.read(STREAM, old.sequenceNumber() - 1, 10)).as("a trimmed position reads from the oldest kept").containsExactly(recent);
    }

    @Test
    void awaitReturnsAtOnceWhenARecordIsThereAndFalseWhenNoneComes() throws InterruptedException {
        log.register(STREAM);
        assertThat(log.awaitRecordsAfter(STREAM, StreamLog.TRIM_HORIZON, Duration.ofMillis(20))).isFalse();

        StreamRecord record = append("1");

        assertThat(log.awaitRecordsAfter(STREAM, StreamLog.TRIM_HORIZON, Duration.ofSeconds(30))).isTrue();
        assertThat(log.awaitRecordsAfter(STREAM, record.sequenceNumber(), Duration.ofMillis(20))).isFalse();
        assertThat(log.streamArns()).containsExactly(STREAM);
    }

    @Test
    void theLambdaRecordHasTheShapeOfADynamodbEventRecord() {
        StreamRecord record = append("42");

        assertThat(record.toLambdaRecord().toString()).isEqualTo("{\"eventID\":\"id-42\",\"eventName\":\"INSERT\","
                + "\"eventVersion\":\"1.1\",\"eventSource\":\"aws:dynamodb\",\"awsRegion\":\"eu-west-1\","
                + "\"dynamodb\":{\"ApproximateCreationDateTime\":1767225600,\"Keys\":{\"id\":{\"S\":\"42\"}},"
                + "\"NewImage\":{\"id\":{\"S\":\"42\"}},\"SequenceNumber\":\"" + record.sequenceNumberText() + "\","
                + "\"SizeBytes\":8,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"},\"eventSourceARN\":\"" + STREAM + "\"}");
    }

    private StreamRecord append(String id) {
        var key = Json.object();
        key.putObject("id").put("S", id);
        return log.append(STREAM, sequence -> new StreamRecord("id-" + id, "INSERT", sequence, clock.instant(), key,
                Optional.empty(), Optional.of(key), 8, "NEW_AND_OLD_IMAGES", STREAM, "eu-west-1"));
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

}
