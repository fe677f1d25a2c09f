package dev.channels.tools.notices;

import dev.channels.lambdas.notify.NoticeTeller;
import dev.channels.lambdas.notify.WebhookSecret;
import dev.channels.tools.cli.LocalEndpointsFile;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * {@code redrive-notices}: reads the webhook URL from the env's Slack secret, then tells the channel's
 * parked notices with notify's own ledger and delivery rules ({@link NoticeTeller}). Clients from the
 * SDK's defaults (credentials chain, AWS_REGION or the profile's region, AWS_ENDPOINT_URL_* variables),
 * or from a local cloud's {@code local-endpoints.json}.
 */
public final class RedriveNoticesCommand {
    public static final String USAGE = """
            redrive-notices --queue-url URL --ledger-table TABLE --secret-id SECRET [--region REGION]
                            [--local-endpoints FILE] [--max N]
              Tells the changes notify parked after Slack failed, oldest first, each exactly once (claimed in
              notify's ledger, so a notice parked twice or two redrives at once never post twice). A told
              notice is deleted; one Slack fails again stays in the queue for the next run.
              --queue-url        the channel's notices queue, e.g. https://sqs.<region>.amazonaws.com/<account>/<env>-<channel>-notices
              --ledger-table     the env's idempotency table, e.g. <env>-channels-notify-ledger
              --secret-id        the env's Slack webhook secret, e.g. <env>/channels/slack-webhook
              --region           else AWS_REGION or the profile's region
              --local-endpoints  a local cloud's cdk.out/local-endpoints.json (its endpoints, region, any credentials)
              --max              the most notices one run takes (default 1000)
              Exit code 0: every notice received was told; 1: some are left in the queue.""";

    /** Time for one notice: a few retries, a Retry-After or two. */
    static final Duration BUDGET_PER_NOTICE = Duration.ofSeconds(60);

    private RedriveNoticesCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        RedriveOptions options;
        try {
            options = RedriveOptions.parse(args);
        } catch (RedriveOptions.UsageException e) {
            err.println(e.getMessage() + "\n\n" + USAGE);
            return 2;
        }
        Clients clients;
        try {
            clients = Clients.of(options);
        } catch (IOException | IllegalArgumentException e) {
            err.println("redrive-notices: cannot read " + options.localEndpoints().orElseThrow() + ": " + e.getMessage());
            return 2;
        }
        try (SqsClient sqs = clients.sqs().build();
             DynamoDbClient dynamo = clients.dynamo().build();
             SecretsManagerClient secrets = clients.secrets().build()) {
            URI webhook;
            try {
                webhook = WebhookSecret.fetch(secrets, options.secretId(), clients.webhooks());
            } catch (WebhookSecret.NotAWebhookUrl e) {
                // Names the secret, never its value.
                err.println("redrive-notices: " + e.getMessage());
                return 1;
            }
            NoticeTeller teller = NoticeTeller.create(dynamo, options.ledgerTable(), webhook, Clock.systemUTC());
            String owner = "redrive-" + UUID.randomUUID();
            NoticeRedriver.Summary summary = new NoticeRedriver(new SqsNoticesQueue(sqs, options.queueUrl()),
                    notice -> teller.tell(notice, owner, BUDGET_PER_NOTICE), out, err).redrive(options.max());
            return summary.left() == 0 ? 0 : 1;
        } catch (SdkException e) {
            err.println("redrive-notices stopped: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The three clients' builders, pointed at AWS or at a local cloud, and the webhook URLs the secret may
     * hold: Slack's, and against a local cloud also its Slack sink (as notify allows it there).
     */
    private record Clients(SqsClientBuilder sqs, DynamoDbClientBuilder dynamo, SecretsManagerClientBuilder secrets,
            WebhookSecret.Allowed webhooks) {
        static Clients of(RedriveOptions options) throws IOException {
            LocalEndpointsFile local = options.localEndpoints().isPresent()
                    ? LocalEndpointsFile.read(options.localEndpoints().get()) : new LocalEndpointsFile(Map.of());
            String sink = local.get("slack.webhookUrl");
            WebhookSecret.Allowed webhooks = sink == null
                    ? WebhookSecret.Allowed.SLACK_ONLY : WebhookSecret.Allowed.slackAndLocalSink(URI.create(sink));
            Clients clients = new Clients(
                    SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()),
                    DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()),
                    SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()),
                    webhooks);
            Optional<String> region = options.region();
            if (options.localEndpoints().isPresent()) {
                region = region.or(() -> Optional.ofNullable(local.get("region")));
                endpoint(clients.sqs(), local, "sqs");
                endpoint(clients.dynamo(), local, "dynamodb");
                endpoint(clients.secrets(), local, "secretsmanager");
                // The local services take any credentials.
                StaticCredentialsProvider any = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
                clients.sqs().credentialsProvider(any);
                clients.dynamo().credentialsProvider(any);
                clients.secrets().credentialsProvider(any);
            }
            region.map(Region::of).ifPresent(chosen -> {
                clients.sqs().region(chosen);
                clients.dynamo().region(chosen);
                clients.secrets().region(chosen);
            });
            return clients;
        }

        private static void endpoint(AwsClientBuilder<?, ?> builder, LocalEndpointsFile local, String service) {
            String endpoint = local.get(service);
            if (endpoint == null) {
                throw new IllegalArgumentException("it names no " + service + " endpoint");
            }
            builder.endpointOverride(URI.create(endpoint));
        }
    }
}
