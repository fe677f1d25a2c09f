package dev.channels.tools.capacity;

import dev.channels.tools.cli.Flags;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The capacity command's flags. The optional ones override an assumption ({@link Assumptions} says what each
 * defaults to).
 *
 * @param sources print the prices, limits and measurements used, and nothing else
 */
public record CapacityOptions(Path template, String channel, long objectsPerMonth, OptionalInt objectBytes,
        OptionalInt itemBytes, OptionalDouble ingestMsPerBatch, OptionalDouble notifyMsPerBatch,
        OptionalDouble ingestBatchFill, OptionalDouble notifyBatchFill, OptionalInt streamShards,
        OptionalInt platformLogBytes, OptionalInt apiLogBytes, OptionalLong coldStartsPerMonth, boolean sources) {

    /** Wrong flags, with a message that says which and how. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<String> VALUED = Set.of("--template", "--channel", "--objects-per-month", "--object-bytes",
            "--item-bytes", "--ingest-ms-per-batch", "--notify-ms-per-batch", "--ingest-batch-fill", "--notify-batch-fill",
            "--stream-shards", "--platform-log-bytes", "--api-log-bytes", "--cold-starts-per-month");

    public static CapacityOptions parse(String[] args) throws UsageException {
        Map<String, String> flags = Flags.parse(args, VALUED, Set.of("--sources"), UsageException::new);
        if (flags.containsKey("--sources")) {
            if (flags.size() > 1) {
                throw new UsageException("--sources takes no other flag");
            }
            return new CapacityOptions(null, null, 0, OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(),
                    OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty(), true);
        }
        String template = flags.get("--template");
        String channel = flags.get("--channel");
        if (template == null) {
            throw new UsageException("--template is required: a synthesized template, e.g. cdk.out/dev-channels.template.json");
        }
        if (channel == null) {
            throw new UsageException("--channel is required: the channel's name, e.g. JobOrder");
        }
        if (!flags.containsKey("--objects-per-month")) {
            throw new UsageException("--objects-per-month is required: the volume to price, e.g. 10000000");
        }
        long objects = positiveLong(flags, "--objects-per-month", "a positive number of objects");
        OptionalDouble ingestFill = positiveDouble(flags, "--ingest-batch-fill");
        OptionalDouble notifyFill = positiveDouble(flags, "--notify-batch-fill");
        for (Map.Entry<String, OptionalDouble> fill : Map.of("--ingest-batch-fill", ingestFill, "--notify-batch-fill",
                notifyFill).entrySet()) {
            if (fill.getValue().isPresent() && fill.getValue().getAsDouble() < 1) {
                throw new UsageException(fill.getKey() + " is an average number of records per invocation: at least 1, not '"
                        + flags.get(fill.getKey()) + "'");
            }
        }
        return new CapacityOptions(Path.of(template), channel, objects, positiveInt(flags, "--object-bytes"),
                positiveInt(flags, "--item-bytes"), positiveDouble(flags, "--ingest-ms-per-batch"),
                positiveDouble(flags, "--notify-ms-per-batch"), ingestFill, notifyFill, positiveInt(flags, "--stream-shards"),
                nonNegativeInt(flags, "--platform-log-bytes"), nonNegativeInt(flags, "--api-log-bytes"),
                flags.containsKey("--cold-starts-per-month")
                        ? OptionalLong.of(nonNegativeLong(flags, "--cold-starts-per-month")) : OptionalLong.empty(),
                false);
    }

    private static long positiveLong(Map<String, String> flags, String flag, String what) throws UsageException {
        long value = parseLong(flags, flag, what);
        if (value <= 0) {
            throw new UsageException(flag + " must be " + what + ", not '" + flags.get(flag) + "'");
        }
        return value;
    }

    private static long nonNegativeLong(Map<String, String> flags, String flag) throws UsageException {
        long value = parseLong(flags, flag, "a whole number, 0 or more");
        if (value < 0) {
            throw new UsageException(flag + " must be a whole number, 0 or more, not '" + flags.get(flag) + "'");
        }
        return value;
    }

    private static long parseLong(Map<String, String> flags, String flag, String what) throws UsageException {
        try {
            return Long.parseLong(flags.get(flag).replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be " + what + ", not '" + flags.get(flag) + "'");
        }
    }

    private static OptionalInt positiveInt(Map<String, String> flags, String flag) throws UsageException {
        return flags.containsKey(flag) ? OptionalInt.of(toInt(flags, flag, positiveLong(flags, flag, "a positive whole number")))
                : OptionalInt.empty();
    }

    private static OptionalInt nonNegativeInt(Map<String, String> flags, String flag) throws UsageException {
        return flags.containsKey(flag) ? OptionalInt.of(toInt(flags, flag, nonNegativeLong(flags, flag))) : OptionalInt.empty();
    }

    private static int toInt(Map<String, String> flags, String flag, long value) throws UsageException {
        if (value > Integer.MAX_VALUE) {
            throw new UsageException(flag + " is too large: '" + flags.get(flag) + "'");
        }
        return (int) value;
    }

    private static OptionalDouble positiveDouble(Map<String, String> flags, String flag) throws UsageException {
        if (!flags.containsKey(flag)) {
            return OptionalDouble.empty();
        }
        double value;
        try {
            value = Double.parseDouble(flags.get(flag));
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UsageException(flag + " must be a positive number, not '" + flags.get(flag) + "'");
        }
        return OptionalDouble.of(value);
    }
}
