package dev.channels.local.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * CloudWatch's JSON protocol (AWS JSON 1.0, {@code X-Amz-Target: GraniteServiceVersion20100801.<Action>}), which
 * the AWS CLI sends: {@code GetMetricStatistics}, {@code GetMetricData} (metric queries; expressions are
 * answered with a message, not evaluated), {@code ListMetrics}, {@code PutMetricData}, {@code DescribeAlarms},
 * {@code SetAlarmState}, {@code ListDashboards}, {@code GetDashboard}. Timestamps are epoch seconds.
 */
final class CloudWatchJsonApi {
    static final String TARGET_PREFIX = "GraniteServiceVersion20100801.";
    /** CloudWatch's cap on datapoints in one GetMetricStatistics answer. */
    private static final int MAX_DATAPOINTS = 1440;

    /** A response: status and JSON body. */
    record Answer(int status, ObjectNode body) {
    }

    /** A client error, answered 400 with its CloudWatch error code. */
    static final class ClientError extends RuntimeException {
        final String code;
        final int status;

        ClientError(String code, String message) {
            this(400, code, message);
        }

        ClientError(int status, String code, String message) {
            super(message);
            this.code = code;
            this.status = status;
        }
    }

    private final CloudWatchService cloudWatch;

    CloudWatchJsonApi(CloudWatchService cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    Answer answer(String action, JsonNode request) {
        try {
            ObjectNode body = switch (action) {
                case "GetMetricStatistics" -> getMetricStatistics(request);
                case "GetMetricData" -> getMetricData(request);
                case "ListMetrics" -> listMetrics(request);
                case "PutMetricData" -> putMetricData(request);
                case "DescribeAlarms" -> describeAlarms(request);
                case "SetAlarmState" -> setAlarmState(request);
                case "ListDashboards" -> listDashboards(request);
                case "GetDashboard" -> getDashboard(request);
                default -> throw new ClientError("InvalidAction", "The action " + action + " is not served by the local CloudWatch"
                        + " (GetMetricStatistics, GetMetricData, ListMetrics, PutMetricData, DescribeAlarms, SetAlarmState,"
                        + " ListDashboards, GetDashboard)");
            };
            return new Answer(200, body);
        } catch (ClientError e) {
            ObjectNode error = Json.object();
            error.put("__type", e.code);
            error.put("message", e.getMessage());
            return new Answer(e.status, error);
        }
    }

    private ObjectNode getMetricStatistics(JsonNode request) {
        MetricKey key = metric(request);
        Instant start = time(request, "StartTime");
        Instant end = time(request, "EndTime");
        long period = positive(request, "Period");
        List<String> statistics = new ArrayList<>();
        request.path("Statistics").forEach(node -> statistics.add(node.asText()));
        request.path("ExtendedStatistics").forEach(node -> statistics.add(node.asText()));
        if (statistics.isEmpty()) {
            throw new ClientError("MissingParameter", "Statistics or ExtendedStatistics is required");
        }
        statistics.stream().filter(statistic -> !Statistics.isSupported(statistic)).findFirst().ifPresent(statistic -> {
            throw new ClientError("InvalidParameterValue", "Unsupported statistic: " + statistic);
        });
        if ((end.getEpochSecond() - start.getEpochSecond()) / period > MAX_DATAPOINTS) {
            throw new ClientError("InvalidParameterCombination", "You have requested up to " + MAX_DATAPOINTS
                    + " datapoints at most; use a longer Period or a shorter time range");
        }
        Optional<String> unit = text(request, "Unit");
        ObjectNode response = Json.object();
        response.put("Label", key.name());
        ArrayNode datapoints = response.putArray("Datapoints");
        for (long bucket = align(start.getEpochSecond(), period); bucket < end.getEpochSecond(); bucket += period) {
            double[] values = cloudWatch.store().values(key, Instant.ofEpochSecond(Math.max(bucket, start.getEpochSecond())),
                    Instant.ofEpochSecond(Math.min(bucket + period, end.getEpochSecond())), unit);
            if (values.length == 0) {
                continue;
            }
            ObjectNode datapoint = datapoints.addObject();
            datapoint.put("Timestamp", bucket);
            for (String statistic : statistics) {
                double value = Statistics.of(statistic, values).getAsDouble();
                if (Statistics.isSupported(statistic) && statistic.startsWith("p")) {
                    datapoint.with("ExtendedStatistics").put(statistic, value);
                } else {
                    datapoint.put(statistic, value);
                }
            }
            datapoint.put("Unit", unit.orElse(cloudWatch.store().unit(key)));
        }
        return response;
    }

    private ObjectNode getMetricData(JsonNode request) {
        Instant start = time(request, "StartTime");
        Instant end = time(request, "EndTime");
        boolean ascending = "TimestampAscending".equals(request.path("ScanBy").asText());
        ObjectNode response = Json.object();
        ArrayNode results = response.putArray("MetricDataResults");
        ArrayNode messages = response.putArray("Messages");
        JsonNode queries = request.path("MetricDataQueries");
        if (!queries.isArray() || queries.isEmpty() || queries.size() > 500) {
            throw new ClientError("InvalidParameterValue", "MetricDataQueries must have 1 to 500 queries");
        }
        for (JsonNode query : queries) {
            String id = query.path("Id").asText("");
            if (!query.path("ReturnData").asBoolean(true)) {
                continue;
            }
            ObjectNode result = results.addObject();
            result.put("Id", id);
            if (!query.has("MetricStat")) {
                result.put("Label", query.path("Label").asText(id));
                result.putArray("Timestamps");
                result.putArray("Values");
                result.put("StatusCode", "InternalError");
                ObjectNode message = messages.addObject();
                message.put("Code", "Unsupported");
                message.put("Value", id + ": metric math expressions are not evaluated by the local CloudWatch");
                continue;
            }
            JsonNode stat = query.path("MetricStat");
            MetricKey key = metric(stat.path("Metric"));
            long period = positive(stat, "Period");
            String statistic = stat.path("Stat").asText("");
            if (!Statistics.isSupported(statistic)) {
                throw new ClientError("InvalidParameterValue", id + ": unsupported Stat " + statistic);
            }
            Optional<String> unit = text(stat, "Unit");
            Map<Long, Double> points = new LinkedHashMap<>();
            for (long bucket = align(start.getEpochSecond(), period); bucket < end.getEpochSecond(); bucket += period) {
                OptionalDouble value = Statistics.of(statistic, cloudWatch.store().values(key, Instant.ofEpochSecond(bucket),
                        Instant.ofEpochSecond(bucket + period), unit));
                if (value.isPresent()) {
                    points.put(bucket, value.getAsDouble());
                }
            }
            List<Long> times = new ArrayList<>(points.keySet());
            if (!ascending) {
                java.util.Collections.reverse(times);
            }
            result.put("Label", query.path("Label").asText(key.name()));
            ArrayNode timestamps = result.putArray("Timestamps");
            ArrayNode values = result.putArray("Values");
            times.forEach(time -> {
                timestamps.add(time);
                values.add(points.get(time));
            });
            result.put("StatusCode", "Complete");
        }
        return response;
    }

    private ObjectNode listMetrics(JsonNode request) {
        Optional<String> namespace = text(request, "Namespace");
        Optional<String> name = text(request, "MetricName");
        Map<String, Optional<String>> filters = new LinkedHashMap<>();
        request.path("Dimensions").forEach(filter -> filters.put(filter.path("Name").asText(), text(filter, "Value")));
        ObjectNode response = Json.object();
        ArrayNode metrics = response.putArray("Metrics");
        cloudWatch.store().metrics(key -> namespace.map(key.namespace()::equals).orElse(true)
                        && name.map(key.name()::equals).orElse(true)
                        && filters.entrySet().stream().allMatch(filter -> key.dimensions().containsKey(filter.getKey())
                        && filter.getValue().map(key.dimensions().get(filter.getKey())::equals).orElse(true)))
                .forEach(key -> metrics.add(metricJson(key)));
        return response;
    }

    private ObjectNode putMetricData(JsonNode request) {
        String namespace = text(request, "Namespace").orElseThrow(() -> new ClientError("MissingParameter", "Namespace is required"));
        if (namespace.startsWith("AWS/")) {
            throw new ClientError("InvalidParameterValue", "The value AWS/ for parameter Namespace is invalid.");
        }
        JsonNode data = request.path("MetricData");
        if (!data.isArray() || data.isEmpty() || data.size() > 1000) {
            throw new ClientError("InvalidParameterValue", "MetricData must have 1 to 1000 items");
        }
        Instant now = cloudWatch.now();
        for (JsonNode datum : data) {
            ObjectNode withNamespace = datum.deepCopy();
            withNamespace.put("Namespace", namespace);
            MetricKey key = metric(withNamespace);
            Instant time = datum.has("Timestamp") ? time(datum, "Timestamp") : now;
            String unit = datum.path("Unit").asText("None");
            if (datum.has("Value")) {
                cloudWatch.store().add(key, new Datapoint(time, datum.path("Value").asDouble(), unit));
            }
            JsonNode values = datum.path("Values");
            JsonNode counts = datum.path("Counts");
            for (int i = 0; i < values.size(); i++) {
                int repeat = counts.has(i) ? Math.max(0, Math.min(counts.get(i).asInt(1), 10_000)) : 1;
                for (int r = 0; r < repeat; r++) {
                    cloudWatch.store().add(key, new Datapoint(time, values.get(i).asDouble(), unit));
                }
            }
        }
        return Json.object();
    }

    private ObjectNode describeAlarms(JsonNode request) {
        List<String> names = new ArrayList<>();
        request.path("AlarmNames").forEach(node -> names.add(node.asText()));
        Optional<String> prefix = text(request, "AlarmNamePrefix");
        Optional<String> state = text(request, "StateValue");
        ObjectNode response = Json.object();
        ArrayNode alarms = response.putArray("MetricAlarms");
        response.putArray("CompositeAlarms");
        for (Alarm alarm : cloudWatch.alarms()) {
            AlarmDefinition definition = alarm.definition();
            if ((!names.isEmpty() && !names.contains(definition.name()))
                    || prefix.filter(p -> !definition.name().startsWith(p)).isPresent()
                    || state.filter(s -> !alarm.state().name().equals(s)).isPresent()) {
                continue;
            }
            alarms.add(alarmJson(alarm));
        }
        return response;
    }

    private ObjectNode setAlarmState(JsonNode request) {
        String name = text(request, "AlarmName").orElseThrow(() -> new ClientError("MissingParameter", "AlarmName is required"));
        String value = text(request, "StateValue").orElseThrow(() -> new ClientError("MissingParameter", "StateValue is required"));
        String reason = text(request, "StateReason").orElseThrow(() -> new ClientError("MissingParameter", "StateReason is required"));
        AlarmState state;
        try {
            state = AlarmState.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new ClientError("InvalidParameterValue", "StateValue must be OK, ALARM or INSUFFICIENT_DATA");
        }
        if (reason.length() > 1023) {
            throw new ClientError("InvalidParameterValue", "StateReason is longer than 1023 characters");
        }
        if (!cloudWatch.setState(name, state, reason)) {
            throw new ClientError(404, "ResourceNotFound", "Alarm " + name + " does not exist");
        }
        return Json.object();
    }

    private ObjectNode listDashboards(JsonNode request) {
        Optional<String> prefix = text(request, "DashboardNamePrefix");
        ObjectNode response = Json.object();
        ArrayNode entries = response.putArray("DashboardEntries");
        cloudWatch.dashboards().forEach((name, body) -> {
            if (prefix.map(name::startsWith).orElse(true)) {
                ObjectNode entry = entries.addObject();
                entry.put("DashboardName", name);
                entry.put("DashboardArn", cloudWatch.dashboardArn(name));
                entry.put("Size", body.length());
            }
        });
        return response;
    }

    private ObjectNode getDashboard(JsonNode request) {
        String name = text(request, "DashboardName").orElseThrow(() -> new ClientError("MissingParameter", "DashboardName is required"));
        String body = cloudWatch.dashboards().get(name);
        if (body == null) {
            throw new ClientError(404, "ResourceNotFound", "Dashboard " + name + " does not exist");
        }
        ObjectNode response = Json.object();
        response.put("DashboardName", name);
        response.put("DashboardArn", cloudWatch.dashboardArn(name));
        response.put("DashboardBody", body);
        return response;
    }

    private static ObjectNode alarmJson(Alarm alarm) {
        AlarmDefinition definition = alarm.definition();
        ObjectNode json = Json.object();
        json.put("AlarmName", definition.name());
        json.put("AlarmArn", definition.arn());
        if (!definition.description().isEmpty()) {
            json.put("AlarmDescription", definition.description());
        }
        json.put("AlarmConfigurationUpdatedTimestamp", seconds(alarm.configuredAt()));
        json.put("ActionsEnabled", definition.actionsEnabled());
        definition.okActions().forEach(json.putArray("OKActions")::add);
        definition.alarmActions().forEach(json.putArray("AlarmActions")::add);
        definition.insufficientDataActions().forEach(json.putArray("InsufficientDataActions")::add);
        json.put("StateValue", alarm.state().name());
        json.put("StateReason", alarm.reason());
        json.put("StateUpdatedTimestamp", seconds(alarm.stateUpdatedAt()));
        json.put("StateTransitionedTimestamp", seconds(alarm.stateUpdatedAt()));
        json.put("MetricName", definition.metric().name());
        json.put("Namespace", definition.metric().namespace());
        if (Statistics.isSupported(definition.statistic()) && definition.statistic().startsWith("p")) {
            json.put("ExtendedStatistic", definition.statistic());
        } else {
            json.put("Statistic", definition.statistic());
        }
        ArrayNode dimensions = json.putArray("Dimensions");
        definition.dimensions().forEach((name, value) -> dimensions.addObject().put("Name", name).put("Value", value));
        json.put("Period", definition.period().toSeconds());
        definition.unit().ifPresent(unit -> json.put("Unit", unit));
        json.put("EvaluationPeriods", definition.evaluationPeriods());
        json.put("DatapointsToAlarm", definition.datapointsToAlarm());
        json.put("Threshold", definition.threshold());
        json.put("ComparisonOperator", definition.comparison().name());
        json.put("TreatMissingData", definition.treatMissingData().name());
        return json;
    }

    private static ObjectNode metricJson(MetricKey key) {
        ObjectNode json = Json.object();
        json.put("Namespace", key.namespace());
        json.put("MetricName", key.name());
        ArrayNode dimensions = json.putArray("Dimensions");
        key.dimensions().forEach((name, value) -> dimensions.addObject().put("Name", name).put("Value", value));
        return json;
    }

    private static MetricKey metric(JsonNode node) {
        String namespace = text(node, "Namespace").orElseThrow(() -> new ClientError("MissingParameter", "Namespace is required"));
        String name = text(node, "MetricName").orElseThrow(() -> new ClientError("MissingParameter", "MetricName is required"));
        Map<String, String> dimensions = new LinkedHashMap<>();
        node.path("Dimensions").forEach(d -> dimensions.put(d.path("Name").asText(), d.path("Value").asText()));
        if (dimensions.size() > MetricStore.MAX_DIMENSIONS) {
            throw new ClientError("InvalidParameterValue", "At most " + MetricStore.MAX_DIMENSIONS + " dimensions");
        }
        return MetricKey.of(namespace, name, dimensions);
    }

    /** A timestamp: epoch seconds (what the JSON protocol sends) or ISO-8601 text. */
    private static Instant time(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isNumber()) {
            return Instant.ofEpochMilli(Math.round(value.asDouble() * 1000));
        }
        try {
            return Instant.parse(value.asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new ClientError("InvalidParameterValue", field + " must be a timestamp");
        }
    }

    private static long positive(JsonNode node, String field) {
        long value = node.path(field).asLong(0);
        if (value <= 0) {
            throw new ClientError("InvalidParameterValue", field + " must be a positive number of seconds");
        }
        return value;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static double seconds(Instant time) {
        return time.toEpochMilli() / 1000.0;
    }

    private static long align(long epochSecond, long period) {
        return epochSecond - Math.floorMod(epochSecond, period);
    }
}
