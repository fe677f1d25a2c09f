package dev.channels.local.cloudwatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One metric alarm as the template defines it ({@code AWS::CloudWatch::Alarm} with a single metric).
 *
 * @param notes        what the template asks for that is not done locally, listed at start (empty: all of it is)
 * @param notEvaluated why the alarm is not evaluated at all, when it is not: it then stays {@code INSUFFICIENT_DATA}
 *                     with this as its reason
 */
public record AlarmDefinition(String logicalId, String name, String arn, String description, MetricKey metric,
        Duration period, String statistic, Optional<String> unit, double threshold, Comparison comparison,
        int evaluationPeriods, int datapointsToAlarm, TreatMissingData treatMissingData, boolean actionsEnabled,
        List<String> alarmActions, List<String> okActions, List<String> insufficientDataActions,
        List<String> notes, Optional<String> notEvaluated) {

    public AlarmDefinition {
        alarmActions = List.copyOf(alarmActions);
        okActions = List.copyOf(okActions);
        insufficientDataActions = List.copyOf(insufficientDataActions);
        notes = List.copyOf(notes);
    }

    /** {@code ComparisonOperator} for a static threshold. */
    public enum Comparison {
        GreaterThanOrEqualToThreshold(">="), GreaterThanThreshold(">"), LessThanThreshold("<"),
        LessThanOrEqualToThreshold("<=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public boolean breaches(double value, double threshold) {
            return switch (this) {
                case GreaterThanOrEqualToThreshold -> value >= threshold;
                case GreaterThanThreshold -> value > threshold;
                case LessThanThreshold -> value < threshold;
                case LessThanOrEqualToThreshold -> value <= threshold;
            };
        }

        /** As CloudWatch words it in a state reason: "greater than", "less than or equal to"... */
        public String words() {
            return switch (this) {
                case GreaterThanOrEqualToThreshold -> "greater than or equal to";
                case GreaterThanThreshold -> "greater than";
                case LessThanThreshold -> "less than";
                case LessThanOrEqualToThreshold -> "less than or equal to";
            };
        }

        public String symbol() {
            return symbol;
        }
    }

    /** {@code TreatMissingData}: how a period without a datapoint counts. */
    public enum TreatMissingData {
        missing, notBreaching, breaching, ignore;

        static Optional<TreatMissingData> parse(String text) {
            for (TreatMissingData value : values()) {
                if (value.name().equals(text)) {
                    return Optional.of(value);
                }
            }
            return Optional.empty();
        }
    }

    /** The actions of a state. */
    public List<String> actions(AlarmState state) {
        return switch (state) {
            case ALARM -> alarmActions;
            case OK -> okActions;
            case INSUFFICIENT_DATA -> insufficientDataActions;
        };
    }

    public Map<String, String> dimensions() {
        return metric.dimensions();
    }
}
