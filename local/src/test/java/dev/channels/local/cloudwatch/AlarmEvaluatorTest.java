package dev.channels.local.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.local.cloudwatch.AlarmDefinition.Comparison;
import dev.channels.local.cloudwatch.AlarmDefinition.TreatMissingData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CloudWatch's documented alarm rules, one rule per test (the conformance table in docs/design/local-cloud.md). */
class AlarmEvaluatorTest {
    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "GreaterThanThreshold, 1, 0, ALARM", "GreaterThanThreshold, 0, 0, OK",
            "GreaterThanOrEqualToThreshold, 0, 0, ALARM", "GreaterThanOrEqualToThreshold, -1, 0, OK",
            "LessThanThreshold, -1, 0, ALARM", "LessThanThreshold, 0, 0, OK",
            "LessThanOrEqualToThreshold, 0, 0, ALARM", "LessThanOrEqualToThreshold, 1, 0, OK"})
    void comparisonOperatorAgainstTheThreshold(Comparison comparison, double value, double threshold, AlarmState expected) {
        AlarmDefinition alarm = alarm(comparison, threshold, 1, 1, TreatMissingData.missing);
        assertThat(AlarmEvaluator.evaluate(alarm, periods(value), AlarmState.INSUFFICIENT_DATA).state()).isEqualTo(expected);
    }

    @Test
    void mOutOfNDatapointsToAlarm() {
        AlarmDefinition twoOfThree = alarm(Comparison.GreaterThanThreshold, 0, 3, 2, TreatMissingData.missing);
        assertThat(AlarmEvaluator.evaluate(twoOfThree, periods(1, 0, 0), AlarmState.OK).state()).isEqualTo(AlarmState.OK);
        AlarmEvaluator.Outcome alarmed = AlarmEvaluator.evaluate(twoOfThree, periods(1, 0, 1), AlarmState.OK);
        assertThat(alarmed.state()).isEqualTo(AlarmState.ALARM);
        assertThat(alarmed.reason()).isEqualTo("Threshold Crossed: 2 out of the last 3 datapoints [1.0 (06/12/26 12:02:00),"
                + " 1.0 (06/12/26 12:00:00)] were greater than the threshold (0.0) (minimum 2 datapoints for OK -> ALARM transition).");
    }

    @Test
    void oneDatapointReasonAsCloudWatchWordsIt() {
        AlarmDefinition alarm = alarm(Comparison.GreaterThanThreshold, 0, 1, 1, TreatMissingData.notBreaching);
        assertThat(AlarmEvaluator.evaluate(alarm, periods(3), AlarmState.OK).reason())
                .isEqualTo("Threshold Crossed: 1 datapoint [3.0 (06/12/26 12:00:00)] was greater than the threshold (0.0).");
        assertThat(AlarmEvaluator.evaluate(alarm, periods(0), AlarmState.ALARM).reason())
                .isEqualTo("Threshold Crossed: 1 datapoint [0.0 (06/12/26 12:00:00)] was not greater than the threshold (0.0).");
    }

    @Test
    void allMissingFollowsTreatMissingData() {
        List<AlarmEvaluator.Period> none = periods(Double.NaN, Double.NaN);
        assertThat(evaluate(TreatMissingData.missing, none, AlarmState.OK).state()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(evaluate(TreatMissingData.notBreaching, none, AlarmState.ALARM).state()).isEqualTo(AlarmState.OK);
        assertThat(evaluate(TreatMissingData.breaching, none, AlarmState.OK).state()).isEqualTo(AlarmState.ALARM);
        AlarmEvaluator.Outcome ignored = evaluate(TreatMissingData.ignore, none, AlarmState.ALARM);
        assertThat(ignored.evaluated()).isFalse();
        assertThat(ignored.state()).isEqualTo(AlarmState.ALARM);
        assertThat(evaluate(TreatMissingData.notBreaching, none, AlarmState.ALARM).reason()).isEqualTo("Threshold Crossed: no"
                + " datapoints were received for 2 periods and 2 missing datapoints were treated as [NonBreaching].");
    }

    @Test
    void someMissingCountAsBreachingOnlyUnderBreaching() {
        List<AlarmEvaluator.Period> oneBadOneMissing = periods(1, Double.NaN);
        AlarmDefinition needsTwo = alarm(Comparison.GreaterThanThreshold, 0, 2, 2, TreatMissingData.breaching);
        assertThat(AlarmEvaluator.evaluate(needsTwo, oneBadOneMissing, AlarmState.OK).state()).isEqualTo(AlarmState.ALARM);
        for (TreatMissingData treat : List.of(TreatMissingData.notBreaching, TreatMissingData.missing, TreatMissingData.ignore)) {
            AlarmDefinition alarm = alarm(Comparison.GreaterThanThreshold, 0, 2, 2, treat);
            assertThat(AlarmEvaluator.evaluate(alarm, oneBadOneMissing, AlarmState.OK).state()).as(treat.name()).isEqualTo(AlarmState.OK);
        }
    }

    @Test
    void statisticsIncludingPercentiles() {
        double[] values = {5, 1, 4, 2, 3};
        assertThat(Statistics.of("SampleCount", values)).hasValue(5);
        assertThat(Statistics.of("Sum", values)).hasValue(15);
        assertThat(Statistics.of("Average", values)).hasValue(3);
        assertThat(Statistics.of("Minimum", values)).hasValue(1);
        assertThat(Statistics.of("Maximum", values)).hasValue(5);
        assertThat(Statistics.of("p50", values)).hasValue(3);
        assertThat(Statistics.of("p99", values)).hasValue(5);
        assertThat(Statistics.of("Sum", new double[0])).isEmpty();
        assertThat(Statistics.isSupported("p99.9")).isTrue();
        assertThat(Statistics.isSupported("tm99")).isFalse();
    }

    private static AlarmEvaluator.Outcome evaluate(TreatMissingData treat, List<AlarmEvaluator.Period> periods, AlarmState current) {
        return AlarmEvaluator.evaluate(alarm(Comparison.GreaterThanThreshold, 0, periods.size(), periods.size(), treat), periods, current);
    }

    /** Periods a minute apart from T0, oldest first; NaN for a period without data. */
    static List<AlarmEvaluator.Period> periods(double... values) {
        List<AlarmEvaluator.Period> periods = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            periods.add(new AlarmEvaluator.Period(T0.plusSeconds(60L * i),
                    Double.isNaN(values[i]) ? OptionalDouble.empty() : OptionalDouble.of(values[i])));
        }
        return periods;
    }

    static AlarmDefinition alarm(Comparison comparison, double threshold, int evaluationPeriods, int datapointsToAlarm,
            TreatMissingData treat) {
        return new AlarmDefinition("Alarm", "dev-test-alarm", "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:dev-test-alarm", "",
                MetricKey.of("Channels", "failed", Map.of("Env", "dev")), Duration.ofMinutes(1), "Sum", Optional.empty(), threshold,
                comparison, evaluationPeriods, datapointsToAlarm, treat, true, List.of("arn:aws:sns:eu-west-1:111111111111:topic"),
                List.of(), List.of(), List.of(), Optional.empty());
    }
}
