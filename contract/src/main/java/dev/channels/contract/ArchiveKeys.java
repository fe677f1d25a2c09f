package dev.channels.contract;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where bodies live in a channel's archive bucket. One class for the writer (ingest) and the reader
 * (the replay tool), so the layout cannot drift between them.
 *
 * <ul>
 *   <li>{@code payloads/<sha256 of the object id>/<message id>.json}: the full body of an item too
 *       big for DynamoDB (claim check). One key per message: a redelivery rewrites the same bytes, two
 *       messages never share a key. Hashing the id keeps any id (slashes, unicode, 2 KB) a safe key.</li>
 *   <li>{@code raw/yyyy/MM/dd/HH/<SentTimestamp ms>-<message id>.json}: every accepted body, when the
 *       channel's raw archive is on. Hour folders (UTC) let replay list a time range; the millisecond
 *       in the name lets it cut the range exactly and send in the original order.</li>
 * </ul>
 */
public final class ArchiveKeys {
    public static final String RAW_PREFIX = "raw/";
    public static final String PAYLOAD_PREFIX = "payloads/";
    private static final String SUFFIX = ".json";
    private static final DateTimeFormatter HOUR_FOLDERS =
            DateTimeFormatter.ofPattern("uuuu/MM/dd/HH/").withZone(ZoneOffset.UTC);
    private static final Pattern RAW_KEY =
            Pattern.compile("raw/\\d{4}/\\d{2}/\\d{2}/\\d{2}/(-?\\d+)-(.+)\\.json");

    private ArchiveKeys() {
    }

    /** A raw archive entry as its key names it. */
    public record RawKey(String key, Instant sentAt, String messageId) {
    }

    public static String raw(Instant sentAt, String messageId) {
        return rawHourPrefix(sentAt) + sentAt.toEpochMilli() + "-" + encode(messageId) + SUFFIX;
    }

    /** The folder holding the raw bodies sent in the hour that contains {@code instant}. */
    public static String rawHourPrefix(Instant instant) {
        return RAW_PREFIX + HOUR_FOLDERS.format(instant);
    }

    /** The entry a raw key names; empty for any other key (a folder marker, a stray upload). */
    public static Optional<RawKey> parseRaw(String key) {
        Matcher matcher = RAW_KEY.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            Instant sentAt = Instant.ofEpochMilli(Long.parseLong(matcher.group(1)));
            if (!key.startsWith(rawHourPrefix(sentAt))) {
                return Optional.empty();
            }
            return Optional.of(new RawKey(key, sentAt, URLDecoder.decode(matcher.group(2), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    public static String payload(String objectId, String messageId) {
        return PAYLOAD_PREFIX + sha256Hex(objectId) + "/" + encode(messageId) + SUFFIX;
    }

    /** SQS message ids are UUIDs; anything else is percent-encoded so it cannot add a folder level. */
    private static String encode(String messageId) {
        return URLEncoder.encode(messageId, StandardCharsets.UTF_8);
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
