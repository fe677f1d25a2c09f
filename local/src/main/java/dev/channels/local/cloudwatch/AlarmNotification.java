package dev.channels.local.cloudwatch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SNS message CloudWatch publishes when an alarm changes state: the JSON document (AlarmName, NewStateValue,
 * NewStateReason, StateChangeTime, Region as its long name, AlarmArn, OldStateValue, Trigger...) and the subject
 * {@code ALARM: "name" in EU (Ireland)}.
 */
public final class AlarmNotification {
    private static final DateTimeFormatter CHANGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** The long region names CloudWatch puts in {@code Region} and the subject. */
    private static final Map<String, String> REGION_NAMES = Map.ofEntries(
            Map.entry("us-east-1", "US East (N. Virginia)"), Map.entry("us-east-2", "US East (Ohio)"),
            Map.entry("us-west-1", "US West (N. California)"), Map.entry("us-west-2", "US West (Oregon)"),
            Map.entry("eu-west-1", "EU (Ireland)"), Map.entry("eu-west-2", "EU (London)"), Map.entry("eu-west-3", "EU (Paris)"),
            Map.entry("eu-central-1", "EU (Frankfurt)"), Map.entry("eu-central-2", "EU (Zurich)"), Map.entry("eu-north-1", "EU (Stockholm)"),
            Map.entry("eu-south-1", "EU (Milan)"), Map.entry("eu-south-2", "EU (Spain)"),
            Map.entry("ap-southeast-1", "Asia Pacific (Singapore)"), Map.entry("ap-southeast-2", "Asia Pacific (Sydney)"),
            Map.entry("ap-northeast-1", "Asia Pacific (Tokyo)"), Map.entry("ap-northeast-2", "Asia Pacific (Seoul)"),
            Map.entry("ap-south-1", "Asia Pacific (Mumbai)"), Map.entry("ca-central-1", "Canada (Central)"),
            Map.entry("sa-east-1", "South America (Sao Paulo)"));

    private AlarmNotification() {
    }

    public static String regionName(String region) {
        return REGION_NAMES.getOrDefault(region, region);
    }

    public static String subject(Alarm.Transition transition, String region) {
        String subject = transition.newState() + ": \"" + transition.alarm().definition().name() + "\" in " + regionName(region);
        return subject.length() <= 100 ? subject : subject.substring(0, 100); // SNS's subject limit
    }

    public static ObjectNode message(Alarm.Transition transition, String region, String accountId) {
        AlarmDefinition alarm = transition.alarm().definition();
        ObjectNode json = Json.object();
        json.put("AlarmName", alarm.name());
        json.put("AlarmDescription", alarm.description().isEmpty() ? null : alarm.description());
        json.put("AWSAccountId", accountId);
        json.put("AlarmConfigurationUpdatedTimestamp", format(transition.alarm().configuredAt()));
        json.put("NewStateValue", transition.newState().name());
        json.put("NewStateReason", transition.reason());
        json.put("StateChangeTime", format(transition.time()));
        json.put("Region", regionName(region));
        json.put("AlarmArn", alarm.arn());
        json.put("OldStateValue", transition.oldState().name());
        strings(json.putArray("OKActions"), alarm.okActions());
        strings(json.putArray("AlarmActions"), alarm.alarmActions());
        strings(json.putArray("InsufficientDataActions"), alarm.insufficientDataActions());
        ObjectNode trigger = json.putObject("Trigger");
        trigger.put("MetricName", alarm.metric().name());
        trigger.put("Namespace", alarm.metric().namespace());
        boolean standard = List.of("SampleCount", "Sum", "Average", "Minimum", "Maximum").contains(alarm.statistic());
        trigger.put("StatisticType", standard ? "Statistic" : "ExtendedStatistic");
        if (standard) {
            trigger.put("Statistic", alarm.statistic().toUpperCase(Locale.ROOT));
        } else {
            trigger.put("ExtendedStatistic", alarm.statistic());
        }
        trigger.put("Unit", alarm.unit().orElse(null));
        ArrayNode dimensions = trigger.putArray("Dimensions");
        alarm.dimensions().forEach((name, value) -> dimensions.addObject().put("value", value).put("name", name));
        trigger.put("Period", alarm.period().toSeconds());
        trigger.put("EvaluationPeriods", alarm.evaluationPeriods());
        trigger.put("DatapointsToAlarm", alarm.datapointsToAlarm());
        trigger.put("ComparisonOperator", alarm.comparison().name());
        trigger.put("Threshold", alarm.threshold());
        trigger.put("TreatMissingData", alarm.treatMissingData().name());
        trigger.put("EvaluateLowSampleCountPercentile", "");
        return json;
    }

    private static String format(Instant time) {
        return CHANGE_TIME.format(time);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
