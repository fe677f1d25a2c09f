package dev.channels.local.cloudwatch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Reads what the functions wrote to their log files ({@code <function>.log} in one directory) since the last
 * call, line by line, as CloudWatch Logs receives a function's output. A partial last line waits for its end.
 * Not thread-safe: one poller thread calls {@link #poll}.
 */
final class LogTail {
    private static final String SUFFIX = ".log";
    /** Read at most this much per file and poll. */
    private static final int MAX_CHUNK = 4 * 1024 * 1024;

    private final Path directory;
    private final Map<Path, Long> offsets = new HashMap<>();

    LogTail(Path directory) {
        this.directory = directory;
    }

    /** Gives every new complete line to {@code consumer} with the function name (the file name without .log). */
    void poll(BiConsumer<String, String> consumer) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                String function = file.getFileName().toString();
                read(file, line -> consumer.accept(function.substring(0, function.length() - SUFFIX.length()), line));
            }
        }
    }

    private void read(Path file, java.util.function.Consumer<String> lines) throws IOException {
        long offset = offsets.getOrDefault(file, 0L);
        long size = Files.size(file);
        if (size < offset) { // truncated or replaced: start over
            offset = 0;
        }
        if (size == offset) {
            return;
        }
        byte[] bytes;
        try (SeekableByteChannel channel = Files.newByteChannel(file); InputStream in = Channels.newInputStream(channel.position(offset))) {
            bytes = in.readNBytes((int) Math.min(size - offset, MAX_CHUNK));
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end == 0) { // no complete line yet; one longer than a chunk is skipped, as CloudWatch Logs truncates it
            if (bytes.length == MAX_CHUNK) {
                offsets.put(file, offset + bytes.length);
            }
            return;
        }
        offsets.put(file, offset + end); // only whole lines, so a multi-byte character is never split
        new String(bytes, 0, end, StandardCharsets.UTF_8).lines().forEach(lines);
    }
}
