package dev.channels.local.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/**
 * A stream mapping's checkpoint kept on disk ({@code <data>/esm/<logical id>.checkpoint}), so that a local
 * cloud started again resumes the mapping after the last record it finished, as Lambda does, instead of
 * applying {@code StartingPosition} again.
 *
 * <p>The file also names the mapping's {@code EventSourceArn} and {@code StartingPosition}: changing either
 * replaces the mapping on AWS (a new mapping starts from its {@code StartingPosition}), so a checkpoint
 * written for other values is not used.
 */
final class CheckpointFile {
    static final String SUFFIX = ".checkpoint";

    private final Path file;
    private final String eventSourceArn;
    private final String startingPosition;

    CheckpointFile(Path directory, MappingConfig mapping) {
        this.file = directory.resolve(mapping.logicalId() + SUFFIX);
        this.eventSourceArn = mapping.eventSourceArn();
        this.startingPosition = mapping.startingPosition();
    }

    Path path() {
        return file;
    }

    /**
     * The stored sequence number; empty when there is none, or it belongs to a mapping with another source or
     * starting position.
     *
     * @throws IllegalStateException when the file is there but unreadable: better to stop than to redeliver or skip
     */
    OptionalLong read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException none) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoint " + file + ": " + e.getMessage(), e);
        }
        JsonNode stored;
        try {
            stored = Json.parse(bytes);
        } catch (UncheckedIOException notJson) {
            stored = null;
        }
        if (stored == null || !stored.path("sequenceNumber").isIntegralNumber()) {
            throw new IllegalStateException("The checkpoint " + file + " is not readable; delete it to start the mapping"
                    + " from its StartingPosition");
        }
        if (!stored.path("eventSourceArn").asText().equals(eventSourceArn)
                || !stored.path("startingPosition").asText().equals(startingPosition)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(stored.path("sequenceNumber").longValue());
    }

    /** Replaces the stored checkpoint atomically: a crash leaves the old one or the new one, never half of one. */
    void write(long sequenceNumber) throws IOException {
        ObjectNode content = Json.object();
        content.put("sequenceNumber", sequenceNumber);
        content.put("eventSourceArn", eventSourceArn);
        content.put("startingPosition", startingPosition);
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        // FileOutputStream, not Files.write: the poller thread may be interrupted on close, and an interrupt
        // closes a FileChannel under its writer.
        try (OutputStream out = new FileOutputStream(temp.toFile())) {
            out.write(Json.bytes(content));
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
