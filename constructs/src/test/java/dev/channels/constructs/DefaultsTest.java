package dev.channels.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.contract.ChangeKind;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.StartingPosition;

class DefaultsTest {

    @Test
    void inboxVisibilityIsAtLeastSixTimesTheIngestTimeout() {
        assertThat(Defaults.inboxVisibilityTimeout(Defaults.INGEST_TIMEOUT).toSeconds().intValue())
                .isGreaterThanOrEqualTo(6 * Defaults.INGEST_TIMEOUT.toSeconds().intValue())
                .isEqualTo(180);
        assertThat(Defaults.inboxVisibilityTimeout(Duration.minutes(15)).toSeconds().intValue()).isEqualTo(5400);
    }

    @Test
    void eventSourceSettingsStayWithinWhatLambdaAccepts() {
        assertThat(Defaults.INGEST_BATCH_SIZE).isBetween(1, 10);
        assertThat(Defaults.INGEST_MAX_CONCURRENCY).isBetween(2, 1000);
        assertThat(Defaults.NOTIFY_RETRY_ATTEMPTS).isBetween(0, 10_000);
        assertThat(Defaults.NOTIFY_MAX_RECORD_AGE.toSeconds().intValue()).isBetween(60, 604_800);
        assertThat(Defaults.NOTIFY_STARTING_POSITION).isEqualTo(StartingPosition.TRIM_HORIZON);
        assertThat(Defaults.MAX_RECEIVE_COUNT).isEqualTo(5);
    }

    /** Notify must give up (park) before the stream does, or the notify DLQ gets what could have been parked. */
    @Test
    void notifyParksBeforeTheStreamMappingGivesUp() {
        assertThat(Defaults.NOTIFY_PARK_AFTER_ATTEMPTS).isBetween(2, Defaults.NOTIFY_RETRY_ATTEMPTS);
        assertThat(Defaults.NOTIFY_PARK_AT_RECORD_AGE.toSeconds().intValue())
                .isLessThan(Defaults.NOTIFY_MAX_RECORD_AGE.toSeconds().intValue() - 600);
        assertThat(Defaults.NOTICES_RETENTION.toDays().intValue()).isEqualTo(14);
    }

    @Test
    void notifiesOnCreationsAndChangesByDefault() {
        assertThat(Defaults.NOTIFY_ON).containsExactly(ChangeKind.INSERT, ChangeKind.MODIFY);
    }

    @Test
    void inboxTakesTheLargestMessageSqsAllows() {
        assertThat(Defaults.INBOX_MAX_MESSAGE_SIZE_BYTES).isEqualTo(1024 * 1024);
    }

    @Test
    void deadLetterQueuesKeepMessagesAsLongAsSqsAllows() {
        assertThat(Defaults.DLQ_RETENTION.toDays().intValue()).isEqualTo(14);
    }
}
