package dev.channels.tools.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.channels.tools.capacity.Assumptions.Assumption;
import dev.channels.tools.capacity.CapacityModel.Cost;
import dev.channels.tools.capacity.CapacityModel.Report;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic against numbers worked out by hand (each comment shows the working, done with a pocket calculator
 * from the prices in {@link Prices} and the limits in {@link Limits}), on settings written out here: the dev
 * JobOrder channel's, as the template has them.
 */
class CapacityModelTest {
    private static final double CENT = 0.005;

    static ChannelSettings jobOrder() {
        ChannelSettings.Function ingest = new ChannelSettings.Function("dev-job-order-ingest", 1024, "arm64", true, 90);
        ChannelSettings.Function notify = new ChannelSettings.Function("dev-job-order-notify", 1024, "arm64", true, 90);
        return new ChannelSettings("JobOrder", "dev", "/job-order",
                new ChannelSettings.Api("v1", 50, 100, "method settings /* *", true, true, 90),
                new ChannelSettings.Inbox("dev-job-order-inbox", 1_048_576, true, 300), ingest,
                new ChannelSettings.SqsSource(10, OptionalInt.of(10)),
                new ChannelSettings.Table("dev-job-order", true, List.of(new ChannelSettings.Index("by-status-updatedAt", "ALL"))),
                notify, new ChannelSettings.StreamSource(20, 1),
                new ChannelSettings.Table("dev-channels-notify-ledger", true, List.of()),
                new ChannelSettings.Archive("dev-job-order-archive", false, true),
                new ChannelSettings.Secret("dev/channels/slack-webhook", true), 13, new ChannelSettings.Shared(1, 1, 1, 1));
    }

    /** 10 million 1 KB objects, one per invocation on both sides, durations as measured. */
    static Assumptions tenMillion(int objectBytes) {
        return new Assumptions(10_000_000, given(objectBytes), given(objectBytes + CapacityModel.METADATA_BYTES), given(132.6),
                given(578), given(1), given(1), given(1), given(360), given(420), given(1_000));
    }

    private static Assumption given(double value) {
        return new Assumption(value, "test");
    }

    @Test
    void theMetadataAddsTwoHundredSixtyBytes() {
        // Names: _channels_receivedAt 20, _channels_messageId 19, _channels_version 17, _channels_versionKind 21,
        // _channels_bodySha256 20 = 97. Values: 24 + 36 + 21 + 18 + 64 = 163. 97 + 163 = 260.
        assertThat(CapacityModel.METADATA_BYTES).isEqualTo(260);
        // 32,768 scalars + 260 + _channels_payloadKey (20) + payloads/ (9) + 64 + / (1) + 36 + .json (5) = 33,163.
        assertThat(CapacityModel.CLAIM_CHECKED_ITEM_BYTES).isEqualTo(33_163);
    }

    @Test
    void unitsRoundUpPerStartedKilobyteAndChunk() {
        assertThat(CapacityModel.writeUnits(1)).isEqualTo(1);
        assertThat(CapacityModel.writeUnits(1024)).isEqualTo(1);
        assertThat(CapacityModel.writeUnits(1025)).isEqualTo(2);
        assertThat(CapacityModel.writeUnits(1284)).isEqualTo(2);
        assertThat(CapacityModel.sqsRequests(1024)).isEqualTo(1);
        assertThat(CapacityModel.sqsRequests(65_536)).isEqualTo(1);
        assertThat(CapacityModel.sqsRequests(65_537)).isEqualTo(2);
        assertThat(CapacityModel.sqsRequests(409_600)).isEqualTo(7); // 409,600 / 65,536 = 6.25
    }

    @Test
    void slackTakesSixteenChangesAMessageAndOneMessageASecond() {
        // 50 blocks / 3 a change = 16 changes a message.
        assertThat(CapacityModel.slackChangesPerSecond(1)).isEqualTo(1);
        assertThat(CapacityModel.slackChangesPerSecond(16)).isEqualTo(16);
        assertThat(CapacityModel.slackChangesPerSecond(20)).isEqualTo(10); // 20 in 2 messages, 2 s
        assertThat(CapacityModel.slackChangesPerSecond(32)).isEqualTo(16); // 32 in 2 messages
        assertThat(CapacityModel.slackChangesPerSecond(100)).isCloseTo(100 / 7.0, within(1e-9)); // 7 messages
    }

    @Test
    void xRayRecordsTheFirstRequestEachSecondAndFivePercentOfTheRest() {
        // A 30-day month has 2,592,000 s: up to that many requests are all recorded.
        assertThat(CapacityModel.tracesRecorded(1_000_000)).isEqualTo(1_000_000);
        // 2,592,000 + 0.05 x (10,000,000 - 2,592,000) = 2,592,000 + 370,400 = 2,962,400.
        assertThat(CapacityModel.tracesRecorded(10_000_000)).isCloseTo(2_962_400, within(1e-6));
    }

    @Test
    void slackIsTheBottleneckOfTheDevJobOrder() {
        Report report = CapacityModel.compute(jobOrder(), tenMillion(1024));

        assertThat(report.stages()).extracting(CapacityModel.Stage::name, CapacityModel.Stage::objectsPerSecond)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("API stage throttle", 50.0),
                        org.assertj.core.groups.Tuple.tuple("SQS inbox (standard queue)", Double.POSITIVE_INFINITY),
                        // 10 concurrent x 10 messages / 0.1326 s = 754.15
                        org.assertj.core.groups.Tuple.tuple("ingest (SQS event source)", 100 / 0.1326),
                        // 4,000 WRU/s / 2 WRU (1,284 bytes)
                        org.assertj.core.groups.Tuple.tuple("DynamoDB table (new on-demand)", 2000.0),
                        org.assertj.core.groups.Tuple.tuple("DynamoDB one partition", 500.0),
                        // 1 shard x 1 x 20 / 0.578 s = 34.60
                        org.assertj.core.groups.Tuple.tuple("notify (stream event source)", 20 / 0.578),
                        org.assertj.core.groups.Tuple.tuple("Slack incoming webhook", 10.0));
        assertThat(report.bottleneck().name()).isEqualTo("Slack incoming webhook");
        assertThat(report.channelObjectsPerSecond()).isEqualTo(10);
        assertThat(report.tableWritesPerObject()).isEqualTo(2);
        assertThat(report.indexWritesPerObject()).isEqualTo(2);
    }

    @Test
    void tenMillionObjectsCostWhatTheHandCalculationSays() {
        Report report = CapacityModel.compute(jobOrder(), tenMillion(1024));

        // 10,000,000 x 3.50 / 1,000,000
        assertThat(cost(report, "API Gateway")).isCloseTo(35.00, within(CENT));
        // (10M sends + 10M receives + 10M deletes) x 0.40 / 1M
        assertThat(cost(report, "SQS")).isCloseTo(12.00, within(CENT));
        assertThat(cost(report, "Lambda ingest requests")).isCloseTo(2.00, within(CENT));
        // 10M x 13.26 ms = 132,600 s x 1 GB = 132,600 GB-s x 0.0000133334 = 1.768
        assertThat(cost(report, "Lambda ingest duration")).isCloseTo(1.768, within(0.001));
        // 10M x 28.9 ms (578 ms / 20) = 289,000 GB-s x 0.0000133334 = 3.853
        assertThat(cost(report, "Lambda notify duration")).isCloseTo(3.853, within(0.001));
        // (2 table + 2 index) x 10M = 40M WRU x 0.625 / 1M
        assertThat(cost(report, "DynamoDB table writes")).isCloseTo(25.00, within(CENT));
        // 2 x 10M = 20M WRU x 0.625 / 1M
        assertThat(cost(report, "DynamoDB ledger writes")).isCloseTo(12.50, within(CENT));
        assertThat(cost(report, "DynamoDB stream reads")).isZero();
        assertThat(cost(report, "S3 archive")).isZero();
        // inbox 2,592,000 / 300 x (2 x 1 + 1) = 25,920; table + ledger 1,000 + 1,000; secret 1,000: 28,920 x 0.03 / 10,000
        assertThat(cost(report, "KMS requests")).isCloseTo(0.0868, within(0.0001));
        // 6 ingest + 7 notify metrics x 0.30
        assertThat(cost(report, "CloudWatch custom metrics")).isCloseTo(3.90, within(CENT));
        assertThat(cost(report, "CloudWatch alarms")).isCloseTo(1.30, within(CENT));
        // ingest 10M x (360 + 672 + 239) = 12.71e9 B; notify 10M x (360 + 774 + 254) = 13.88e9 B; API 10M x 420 = 4.2e9 B;
        // 30.79e9 / 2^30 = 28.6754 GB x 0.50 = 14.338
        assertThat(cost(report, "CloudWatch Logs ingestion")).isCloseTo(14.338, within(0.001));
        // kept 90 days = 3 months: 28.6754 x 3 x 0.03 = 2.581
        assertThat(cost(report, "CloudWatch Logs storage")).isCloseTo(2.581, within(0.001));
        // 3 traced services x 2,962,400 = 8,887,200 x 5.00 / 1M = 44.436
        assertThat(cost(report, "X-Ray traces")).isCloseTo(44.436, within(0.001));
        // 1,000 x 0.05 / 10,000
        assertThat(cost(report, "Secrets Manager API calls")).isCloseTo(0.005, within(0.0001));
        // The sum of the above, 160.768; per million: / 10.
        assertThat(report.total()).isCloseTo(160.768, within(0.001));
        assertThat(report.perMillionObjects(report.total())).isCloseTo(16.0768, within(0.0001));
        // KMS key 1.00 + dashboard 3.00 + env alarm 0.10 + secret 0.40
        assertThat(report.sharedTotal()).isCloseTo(4.50, within(CENT));
    }

    @Test
    void fullBatchesCutTheInvocationsAndTheRequestsThatComeWithThem() {
        Assumptions full = new Assumptions(10_000_000, given(1024), given(1284), given(132.6), given(578), given(10),
                given(20), given(1), given(360), given(420), given(1_000));
        Report report = CapacityModel.compute(jobOrder(), full);

        // 1M ingest invocations: 1M receives (10 KB each, one chunk) + 1M deletes + 10M sends = 12M x 0.40 / 1M
        assertThat(cost(report, "SQS")).isCloseTo(4.80, within(CENT));
        assertThat(cost(report, "Lambda ingest requests")).isCloseTo(0.20, within(CENT));
        // 500,000 notify invocations x 0.20 / 1M
        assertThat(cost(report, "Lambda notify requests")).isCloseTo(0.10, within(CENT));
        // Duration scales with the records, not the invocations: the same GB-s.
        assertThat(cost(report, "Lambda ingest duration")).isCloseTo(1.768, within(0.001));
    }

    @Test
    void aBodyOverThreeHundredFiftyKilobytesIsClaimCheckedToTheArchive() {
        // 400 KB objects, 1M a month.
        Assumptions big = new Assumptions(1_000_000, given(409_600), given(409_600 + 260), given(132.6), given(578),
                given(1), given(1), given(1), given(360), given(420), given(1_000));
        Report report = CapacityModel.compute(jobOrder(), big);

        assertThat(report.claimChecked()).isTrue();
        // The item keeps 33,163 bytes at most: 33 WRU, and as much again in the ALL-projected index.
        assertThat(report.tableWritesPerObject()).isEqualTo(33);
        assertThat(report.indexWritesPerObject()).isEqualTo(33);
        // PUT 1M x 0.005 / 1,000 = 5.00; GET 2M x 0.0004 / 1,000 = 0.80;
        // 1M x 409,600 B / 2^30 = 381.47 GB x 0.023 = 8.774; together 14.574
        assertThat(cost(report, "S3 archive")).isCloseTo(14.574, within(0.001));
        // 7 chunks to send and 7 to receive (one a batch), 1 delete: 15M x 0.40 / 1M
        assertThat(cost(report, "SQS")).isCloseTo(6.00, within(CENT));
    }

    @Test
    void x86FunctionsPayTheX86Rate() {
        ChannelSettings arm = jobOrder();
        ChannelSettings x86 = new ChannelSettings(arm.channel(), arm.env(), arm.route(), arm.api(), arm.inbox(),
                new ChannelSettings.Function("dev-job-order-ingest", 1024, "x86_64", true, 90), arm.ingestSource(), arm.table(),
                arm.notifyFunction(), arm.notifySource(), arm.ledger(), arm.archive(), arm.slackSecret(), arm.alarms(),
                arm.shared());

        // 132,600 GB-s x 0.0000166667 = 2.210
        assertThat(cost(CapacityModel.compute(x86, tenMillion(1024)), "Lambda ingest duration")).isCloseTo(2.210, within(0.001));
    }

    static double cost(Report report, String component) {
        return report.costs().stream().filter(cost -> cost.component().equals(component)).mapToDouble(Cost::usdPerMonth)
                .reduce((a, b) -> {
                    throw new IllegalStateException("two lines named " + component);
                }).orElseThrow(() -> new IllegalStateException("no line named " + component));
    }
}
