package dev.channels.local.lambda.testhandlers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Test handlers report what they did by appending lines to {@code $OUTPUT_DIR/<function>.out}. */
final class Output {
    private Output() {
    }

    static synchronized void line(String text) {
        String dir = System.getenv("OUTPUT_DIR");
        if (dir == null || dir.isEmpty()) {
            return;
        }
        try {
            Files.writeString(Path.of(dir, System.getenv("AWS_LAMBDA_FUNCTION_NAME") + ".out"), text + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
