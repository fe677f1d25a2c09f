package dev.channels.tools.replay;

import dev.channels.tools.cli.Flags;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The replay command's flags.
 *
 * @param from first SentTimestamp replayed (inclusive)
 * @param to end of the range (exclusive)
 * @param queueUrl the channel's inbox; not needed for a dry run
 * @param region else the SDK's default (AWS_REGION, the profile)
 */
public record ReplayOptions(String bucket, Optional<String> queueUrl, Instant from, Instant to, boolean dryRun,
        Optional<String> region) {

    /** Wrong flags, with a message that says which and how. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message, null, false, false);
        }
    }

    public static ReplayOptions parse(String[] args) throws UsageException {
        Map<String, String> flags = Flags.parse(args, Set.of("--bucket", "--queue-url", "--from", "--to", "--region"),
                Set.of("--dry-run"), UsageException::new);
        String bucket = flags.get("--bucket");
        String queueUrl = flags.get("--queue-url");
        String from = flags.get("--from");
        String to = flags.get("--to");
        String region = flags.get("--region");
        boolean dryRun = flags.containsKey("--dry-run");
        if (bucket == null) {
            throw new UsageException("--bucket is required: the channel's archive bucket");
        }
        if (queueUrl == null && !dryRun) {
            throw new UsageException("--queue-url is required (the channel's inbox queue), unless --dry-run");
        }
        if (from == null || to == null) {
            throw new UsageException("--from and --to are required: ISO-8601 instants, e.g. 2025-11-25T09:00:00Z");
        }
        Instant start = instant("--from", from);
        Instant end = instant("--to", to);
        if (!start.isBefore(end)) {
            throw new UsageException("--from must be before --to (the range is [from, to))");
        }
        return new ReplayOptions(bucket, Optional.ofNullable(queueUrl), start, end, dryRun, Optional.ofNullable(region));
    }

    private static Instant instant(String flag, String value) throws UsageException {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException(
                    flag + " '" + value + "' is not an ISO-8601 instant with an offset, e.g. 2025-11-25T09:00:00Z");
        }
    }
}
