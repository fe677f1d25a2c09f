package dev.channels.support.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda logger that keeps every line, so a test can read what a handler logged. */
public final class RecordingLambdaLogger implements LambdaLogger {
    // Thread-safe: a handler may run on another thread than the test that reads its lines.
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void log(String message) {
        lines.add(message);
    }

    @Override
    public void log(byte[] message) {
        lines.add(new String(message, StandardCharsets.UTF_8));
    }

    /** The level first, as the runtime's text format shows it. */
    @Override
    public void log(String message, LogLevel level) {
        lines.add(level + " " + message);
    }

    /** Every line so far, in order; a copy. */
    public List<String> lines() {
        return List.copyOf(lines);
    }
}
