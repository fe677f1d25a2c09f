package dev.channels.tools.capacity;

import static dev.channels.tools.capacity.CapacityModel.count;
import static dev.channels.tools.capacity.CapacityModel.number;

import dev.channels.tools.capacity.CapacityModel.Cost;
import dev.channels.tools.capacity.CapacityModel.Report;
import dev.channels.tools.capacity.CapacityModel.Stage;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code capacity}: reads one channel's settings from a synthesized template, then prints where each stage
 * saturates (objects/s, the bottleneck marked) and what a month of the given volume costs by component, per month
 * and per million objects, with the total. Touches no AWS account. Exit 0, or 2 on wrong usage (one line).
 */
public final class CapacityCommand {
    public static final String USAGE = """
            capacity --template FILE --channel NAME --objects-per-month N [assumption flags]
              Where one channel saturates and what it costs, from the synthesized template's settings (API throttle,
              batch sizes, maximum concurrency, memory, architecture, parallelization factor, indexes, alarms, log
              retention, encryption) at us-east-1 list prices. docs/design/capacity-and-cost.md explains every line.
              --template                a synthesized template, e.g. cdk.out/dev-channels.template.json (npx cdk synth -c env=dev -q)
              --channel                 the channel's name, e.g. JobOrder
              --objects-per-month       the volume to price, e.g. 10000000
              assumptions (defaults in docs/design/capacity-and-cost.md):
              --object-bytes            size of one object's JSON body (default 1024)
              --item-bytes              its DynamoDB item size (default: the object + the metadata attributes)
              --ingest-ms-per-batch     ingest wall time for a full batch (default: measured, docs/design/cold-start.md)
              --notify-ms-per-batch     notify wall time for a full batch (default: measured, docs/design/cold-start.md)
              --ingest-batch-fill       messages per ingest invocation on average (default 1)
              --notify-batch-fill       changes per notify invocation on average (default: from the rate, 4 polls/s a shard)
              --stream-shards           open shards of the table's stream (default 1)
              --platform-log-bytes      Lambda's own log bytes per invocation (default 360)
              --api-log-bytes           bytes of one API access log line (default 420)
              --cold-starts-per-month   new execution environments per function a month (default 1000)
            capacity --sources
              Prints every price, limit and measurement used, with its source.""";

    private CapacityCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("help"))) {
            out.println(USAGE);
            return 0;
        }
        CapacityOptions options;
        ChannelSettings settings;
        try {
            options = CapacityOptions.parse(args);
            if (options.sources()) {
                printSources(out);
                return 0;
            }
            settings = TemplateReader.read(options.template(), options.channel());
        } catch (CapacityOptions.UsageException | TemplateReader.TemplateException e) {
            err.println("capacity: " + e.getMessage() + " (capacity --help lists the flags)");
            return 2;
        }
        Assumptions assumptions = Assumptions.resolve(options, settings);
        if (assumptions.objectBytes().value() > settings.inbox().maxMessageBytes()) {
            err.println("capacity: --object-bytes " + count(assumptions.objectBytes().value()) + " is more than the inbox "
                    + settings.inbox().name() + " accepts (" + count(settings.inbox().maxMessageBytes())
                    + " bytes; the API answers 413) (capacity --help lists the flags)");
            return 2;
        }
        print(CapacityModel.compute(settings, assumptions), options, out);
        return 0;
    }

    static void print(Report report, CapacityOptions options, PrintStream out) {
        ChannelSettings s = report.settings();
        Assumptions a = report.assumptions();
        out.printf(Locale.ROOT, "capacity of channel %s, env %s, from %s%n%n", s.channel(), s.env(), options.template());

        out.println("read from the template");
        ChannelSettings.Api api = s.api();
        row(out, "API", String.format(Locale.ROOT, "stage %s, POST %s: %s/s, burst %s (%s); X-Ray %s; access log %s",
                api.stage(), s.route(), number(api.rateLimit()), number(api.burstLimit()), api.throttleFrom(),
                onOff(api.tracing()), api.accessLogs() ? "kept " + days(api.accessLogRetentionDays()) : "off"));
        row(out, "inbox", String.format(Locale.ROOT, "%s: %s, maximum message %s bytes", s.inbox().name(),
                s.inbox().kms() ? "KMS, data key reuse " + s.inbox().dataKeyReuseSeconds() + " s" : "no KMS",
                count(s.inbox().maxMessageBytes())));
        row(out, "ingest", String.format(Locale.ROOT, "%s: batch %d, maximum concurrency %s, %s", s.ingestFunction().name(),
                s.ingestSource().batchSize(), s.ingestSource().maxConcurrency().isPresent()
                        ? Integer.toString(s.ingestSource().maxConcurrency().getAsInt()) : "none", function(s.ingestFunction())));
        row(out, "table", table(s.table()));
        row(out, "notify", String.format(Locale.ROOT, "%s: batch %d, parallelization factor %d, %s", s.notifyFunction().name(),
                s.notifySource().batchSize(), s.notifySource().parallelizationFactor(), function(s.notifyFunction())));
        row(out, "ledger", table(s.ledger()));
        row(out, "archive", String.format(Locale.ROOT, "%s: raw archive %s, bucket key %s", s.archive().name(),
                onOff(s.archive().rawArchive()), onOff(s.archive().bucketKey())));
        row(out, "alarms", String.format(Locale.ROOT, "%d of the channel; the env shares %d alarm(s), %d dashboard(s), "
                + "%d KMS key(s), %d secret(s)", s.alarms(), s.shared().alarms(), s.shared().dashboards(),
                s.shared().kmsKeys(), s.shared().secrets()));
        out.println();

        out.println("assumptions (a flag changes each; docs/design/capacity-and-cost.md)");
        assumption(out, "object", a.objectBytes(), "bytes");
        assumption(out, "item", a.itemBytes(), "bytes");
        out.printf(Locale.ROOT, "  %-18s %s WRU an object in the table, %s in its indexes%s%n", "", report.tableWritesPerObject(),
                report.indexWritesPerObject(), report.claimChecked()
                        ? " (claim-checked: the item keeps " + count(report.storedItemBytes()) + " bytes at most)" : "");
        assumption(out, "ingest duration", a.ingestMsPerBatch(), "ms a full batch");
        assumption(out, "notify duration", a.notifyMsPerBatch(), "ms a full batch");
        assumption(out, "ingest batch fill", a.ingestBatchFill(), "messages an invocation");
        assumption(out, "notify batch fill", a.notifyBatchFill(), "changes an invocation");
        assumption(out, "stream shards", a.streamShards(), "");
        assumption(out, "platform log", a.platformLogBytes(), "bytes an invocation");
        assumption(out, "API log line", a.apiLogBytes(), "bytes");
        assumption(out, "cold starts", a.coldStartsPerMonth(), "a month per function");
        out.println();

        out.println("saturation, objects/s");
        out.printf(Locale.ROOT, "  %-31s %10s  %s%n", "stage", "objects/s", "how");
        for (Stage stage : report.stages()) {
            out.printf(Locale.ROOT, "  %-31s %10s  %s%s%n", stage.name(), rate(stage.objectsPerSecond()), stage.how(),
                    stage == report.bottleneck() ? "  <- bottleneck" : "");
        }
        out.printf(Locale.ROOT, "  channel: %s objects/s = %s objects a month (30 days)%n",
                rate(report.channelObjectsPerSecond()), count(report.channelObjectsPerSecond() * CapacityModel.SECONDS_PER_MONTH));
        if (report.objectsPerSecond() > report.channelObjectsPerSecond()) {
            out.printf(Locale.ROOT, "  the volume's average, %s objects/s, is above that: the backlog grows and the "
                    + "batches fill; the costs below are for the volume as given%n", rate(report.objectsPerSecond()));
        }
        out.println();

        out.printf(Locale.ROOT, "cost at %s objects a month (%s objects/s on average), %s list prices read %s, "
                + "before free tiers%n", count(a.objectsPerMonth()), rate(report.objectsPerSecond()), Prices.REGION, Prices.READ);
        out.printf(Locale.ROOT, "  %-28s %11s %15s  %s%n", "component", "USD/month", "USD/1M objects", "what");
        for (Cost cost : report.costs()) {
            cost(out, report, cost);
        }
        out.printf(Locale.ROOT, "  %-28s %11s %15s%n", "total", usd(report.total()), usd(report.perMillionObjects(report.total())));
        out.println("  (*) fixed: does not grow with the volume");
        out.println();
        out.println("shared by the env's channels, fixed, not in the total above");
        for (Cost cost : report.shared()) {
            out.printf(Locale.ROOT, "  %-28s %11s  %s%n", cost.component(), usd(cost.usdPerMonth()), cost.what());
        }
        out.printf(Locale.ROOT, "  %-28s %11s%n", "total shared", usd(report.sharedTotal()));
    }

    static void printSources(PrintStream out) {
        out.printf(Locale.ROOT, "prices: %s, USD, read %s (Prices.java)%n", Prices.REGION, Prices.READ);
        for (Price price : Prices.ALL) {
            out.printf(Locale.ROOT, "  %s: %s USD per %s %s%n    page: %s%n    read in: %s%n", price.name(),
                    BigDecimal.valueOf(price.usd()).stripTrailingZeros().toPlainString(), count(price.per()),
                    price.unit(), price.page(), price.readIn());
        }
        out.println("limits (Limits.java)");
        for (Figure figure : Limits.ALL) {
            out.printf(Locale.ROOT, "  %s: %s %s%n    %s%n", figure.name(), number(figure.value()), figure.unit(),
                    figure.source());
        }
        out.printf(Locale.ROOT, "  SQS KMS requests per queue: %s%n  DynamoDB table keys: %s%n", Limits.SQS_KMS_FORMULA,
                Limits.DYNAMODB_TABLE_KEY_CACHE);
        out.println("measured (Measured.java)");
        for (Figure figure : Measured.ALL) {
            out.printf(Locale.ROOT, "  %s: %s %s%n    %s%n", figure.name(), number(figure.value()), figure.unit(),
                    figure.source());
        }
    }

    private static void cost(PrintStream out, Report report, Cost cost) {
        out.printf(Locale.ROOT, "  %-28s %11s %15s  %s%n", cost.component() + (cost.fixed() ? " (*)" : ""),
                usd(cost.usdPerMonth()), usd(report.perMillionObjects(cost.usdPerMonth())), cost.what());
    }

    private static void row(PrintStream out, String what, String text) {
        out.printf(Locale.ROOT, "  %-18s %s%n", what, text);
    }

    private static void assumption(PrintStream out, String what, Assumptions.Assumption assumption, String unit) {
        out.printf(Locale.ROOT, "  %-18s %s%s (%s)%n", what, number(assumption.value()), unit.isEmpty() ? "" : " " + unit,
                assumption.from());
    }

    private static String function(ChannelSettings.Function function) {
        return String.format(Locale.ROOT, "%d MB, %s, X-Ray %s, logs kept %s", function.memoryMb(), function.architecture(),
                onOff(function.tracing()), days(function.logRetentionDays()));
    }

    private static String table(ChannelSettings.Table table) {
        String indexes = table.indexes().stream().map(index -> index.name() + " " + index.projection())
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s: on-demand, %s, %d index(es)%s", table.name(), table.kms() ? "KMS" : "no KMS",
                table.indexes().size(), indexes.isEmpty() ? "" : " (" + indexes + ")");
    }

    private static String days(int retentionDays) {
        return retentionDays == 0 ? "forever" : retentionDays + " days";
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    private static String usd(double value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }

    /** Objects/s with one decimal, or "no limit". */
    private static String rate(double value) {
        return Double.isInfinite(value) ? "no limit" : String.format(Locale.ROOT, "%,.1f", value);
    }
}
