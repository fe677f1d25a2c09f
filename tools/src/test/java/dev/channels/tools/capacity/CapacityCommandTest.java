package dev.channels.tools.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as a user runs it: on the dev template of the real app, and on copies of it where a user changed the
 * JobOrder channel the way ChannelProps or a CDK override would (a bigger batch, more memory, an extra index), the
 * printed lines move the right way and nothing else does.
 */
class CapacityCommandTest {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9,]*(\\.[0-9]+)?|no limit");

    private final Path template = Templates.devSnapshot();

    /** What the command printed, exit code first. */
    private record Run(int exit, String out, String err) {
        /** The first number after {@code label} in its line. */
        double value(String label) {
            Matcher number = NUMBER.matcher(line(label).substring(2 + label.length()));
            if (!number.find()) {
                throw new AssertionError("no number in the line '" + label + "' of:\n" + out);
            }
            return number.group().equals("no limit") ? Double.POSITIVE_INFINITY
                    : Double.parseDouble(number.group().replace(",", ""));
        }

        /**
         * The line that starts with {@code label} (after the two-space indent) as a whole column: followed by the
         * column's padding, the fixed-cost mark, or, for a label ending in a colon, one space. "SQS" is not "SQS inbox".
         */
        String line(String label) {
            return Arrays.stream(out.split("\n")).filter(line -> line.startsWith("  " + label + "  ")
                            || line.startsWith("  " + label + " (*)") || label.endsWith(":") && line.startsWith("  " + label + " "))
                    .findFirst().orElseThrow(() -> new AssertionError("no line '" + label + "' in:\n" + out));
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CapacityCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** JobOrder at 10 million a month on a copy of the dev template that {@code change} changed. */
    private Run jobOrderChanged(Path dir, Consumer<ObjectNode> change) {
        ObjectNode changed = Templates.read(template);
        change.accept(changed);
        return jobOrder(Templates.write(changed, dir.resolve("changed.template.json")));
    }

    private static Run jobOrder(Path template, String... more) {
        String[] args = {"--template", template.toString(), "--channel", "JobOrder", "--objects-per-month", "10000000"};
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return run(all);
    }

    @Test
    void printsTheBottleneckAndTheBillOfTheDevJobOrder() {
        Run run = jobOrder(template);

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.line("Slack incoming webhook")).endsWith("<- bottleneck");
        assertThat(run.value("channel:")).isEqualTo(10.0);
        assertThat(run.value("API stage throttle")).isEqualTo(50.0);
        assertThat(run.value("SQS inbox (standard queue)")).isInfinite();
        assertThat(run.value("ingest (SQS event source)")).isEqualTo(754.1);
        assertThat(run.value("notify (stream event source)")).isEqualTo(34.6);
        // The same figures as CapacityModelTest's hand calculation.
        assertThat(run.value("total")).isEqualTo(160.77);
        assertThat(run.line("total")).endsWith("16.08");
        assertThat(run.value("total shared")).isEqualTo(4.50);
        assertThat(run.out()).contains("us-east-1 (US East, N. Virginia) list prices read 2026-12");
    }

    @Test
    void aBiggerNotifyBatchLetsSlackTakeMore(@TempDir Path dir) {
        Run before = jobOrder(template);
        Run after = jobOrderChanged(dir, changed -> Templates.properties(changed, "AWS::Lambda::EventSourceMapping",
                "JobOrderNotifyAliasStreamSource").put("BatchSize", 32));

        // 32 changes in 2 messages a batch: 16 a second instead of 10.
        assertThat(after.value("Slack incoming webhook")).isEqualTo(16.0);
        assertThat(after.value("channel:")).isEqualTo(16.0);
        assertThat(after.line("notify")).contains("batch 32");
        // The measured duration scales with the batch: notify's own rate and the bill stay.
        assertThat(after.value("notify (stream event source)")).isEqualTo(before.value("notify (stream event source)"));
        assertThat(after.value("total")).isEqualTo(before.value("total"));
    }

    @Test
    void moreIngestMemoryDoublesItsDurationCostOnly(@TempDir Path dir) {
        Run before = jobOrder(template);
        Run after = jobOrderChanged(dir, changed -> Templates.properties(changed, "AWS::Lambda::Function", "JobOrderIngest8")
                .put("MemorySize", 2048));

        assertThat(after.value("Lambda ingest duration")).isCloseTo(2 * before.value("Lambda ingest duration"), within(0.011));
        assertThat(after.value("Lambda notify duration")).isEqualTo(before.value("Lambda notify duration"));
        // 1.77 more: 3.54 - 1.77
        assertThat(after.value("total")).isCloseTo(before.value("total") + 1.77, within(0.011));
    }

    @Test
    void anExtraIndexAddsItsWritesToTheBill(@TempDir Path dir) {
        Run before = jobOrder(template);
        Run after = jobOrderChanged(dir, changed -> {
            ArrayNode indexes = (ArrayNode) Templates.properties(changed, "AWS::DynamoDB::Table", "JobOrderTable")
                    .get("GlobalSecondaryIndexes");
            indexes.add(((ObjectNode) indexes.get(0).deepCopy()).put("IndexName", "by-title"));
        });

        // 2 WRU more an object: 60M WRU instead of 40M, 37.50 instead of 25.00.
        assertThat(before.value("DynamoDB table writes")).isEqualTo(25.00);
        assertThat(after.value("DynamoDB table writes")).isEqualTo(37.50);
        assertThat(after.line("table")).contains("2 index(es)");
        assertThat(after.value("total")).isCloseTo(before.value("total") + 12.50, within(0.011));
    }

    @Test
    void moreIngestConcurrencyRaisesIngestsRateNotTheChannels(@TempDir Path dir) {
        Run after = jobOrderChanged(dir, changed -> ((ObjectNode) Templates.properties(changed,
                "AWS::Lambda::EventSourceMapping", "JobOrderIngestAliasInboxSource").get("ScalingConfig"))
                .put("MaximumConcurrency", 20));

        assertThat(after.value("ingest (SQS event source)")).isEqualTo(1508.3);
        assertThat(after.value("channel:")).isEqualTo(10.0);
    }

    @Test
    void assumptionFlagsChangeTheirLines() {
        Run run = jobOrder(template, "--ingest-batch-fill", "10", "--notify-batch-fill", "20", "--ingest-ms-per-batch", "265.2");

        assertThat(run.exit()).isZero();
        assertThat(run.value("SQS")).isEqualTo(4.80);
        assertThat(run.value("Lambda ingest requests")).isEqualTo(0.20);
        assertThat(run.value("Lambda notify requests")).isEqualTo(0.10);
        // Twice the measured time: twice the GB-s, half ingest's rate.
        assertThat(run.value("Lambda ingest duration")).isEqualTo(3.54);
        assertThat(run.value("ingest (SQS event source)")).isEqualTo(377.1);
        assertThat(run.line("ingest duration")).contains("--ingest-ms-per-batch");
    }

    @Test
    void aVolumeAboveTheCapacityIsSaid() {
        Run run = run("--template", template.toString(), "--channel", "JobOrder", "--objects-per-month", "100000000");

        assertThat(run.out()).contains("the volume's average, 38.6 objects/s, is above that: the backlog grows");
    }

    @Test
    void badInputIsAOneLineUsageError() {
        String t = template.toString();
        assertOneLineUsageError(run("--template", t, "--objects-per-month", "10"),
                "capacity: --channel is required: the channel's name, e.g. JobOrder (capacity --help lists the flags)");
        assertOneLineUsageError(run("--template", t, "--channel", "Placement", "--objects-per-month", "10"),
                "capacity: the template has no channel 'Placement'; its channels: Candidate, JobOrder (capacity --help lists the flags)");
        assertOneLineUsageError(run("--template", t, "--channel", "JobOrder", "--objects-per-month", "-10"),
                "capacity: --objects-per-month must be a positive number of objects, not '-10' (capacity --help lists the flags)");
        assertOneLineUsageError(run("--template", t, "--channel", "JobOrder", "--objects-per-month", "many"),
                "capacity: --objects-per-month must be a positive number of objects, not 'many' (capacity --help lists the flags)");
        assertOneLineUsageError(run("--template", t, "--channel", "JobOrder"),
                "capacity: --objects-per-month is required: the volume to price, e.g. 10000000 (capacity --help lists the flags)");
        assertOneLineUsageError(run("--channel", "JobOrder", "--objects-per-month", "10"),
                "capacity: --template is required: a synthesized template, e.g. cdk.out/dev-channels.template.json "
                        + "(capacity --help lists the flags)");
        assertOneLineUsageError(run("--template", t, "--channel", "JobOrder", "--objects-per-month", "10", "--batch", "5"),
                "capacity: unknown flag '--batch' (capacity --help lists the flags)");
        assertOneLineUsageError(run("--template", t, "--channel", "JobOrder", "--objects-per-month", "10",
                "--ingest-batch-fill", "0.5"), "capacity: --ingest-batch-fill is an average number of records per invocation: "
                + "at least 1, not '0.5' (capacity --help lists the flags)");
        assertOneLineUsageError(run("--template", t, "--channel", "JobOrder", "--objects-per-month", "10",
                "--object-bytes", "2000000"), "capacity: --object-bytes 2,000,000 is more than the inbox dev-job-order-inbox "
                + "accepts (1,048,576 bytes; the API answers 413) (capacity --help lists the flags)");
    }

    private static void assertOneLineUsageError(Run run, String line) {
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(line + System.lineSeparator());
    }

    @Test
    void sourcesNameAPageForEveryPriceAndLimit() {
        Run run = run("--sources");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Lambda duration, Arm: 0.0000133334 USD per 1 GB-seconds");
        for (Price price : Prices.ALL) {
            assertThat(run.out()).contains(price.name() + ": ", "page: " + price.page());
            assertThat(price.page()).startsWith("https://aws.amazon.com/");
        }
        for (Figure figure : Limits.ALL) {
            assertThat(run.out()).contains(figure.name() + ": ");
            assertThat(figure.source()).startsWith("https://");
        }
        for (Figure figure : Measured.ALL) {
            assertThat(figure.source()).startsWith("docs/design/");
        }
    }

    @Test
    void helpListsEveryFlag() {
        Run run = run("--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--template", "--channel", "--objects-per-month", "--object-bytes", "--item-bytes",
                "--ingest-ms-per-batch", "--notify-ms-per-batch", "--ingest-batch-fill", "--notify-batch-fill",
                "--stream-shards", "--platform-log-bytes", "--api-log-bytes", "--cold-starts-per-month", "--sources");
    }
}
