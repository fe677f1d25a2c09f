package dev.channels.lambdas.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a message's version: the channel's version property when it has one, else the time SQS
 * accepted the message. A message without the configured property is refused rather than ordered by
 * time, because time and the producer's numbers cannot be compared.
 */
final class VersionReader {
    private final Optional<String> property;

    VersionReader(Optional<String> property) {
        this.property = property;
    }

    /** {@code orderingTime}: when SQS accepted the message (for a replayed body, the original message). */
    Version read(ParsedItem item, Instant orderingTime) throws InvalidMessageException {
        if (property.isEmpty()) {
            return Version.sentTimestamp(orderingTime);
        }
        String name = property.get();
        AttributeValue value = item.attributes().get(name);
        if (value == null) {
            throw new InvalidMessageException("version property '" + name + "' is missing");
        }
        if (value.n() != null) {
            return Version.number(value.n());
        }
        if (value.s() != null) {
            try {
                return Version.timestamp(OffsetDateTime.parse(value.s(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                // Falls through to the message below, which does not quote the value.
            }
        }
        throw new InvalidMessageException("version property '" + name
                + "' must be a number or an ISO-8601 timestamp with an offset, e.g. 2025-11-25T09:30:00Z");
    }
}
