package dev.channels.local.cloudwatch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudWatch's statistics over the values of one period: {@code SampleCount}, {@code Sum}, {@code Average},
 * {@code Minimum}, {@code Maximum} and percentiles {@code p0}..{@code p100} (nearest rank, as CloudWatch
 * computes them on raw values). Other extended statistics (trimmed means, IQM, ...) are refused by
 * {@link #isSupported}, so a caller can list them rather than answer wrongly.
 */
public final class Statistics {
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{1,10})?|100)");
    private static final List<String> STANDARD = List.of("SampleCount", "Sum", "Average", "Minimum", "Maximum");

    private Statistics() {
    }

    public static boolean isSupported(String statistic) {
        return STANDARD.contains(statistic) || PERCENTILE.matcher(statistic.toLowerCase(Locale.ROOT)).matches();
    }

    /** The statistic of {@code values}; empty when there are none (a missing datapoint). */
    public static OptionalDouble of(String statistic, double[] values) {
        if (values.length == 0) {
            return OptionalDouble.empty();
        }
        switch (statistic) {
            case "SampleCount":
                return OptionalDouble.of(values.length);
            case "Sum":
                return OptionalDouble.of(Arrays.stream(values).sum());
            case "Average":
                return Arrays.stream(values).average();
            case "Minimum":
                return Arrays.stream(values).min();
            case "Maximum":
                return Arrays.stream(values).max();
            default:
                Matcher percentile = PERCENTILE.matcher(statistic.toLowerCase(Locale.ROOT));
                if (!percentile.matches()) {
                    throw new IllegalArgumentException("Unsupported statistic: " + statistic);
                }
                double p = Double.parseDouble(percentile.group(1));
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                int rank = (int) Math.ceil(p / 100.0 * sorted.length);
                return OptionalDouble.of(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))]);
        }
    }
}
