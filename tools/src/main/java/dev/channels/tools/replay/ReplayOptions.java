package dev.channels.tools.replay;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

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
        String bucket = null;
        String queueUrl = null;
        String from = null;
        String to = null;
        String region = null;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--dry-run")) {
                dryRun = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException(flag.startsWith("--") ? flag + " needs a value" : "unexpected argument '" + flag + "'");
            }
            String value = args[++i];
            switch (flag) {
                case "--bucket" -> bucket = value;
                case "--queue-url" -> queueUrl = value;
                case "--from" -> from = value;
                case "--to" -> to = value;
                case "--region" -> region = value;
                default -> throw new UsageException("unknown flag '" + flag + "'");
            }
        }
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
