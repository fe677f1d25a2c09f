package dev.channels.local.lambda.bootstrap;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

/**
 * The function's {@link LambdaLogger}, as Lambda's Java runtime installs it: each {@code log} call is one log
 * event, so here one line of the function's output (a newline added when the message has none), written
 * whole under a lock. Without it, core's fallback logger prints messages back to back on one line, and a
 * reader of the log (the local CloudWatch's EMF extraction) could not tell where one event ends.
 */
final class FramedLogger implements LambdaLogger {
    private final PrintStream out;

    FramedLogger(PrintStream out) {
        this.out = out;
    }

    /**
     * Makes this the logger {@link LambdaRuntime#getLogger()} returns, as the runtime interface client does (the
     * field is core's, set by reflection there too); keeps core's fallback when that is not possible.
     */
    static void install(PrintStream out) {
        try {
            Field logger = LambdaRuntime.class.getDeclaredField("logger");
            logger.setAccessible(true);
            logger.set(null, new FramedLogger(out));
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("local Lambda runtime: log events are not framed (" + e + ")");
        }
    }

    @Override
    public void log(String message) {
        log(String.valueOf(message).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void log(byte[] message) {
        synchronized (out) {
            out.write(message, 0, message.length);
            if (message.length == 0 || message[message.length - 1] != '\n') {
                out.write('\n');
            }
            out.flush();
        }
    }
}
