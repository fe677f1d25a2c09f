package dev.channels.local.cloudwatch;

import dev.channels.local.cloudwatch.AlarmDefinition.TreatMissingData;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * CloudWatch's documented alarm rule for one evaluation, as a pure function: the statistic of each of the last
 * {@code EvaluationPeriods} periods (oldest first; empty for a period without data) against the threshold,
 * {@code DatapointsToAlarm} of them breaching for ALARM (M out of N), and {@code TreatMissingData} for the empty
 * ones:
 * <ul>
 *   <li>every period empty: {@code missing} gives INSUFFICIENT_DATA, {@code ignore} keeps the state,
 *       {@code breaching} ALARM, {@code notBreaching} OK;</li>
 *   <li>otherwise empty periods count as breaching under {@code breaching}, as not breaching under
 *       {@code notBreaching}, and are left out under {@code missing} and {@code ignore}; the alarm is ALARM
 *       when at least M periods breach, else OK.</li>
 * </ul>
 * The reasons are worded as CloudWatch words them, so a reader of {@code describe-alarms} or of the email sees
 * the familiar text.
 */
public final class AlarmEvaluator {
    /** The state an evaluation gives and why; {@code changed} is false when {@code ignore} kept the state. */
    public record Outcome(AlarmState state, String reason, boolean evaluated) {
    }

    /** One period's value and where it starts. */
    public record Period(Instant start, OptionalDouble value) {
    }

    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private AlarmEvaluator() {
    }

    public static Outcome evaluate(AlarmDefinition alarm, List<Period> periods, AlarmState current) {
        List<Period> present = periods.stream().filter(period -> period.value().isPresent()).toList();
        int missing = periods.size() - present.size();
        TreatMissingData treat = alarm.treatMissingData();
        if (present.isEmpty()) {
            String noData = "no datapoints were received for " + plural(periods.size(), "period") + " and "
                    + plural(missing, "missing datapoint") + " " + (missing == 1 ? "was" : "were") + " treated as ";
            return switch (treat) {
                case missing -> new Outcome(AlarmState.INSUFFICIENT_DATA,
                        "Insufficient Data: " + plural(missing, "datapoint") + " " + (missing == 1 ? "was" : "were") + " unknown.", true);
                case ignore -> new Outcome(current, "", false);
                case breaching -> new Outcome(AlarmState.ALARM, "Threshold Crossed: " + noData + "[Breaching].", true);
                case notBreaching -> new Outcome(AlarmState.OK, "Threshold Crossed: " + noData + "[NonBreaching].", true);
            };
        }
        List<Period> breachingPeriods = new ArrayList<>();
        for (Period period : present) {
            if (alarm.comparison().breaches(period.value().getAsDouble(), alarm.threshold())) {
                breachingPeriods.add(period);
            }
        }
        int breaching = breachingPeriods.size() + (treat == TreatMissingData.breaching ? missing : 0);
        boolean alarmed = breaching >= alarm.datapointsToAlarm();
        List<Period> shown = alarmed ? breachingPeriods : present;
        StringBuilder values = new StringBuilder();
        for (int i = shown.size() - 1; i >= 0; i--) { // newest first, as CloudWatch lists them
            Period period = shown.get(i);
            values.append(values.length() == 0 ? "" : ", ").append(number(period.value().getAsDouble()))
                    .append(" (").append(REASON_TIME.format(period.start())).append(")");
        }
        String subject = alarm.evaluationPeriods() == 1 && shown.size() == 1 ? "1 datapoint"
                : shown.size() + " out of the last " + alarm.evaluationPeriods() + " datapoints";
        String verb = shown.size() == 1 ? (alarmed ? "was " : "was not ") : (alarmed ? "were " : "were not ");
        String reason = "Threshold Crossed: " + subject + " [" + values + "] " + verb + alarm.comparison().words()
                + " the threshold (" + number(alarm.threshold()) + ")";
        if (alarm.evaluationPeriods() > 1) {
            reason += " (minimum " + plural(alarm.datapointsToAlarm(), "datapoint") + " for "
                    + (alarmed ? "OK -> ALARM" : "ALARM -> OK") + " transition)";
        }
        if (missing > 0 && treat != TreatMissingData.missing && treat != TreatMissingData.ignore) {
            reason += " and " + plural(missing, "missing datapoint") + " " + (missing == 1 ? "was" : "were") + " treated as ["
                    + (treat == TreatMissingData.breaching ? "Breaching" : "NonBreaching") + "]";
        }
        return new Outcome(alarmed ? AlarmState.ALARM : AlarmState.OK, reason + ".", true);
    }

    static String number(double value) {
        return Double.toString(value);
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
