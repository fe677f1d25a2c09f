package dev.channels.local;

import dev.channels.local.catalog.Emulation;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.catalog.ResourceType;
import dev.channels.local.cloudwatch.CloudWatchService;
import dev.channels.local.iam.gate.CloudWatchProtocol;
import dev.channels.local.iam.gate.ServiceGate;
import dev.channels.local.iam.gate.SnsProtocol;
import dev.channels.local.sns.SnsService;

/**
 * Registers the monitoring layer with a local cloud: the {@link SnsService} (topics, email subscriptions to a
 * local mailbox) and the {@link CloudWatchService} (metrics, alarms, dashboards), and the catalog rows that call
 * their types emulated.
 */
public final class MonitoringLayer {
    /** Real time: a 300 s alarm period takes 300 s. */
    public static final double REAL_TIME = 1;

    private MonitoringLayer() {
    }

    /** @param timeScale how many times faster alarm periods pass ({@code --time-scale}; {@link #REAL_TIME} by default) */
    public static LocalCloud.Builder install(LocalCloud.Builder builder, double timeScale) {
        CloudWatchService.requireTimeScale(timeScale); // now rather than when the cloud starts
        return builder.extendCatalog(MonitoringLayer::catalog)
                .service(context -> new SnsService(context).gate(ServiceGate.of(context.iam(), new SnsProtocol())))
                .service(context -> new CloudWatchService(context, timeScale)
                        .gate(ServiceGate.of(context.iam(), new CloudWatchProtocol())));
    }

    /** {@code base} with the SNS and CloudWatch types marked emulated. */
    public static ResourceCatalog catalog(ResourceCatalog base) {
        return base
                .with(row(base, SnsService.TOPIC, "topics of the stack; Publish, ListTopics over the awsQuery protocol"))
                .with(row(base, SnsService.SUBSCRIPTION, "email subscriptions deliver to <work>/mailbox.jsonl and the console"))
                .with(row(base, CloudWatchService.ALARM, "evaluated every minute (or faster with --time-scale) by CloudWatch's rules"))
                .with(row(base, CloudWatchService.DASHBOARD, "kept as synthesized: aws cloudwatch get-dashboard"));
    }

    private static ResourceType row(ResourceCatalog base, String type, String note) {
        return base.find(type).orElseThrow(() -> new IllegalStateException("No catalog row for " + type))
                .withEmulation(Emulation.EMULATED, note);
    }
}
