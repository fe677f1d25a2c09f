package dev.channels.local.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.cloudwatch.AlarmDefinition.Comparison;
import dev.channels.local.cloudwatch.AlarmDefinition.TreatMissingData;
import dev.channels.local.service.Inventory;
import dev.channels.local.template.ResolvedStack;
import dev.channels.local.template.TemplateResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the template's {@code AWS::CloudWatch::Alarm}s. What a single-metric alarm with a static threshold
 * needs is evaluated; anything else the template asks for (metric math, anomaly detection, an extended
 * statistic other than a percentile, an action that is not an SNS topic) is noted in the inventory, printed at
 * start, and kept in {@link AlarmDefinition#notes()}, never dropped silently.
 */
final class AlarmReader {
    static final String TYPE = "AWS::CloudWatch::Alarm";

    private AlarmReader() {
    }

    static List<AlarmDefinition> read(ResolvedStack stack, Inventory inventory) {
        List<AlarmDefinition> alarms = new ArrayList<>();
        for (TemplateResource resource : stack.resources(TYPE)) {
            AlarmDefinition alarm = read(stack, resource);
            alarm.notes().forEach(text -> inventory.note(resource, text));
            alarms.add(alarm);
        }
        return alarms;
    }

    static AlarmDefinition read(ResolvedStack stack, TemplateResource resource) {
        ObjectNode properties = stack.properties(resource);
        List<String> unsupported = new ArrayList<>();
        if (properties.has("Metrics")) {
            unsupported.add("Metrics (metric math and multi-metric alarms are not evaluated locally)");
        }
        if (properties.has("ThresholdMetricId")) {
            unsupported.add("ThresholdMetricId (anomaly detection is not evaluated locally)");
        }
        if (properties.has("EvaluateLowSampleCountPercentile")) {
            unsupported.add("EvaluateLowSampleCountPercentile (percentiles are always evaluated locally)");
        }
        String statistic = properties.path("Statistic").asText(properties.path("ExtendedStatistic").asText(""));
        if (!properties.has("Metrics") && !Statistics.isSupported(statistic)) {
            unsupported.add("statistic " + (statistic.isEmpty() ? "(none)" : statistic)
                    + " (locally: SampleCount, Sum, Average, Minimum, Maximum, pNN)");
        }
        Optional<Comparison> comparison = enumValue(Comparison.class, properties.path("ComparisonOperator").asText(""));
        if (comparison.isEmpty()) {
            unsupported.add("ComparisonOperator " + properties.path("ComparisonOperator").asText("")
                    + " (anomaly-band operators are not evaluated locally)");
        }
        String treatText = properties.path("TreatMissingData").asText("missing");
        Optional<TreatMissingData> treat = TreatMissingData.parse(treatText);
        if (treat.isEmpty()) {
            unsupported.add("TreatMissingData " + treatText + " (not one of missing, notBreaching, breaching, ignore)");
        }
        List<String> alarmActions = strings(properties.path("AlarmActions"));
        List<String> okActions = strings(properties.path("OKActions"));
        List<String> insufficientActions = strings(properties.path("InsufficientDataActions"));
        List<String> otherActions = new ArrayList<>();
        for (List<String> actions : List.of(alarmActions, okActions, insufficientActions)) {
            actions.stream().filter(action -> !action.startsWith("arn:") || !action.split(":")[2].equals("sns"))
                    .forEach(otherActions::add);
        }
        if (!otherActions.isEmpty()) {
            unsupported.add("actions other than SNS topics are not run locally: " + String.join(", ", otherActions));
        }
        Map<String, String> dimensions = new LinkedHashMap<>();
        properties.path("Dimensions").forEach(d -> dimensions.put(d.path("Name").asText(), d.path("Value").asText()));
        MetricKey metric = MetricKey.of(properties.path("Namespace").asText(""), properties.path("MetricName").asText(""), dimensions);
        if (!properties.has("Metrics") && !LocalMetrics.measured(metric)) {
            unsupported.add(metric.namespace() + " " + metric.name() + " is not measured locally (the alarm sees no data)");
        }
        int evaluationPeriods = Math.max(1, properties.path("EvaluationPeriods").asInt(1));
        String name = stack.physicalName(resource.logicalId());
        // Actions other than SNS are only listed: the alarm itself is still evaluated.
        boolean evaluable = !properties.has("Metrics") && !properties.has("ThresholdMetricId") && Statistics.isSupported(statistic)
                && comparison.isPresent() && treat.isPresent();
        return new AlarmDefinition(resource.logicalId(), name, stack.getAtt(resource.logicalId(), "Arn"),
                properties.path("AlarmDescription").asText(""),
                metric,
                Duration.ofSeconds(Math.max(1, properties.path("Period").asInt(60))), statistic,
                properties.has("Unit") ? Optional.of(properties.path("Unit").asText()) : Optional.empty(),
                properties.path("Threshold").asDouble(0), comparison.orElse(Comparison.GreaterThanThreshold),
                evaluationPeriods, Math.max(1, properties.path("DatapointsToAlarm").asInt(evaluationPeriods)),
                treat.orElse(TreatMissingData.missing), properties.path("ActionsEnabled").asBoolean(true),
                alarmActions, okActions, insufficientActions,
                unsupported, evaluable ? Optional.empty() : Optional.of("Not evaluated locally: " + String.join("; ", unsupported)));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static <E extends Enum<E>> Optional<E> enumValue(Class<E> type, String text) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(text)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
