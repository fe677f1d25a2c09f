package dev.channels.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The stream records kept on disk so that a local cloud started again over the same data directory has its
 * streams back: one append-only JSON-lines file per stream, {@code <table name>.jsonl}, one record per line.
 * Each append is written and flushed at once, so a killed process loses nothing it had captured; a crash in
 * the middle of a write leaves a torn last line, which {@link #load} skips. Records trimmed from memory stay
 * in the file until the next {@link #load}, which compacts it. Not fsynced: built for a killed process, not
 * for a power cut.
 */
final class StreamJournal implements AutoCloseable {
    static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final Consumer<String> warnings;
    private final Map<Path, OutputStream> files = new HashMap<>();
    private boolean closed;

    /** @param warnings told of torn lines and failed writes, one message each */
    StreamJournal(Path directory, Consumer<String> warnings) {
        this.directory = directory;
        this.warnings = warnings;
    }

    Path directory() {
        return directory;
    }

    /**
     * Reads every journal of the directory: the records created at or after {@code oldest}, by stream ARN,
     * in the order they were appended. A file that had older records or a torn last line is rewritten
     * without them (temp file + atomic move), so appends start on a clean line.
     *
     * @throws IllegalStateException when a line other than the last is not a record (the file was damaged
     *                               by something else than a crash: say which, rather than lose records)
     */
    Map<String, List<StreamRecord>> load(Instant oldest) {
        Map<String, List<StreamRecord>> byStream = new HashMap<>();
        try {
            Files.createDirectories(directory);
            List<Path> journals;
            try (Stream<Path> listing = Files.list(directory)) {
                journals = listing.filter(path -> path.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
            }
            for (Path journal : journals) {
                for (StreamRecord record : loadFile(journal, oldest)) {
                    byStream.computeIfAbsent(record.eventSourceArn(), arn -> new ArrayList<>()).add(record);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the stream journals in " + directory + ": " + e.getMessage(), e);
        }
        return byStream;
    }

    private List<StreamRecord> loadFile(Path journal, Instant oldest) throws IOException {
        // Lenient decoding: a torn line may end inside a multi-byte character.
        String text = new String(Files.readAllBytes(journal), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1); // the last element is what follows the last newline: "" when clean
        List<StreamRecord> kept = new ArrayList<>();
        boolean rewrite = !lines[lines.length - 1].isEmpty();
        for (int i = 0; i < lines.length; i++) {
            boolean last = i == lines.length - 1;
            if (lines[i].isBlank()) {
                continue;
            }
            Optional<StreamRecord> record = decode(lines[i]);
            if (record.isEmpty() && last) {
                warnings.accept("stream journal " + journal + ": skipped a torn last line (" + lines[i].length()
                        + " characters, written when the local cloud stopped mid-write)");
                continue;
            }
            if (record.isEmpty()) {
                throw new IllegalStateException("stream journal " + journal + " line " + (i + 1)
                        + " is not a stream record; delete the file to start that stream empty (its records are lost)");
            }
            if (record.get().createdAt().isBefore(oldest)) {
                rewrite = true; // past retention: compact it away
            } else {
                kept.add(record.get());
            }
        }
        if (rewrite) {
            rewrite(journal, kept);
        }
        return kept;
    }

    private static void rewrite(Path journal, List<StreamRecord> records) throws IOException {
        Path temp = journal.resolveSibling(journal.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder();
        records.forEach(record -> text.append(encode(record)).append('\n'));
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, journal, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Appends one record to its stream's file. A failed write is reported, not thrown: the write it records
     * already happened in dynalite, and the running cloud still has the record in memory.
     */
    synchronized void append(StreamRecord record) {
        if (closed) {
            return;
        }
        Path journal = directory.resolve(fileName(record.eventSourceArn()));
        try {
            OutputStream out = files.get(journal);
            if (out == null) {
                // FileOutputStream, not a FileChannel: an interrupted writer thread must not close the file.
                out = new FileOutputStream(journal.toFile(), true);
                files.put(journal, out);
            }
            out.write((encode(record) + "\n").getBytes(StandardCharsets.UTF_8)); // one write: a crash tears only this line
        } catch (IOException e) {
            warnings.accept("stream journal " + journal + ": record " + record.sequenceNumberText()
                    + " is not kept on disk (" + e.getMessage() + ")");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (OutputStream out : files.values()) {
            try {
                out.close();
            } catch (IOException e) {
                warnings.accept("stream journal: closing failed: " + e.getMessage());
            }
        }
        files.clear();
    }

    /** {@code <table name>.jsonl} for a table's stream ARN (table names are safe file names); else the ARN, encoded. */
    static String fileName(String streamArn) {
        int table = streamArn.indexOf(":table/");
        int stream = streamArn.indexOf("/stream/");
        if (table >= 0 && stream > table + ":table/".length()) {
            return streamArn.substring(table + ":table/".length(), stream) + SUFFIX;
        }
        return URLEncoder.encode(streamArn, StandardCharsets.UTF_8) + SUFFIX;
    }

    static String encode(StreamRecord record) {
        ObjectNode line = Json.object();
        line.put("eventId", record.eventId());
        line.put("eventName", record.eventName());
        line.put("sequenceNumber", record.sequenceNumber());
        line.put("createdAt", record.createdAt().toString()); // ISO-8601 keeps the nanoseconds
        line.set("keys", record.keys());
        record.oldImage().ifPresent(image -> line.set("oldImage", image));
        record.newImage().ifPresent(image -> line.set("newImage", image));
        line.put("sizeBytes", record.sizeBytes());
        line.put("streamViewType", record.streamViewType());
        line.put("eventSourceArn", record.eventSourceArn());
        line.put("awsRegion", record.awsRegion());
        return line.toString();
    }

    /** The record of a line, or empty when the line is not one (torn, or not JSON). */
    static Optional<StreamRecord> decode(String line) {
        try {
            JsonNode json = Json.MAPPER.readTree(line);
            if (json == null || !(json.get("keys") instanceof ObjectNode keys) || !json.path("sequenceNumber").canConvertToLong()) {
                return Optional.empty();
            }
            return Optional.of(new StreamRecord(text(json, "eventId"), text(json, "eventName"),
                    json.get("sequenceNumber").longValue(), Instant.parse(text(json, "createdAt")), keys,
                    image(json, "oldImage"), image(json, "newImage"), json.path("sizeBytes").asLong(),
                    text(json, "streamViewType"), text(json, "eventSourceArn"), text(json, "awsRegion")));
        } catch (IOException | RuntimeException notARecord) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.asText();
    }

    private static Optional<ObjectNode> image(JsonNode json, String field) {
        return json.get(field) instanceof ObjectNode image ? Optional.of(image) : Optional.empty();
    }
}
