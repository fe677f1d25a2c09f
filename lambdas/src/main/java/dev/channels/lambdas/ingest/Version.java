package dev.channels.lambdas.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What orders the writes of one object: a DynamoDB number and where it came from. Only versions of
 * the same kind are compared; a write whose kind differs from the stored one wins, so switching a
 * channel to (or from) a version property never leaves its items stuck behind an incomparable number.
 */
record Version(Kind kind, String number) {

    enum Kind {
        /** The version property held a JSON number; stored as the producer wrote it. */
        NUMBER("number"),
        /** The version property held an ISO-8601 timestamp; stored as epoch seconds with fraction. */
        TIMESTAMP("timestamp"),
        /** No version property: the SQS SentTimestamp in epoch milliseconds. */
        SQS_SENT_TIMESTAMP("sqs-sent-timestamp");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    static Version number(String text) {
        return new Version(Kind.NUMBER, text);
    }

    /** Exact to the nanosecond: 2025-11-25T09:30:00.5Z is 1764063000.5. */
    static Version timestamp(Instant instant) {
        BigDecimal seconds = BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9));
        return new Version(Kind.TIMESTAMP, seconds.stripTrailingZeros().toPlainString());
    }

    static Version sentTimestamp(Instant sentAt) {
        return new Version(Kind.SQS_SENT_TIMESTAMP, Long.toString(sentAt.toEpochMilli()));
    }

    AttributeValue numberValue() {
        return AttributeValue.fromN(number);
    }

    AttributeValue kindValue() {
        return AttributeValue.fromS(kind.label());
    }

    /** True when a stored item (its metadata attributes) holds this very version. */
    boolean isStoredIn(Map<String, AttributeValue> item, String versionAttribute, String kindAttribute) {
        AttributeValue storedKind = item.get(kindAttribute);
        AttributeValue storedNumber = item.get(versionAttribute);
        if (storedKind == null || storedNumber == null || storedNumber.n() == null) {
            return false;
        }
        return kind.label().equals(storedKind.s())
                && new BigDecimal(number).compareTo(new BigDecimal(storedNumber.n())) == 0;
    }
}
