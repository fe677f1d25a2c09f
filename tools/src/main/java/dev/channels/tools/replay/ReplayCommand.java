package dev.channels.tools.replay;

import java.io.PrintStream;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * {@code replay}: wires the S3 archive and the SQS inbox from the flags and the SDK's defaults
 * (credentials chain, AWS_REGION or the profile's region, AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_SQS
 * for a local endpoint) and runs the {@link Replayer}.
 */
public final class ReplayCommand {
    public static final String USAGE = """
            replay --bucket BUCKET --from INSTANT --to INSTANT (--queue-url URL | --dry-run) [--region REGION]
              Re-sends the raw-archived bodies that SQS first accepted in [--from, --to) to the channel's
              inbox, oldest first. Each keeps its original message id and SentTimestamp (as message
              attributes), so ingest never lets it overwrite a newer version of an object.
              --bucket     the channel's archive bucket (the channel must have RAW_ARCHIVE=true)
              --from/--to  ISO-8601 instants with an offset, e.g. 2025-11-25T09:00:00Z; --to exclusive
              --queue-url  the channel's inbox queue URL
              --dry-run    list what would be sent, send nothing
              --region     else AWS_REGION or the profile's region
              Endpoints: AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL_SQS (or AWS_ENDPOINT_URL), read by the SDK.""";

    private ReplayCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args);
        } catch (ReplayOptions.UsageException e) {
            err.println(e.getMessage() + "\n\n" + USAGE);
            return 2;
        }
        try (S3Client s3 = s3(options.region());
             SqsClient sqs = options.dryRun() ? null : sqs(options.region())) {
            Inbox inbox = sqs == null ? dryRunInbox() : new SqsInbox(sqs, options.queueUrl().orElseThrow());
            Replayer.Summary summary = new Replayer(new S3Archive(s3, options.bucket()), inbox, out, err)
                    .replay(options.from(), options.to(), options.dryRun());
            return summary.failed() == 0 ? 0 : 1;
        } catch (SdkException e) {
            err.println("replay stopped: " + e.getMessage());
            return 1;
        }
    }

    private static Inbox dryRunInbox() {
        return (body, originalMessageId, originalSentAt) -> {
            throw new IllegalStateException("a dry run sends nothing");
        };
    }

    /** Path-style when an endpoint override is set: a local S3 on loopback cannot serve bucket subdomains. */
    private static S3Client s3(Optional<String> region) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .forcePathStyle(System.getenv("AWS_ENDPOINT_URL_S3") != null || System.getenv("AWS_ENDPOINT_URL") != null);
        region.map(Region::of).ifPresent(builder::region);
        return builder.build();
    }

    private static SqsClient sqs(Optional<String> region) {
        SqsClientBuilder builder = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        region.map(Region::of).ifPresent(builder::region);
        return builder.build();
    }
}
