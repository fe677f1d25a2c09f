package dev.channels.constructs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.channels.constructs.Naming.Kind;
import dev.channels.contract.DeadLetterAttributes;
import dev.channels.contract.Metrics;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.constructs.Construct;

/**
 * A channel's monitoring: its alarms on the env's alarm topic (dead letters, parked notices, age, errors,
 * throttles, 5xx, the handlers' own failure metrics) and its row on the env's dashboard.
 */
final class ChannelMonitoring {
    /** The dashboard's grid is 24 units wide: a title or a row-wide widget. */
    private static final int FULL_WIDTH = 24;
    /** Two graphs side by side. */
    private static final int HALF_WIDTH = 12;
    /** Four graphs side by side. */
    private static final int QUARTER_WIDTH = 6;
    /** A one-line title above the channel's graphs. */
    private static final int TITLE_HEIGHT = 1;

    private final Construct scope;
    private final ChannelsEnvironment environment;
    private final ChannelProps props;
    private final String kebab;
    private final ChannelQueues queues;
    private final ChannelFunctions functions;

    ChannelMonitoring(Construct scope, ChannelsEnvironment environment, ChannelProps props, ChannelQueues queues,
                      ChannelFunctions functions) {
        this.scope = scope;
        this.environment = environment;
        this.props = props;
        this.kebab = Naming.kebab(props.name());
        this.queues = queues;
        this.functions = functions;
        createAlarms();
        addDashboardRow();
    }

    private void createAlarms() {
        MetricOptions maximum = MetricOptions.builder().statistic("Maximum").period(Defaults.ALARM_PERIOD).build();
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(Defaults.ALARM_PERIOD).build();
        alarm("InboxDlqDepthAlarm", "inbox-dlq-depth", "Messages that were not stored: parked by ingest at once "
                + "because they can never be stored (reason in the message attribute " + DeadLetterAttributes.REASON + "), "
                + "or failed " + Defaults.MAX_RECEIVE_COUNT + " receives. Read the reason, fix the cause, then redrive "
                + "the DLQ to the inbox (docs/operations.md)", queues.inboxDlq().metricApproximateNumberOfMessagesVisible(maximum), 0);
        alarm("NotifyDlqDepthAlarm", "notify-dlq-depth", "Stream records notify could neither tell nor park (the "
                        + "notices queue refused them, or a record could not be read): the DLQ holds their shard and "
                        + "sequence numbers only; see docs/operations.md, 'The notify DLQ'",
                queues.notifyDlq().metricApproximateNumberOfMessagesVisible(maximum), 0);
        alarm("NoticesDepthAlarm", "notices-depth", "Changes parked after Slack failed; fix Slack and run "
                        + "`java -jar tools/target/channels-tools.jar redrive-notices --queue-url "
                        + queues.notices().getQueueUrl() + " --ledger-table " + environment.idempotencyTable().getTableName()
                        + " --secret-id " + environment.slackSecret().getSecretArn() + "` (docs/operations.md, "
                        + "'Redriving parked notices')",
                queues.notices().metricApproximateNumberOfMessagesVisible(maximum), 0);
        alarm("InboxAgeAlarm", "inbox-age", "The oldest message in the inbox waited longer than "
                        + Defaults.INBOX_AGE_ALARM.toMinutes() + " minutes: ingest is down or far behind",
                queues.inbox().metricApproximateAgeOfOldestMessage(maximum), Defaults.INBOX_AGE_ALARM.toSeconds().doubleValue());
        alarm("IngestErrorsAlarm", "ingest-errors", "Ingest invocations failed as a whole",
                functions.ingestFunction().metricErrors(sum), 0);
        alarm("IngestThrottlesAlarm", "ingest-throttles", "Ingest invocations were throttled",
                functions.ingestFunction().metricThrottles(sum), 0);
        alarm("NotifyErrorsAlarm", "notify-errors", "Notify invocations failed as a whole",
                functions.notifyFunction().metricErrors(sum), 0);
        alarm("NotifyThrottlesAlarm", "notify-throttles", "Notify invocations were throttled",
                functions.notifyFunction().metricThrottles(sum), 0);
        alarm("StreamIteratorAgeAlarm", "stream-iterator-age", "Notifications are more than "
                        + Defaults.ITERATOR_AGE_ALARM.toMinutes() + " minutes behind the table",
                functions.notifyFunction().metric("IteratorAge", maximum), Defaults.ITERATOR_AGE_ALARM.toMilliseconds().doubleValue());
        alarm("Api5xxAlarm", "api-5xx", "POST /" + kebab + " answered 5xx: producers are retrying",
                apiMetric("5XXError", sum), 0);
        alarm("IngestFailedAlarm", "ingest-failed", "Ingest reported messages failed: SQS retries them and after "
                        + Defaults.MAX_RECEIVE_COUNT + " receives moves them to the inbox DLQ",
                handlerMetric(Metrics.INGEST_HANDLER, Metrics.FAILED, sum), 0);
        alarm("NotifyFailedAlarm", "notify-failed", "Notify reported stream records failed: the stream retries "
                        + "them; notify parks a change in the notices queue after " + Defaults.NOTIFY_PARK_AFTER_ATTEMPTS
                        + " failed deliveries, and what it cannot park reaches the notify DLQ",
                handlerMetric(Metrics.NOTIFY_HANDLER, Metrics.FAILED, sum), 0);
        alarm("SlackRejectedAlarm", "slack-rejected", "Slack refused messages for good (400/403/404/410): the "
                        + "webhook is gone or revoked, or a message is invalid. The changes are parked in the notices "
                        + "queue: set a working webhook in the secret, then run tools redrive-notices (see the "
                        + "notices-depth alarm)",
                handlerMetric(Metrics.NOTIFY_HANDLER, Metrics.SLACK_REJECTED, sum), 0);
    }

    private void alarm(String id, String role, String description, IMetric metric, double threshold) {
        environment.alarm(scope, id, environment.naming().name(Kind.ALARM, kebab, role), description, metric, threshold);
    }

    /** A metric of this route alone; the stage publishes per-route metrics because metricsEnabled is set. */
    private Metric apiMetric(String metricName, MetricOptions options) {
        return Metric.Builder.create()
                .namespace("AWS/ApiGateway")
                .metricName(metricName)
                .dimensionsMap(new TreeMap<>(Map.of(
                        "ApiName", environment.api().getRestApiName(),
                        "Stage", Defaults.STAGE_NAME,
                        "Resource", "/" + kebab,
                        "Method", "POST")))
                .statistic(options.getStatistic())
                .period(options.getPeriod())
                .build();
    }

    /**
     * A metric the handlers publish (embedded metric format) for this channel: namespace, dimensions and
     * names as {@link Metrics} defines them.
     */
    private Metric handlerMetric(String handler, String metricName, MetricOptions options) {
        return Metric.Builder.create()
                .namespace(Metrics.NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(new TreeMap<>(Map.of(
                        Metrics.ENV, environment.naming().env(),
                        Metrics.CHANNEL, props.name(),
                        Metrics.HANDLER, handler)))
                .statistic(options.getStatistic())
                .period(options.getPeriod())
                .build();
    }

    private List<IMetric> handlerMetrics(String handler, List<String> metricNames, MetricOptions options) {
        return metricNames.stream().<IMetric>map(name -> handlerMetric(handler, name, options)).toList();
    }

    private void addDashboardRow() {
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(Defaults.ALARM_PERIOD).build();
        MetricOptions maximum = MetricOptions.builder().statistic("Maximum").period(Defaults.ALARM_PERIOD).build();
        environment.dashboard().addWidgets(TextWidget.Builder.create()
                .markdown("## " + props.name() + " (`POST /" + kebab + "`)")
                .width(FULL_WIDTH)
                .height(TITLE_HEIGHT)
                .build());
        environment.dashboard().addWidgets(
                graph("API", List.of(apiMetric("Count", sum), apiMetric("5XXError", sum), apiMetric("4XXError", sum))),
                graph("Inbox", List.of(queues.inbox().metricApproximateNumberOfMessagesVisible(maximum),
                        queues.inbox().metricApproximateAgeOfOldestMessage(maximum))),
                graph("Functions", List.of(functions.ingestFunction().metricInvocations(sum), functions.ingestFunction().metricErrors(sum),
                        functions.notifyFunction().metricInvocations(sum), functions.notifyFunction().metricErrors(sum),
                        functions.notifyFunction().metric("IteratorAge", maximum))),
                graph("Dead letters", List.of(queues.inboxDlq().metricApproximateNumberOfMessagesVisible(maximum),
                        queues.notifyDlq().metricApproximateNumberOfMessagesVisible(maximum),
                        queues.notices().metricApproximateNumberOfMessagesVisible(maximum))));
        environment.dashboard().addWidgets(
                graph("Ingest outcomes", handlerMetrics(Metrics.INGEST_HANDLER, Metrics.INGEST_METRICS, sum), HALF_WIDTH),
                graph("Notify and Slack", handlerMetrics(Metrics.NOTIFY_HANDLER, Metrics.NOTIFY_METRICS, sum),
                        HALF_WIDTH));
    }

    private IWidget graph(String title, List<IMetric> metrics) {
        return graph(title, metrics, QUARTER_WIDTH);
    }

    private IWidget graph(String title, List<IMetric> metrics, int width) {
        return GraphWidget.Builder.create()
                .title(props.name() + ": " + title)
                .left(metrics)
                .width(width)
                .build();
    }
}
