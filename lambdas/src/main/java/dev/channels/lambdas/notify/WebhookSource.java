package dev.channels.lambdas.notify;

import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Where notify gets its Slack webhook: read from the Secrets Manager secret at init, kept while it is
 * a valid URL, read again when it is not (at most once per invocation, see {@link #forInvocation()})
 * or after a SnapStart restore ({@link #invalidate()}). Reading never throws: a secret that does not
 * hold a URL yet (the stack creates it with a random placeholder) or cannot be read is "not
 * configured", with a loggable reason that never quotes the secret's value.
 */
final class WebhookSource {

    /** What the source holds: a webhook, or why there is none. */
    sealed interface State permits Configured, NotConfigured {
    }

    record Configured(SlackWebhook webhook) implements State {
    }

    /** {@code reason}: one line naming the secret, never quoting its value. */
    record NotConfigured(String reason) implements State {
    }

    /** The template's URL while the secret holds no URL; never posted to (priming posts to a loopback stub). */
    static final URI PRIMING_URL = URI.create("https://hooks.slack.com/services/T0PRIMING/B0PRIMING/never-sent");

    private final Supplier<State> reader;
    /** Posts nowhere: its HTTP client and timeouts are what every URL read is posted with. */
    private final SlackWebhook template;
    /** Null: not read since the last restore. */
    private State state;

    private WebhookSource(Supplier<State> reader, SlackWebhook template, State initial) {
        this.reader = reader;
        this.template = template;
        this.state = initial;
    }

    /** A webhook that never changes (tests, local runs). */
    static WebhookSource fixed(SlackWebhook webhook) {
        State configured = new Configured(webhook);
        return new WebhookSource(() -> configured, webhook, configured);
    }

    /**
     * Reads the secret now (init), again whenever it is not configured or was invalidated. The first read
     * builds a client from {@code clients} and keeps it (in the snapshot, with SnapStart), so the read
     * after a restore is one call, not a client build (issue 11: about 0.02 s CPU of the first invocation
     * after a restore); a read whose client could not be built tries again next time. Every URL read is
     * posted to with the HTTP client created here, before the snapshot. A URL {@code allowed} does not
     * permit is "not configured", as a value that is no URL at all.
     */
    static WebhookSource fromSecret(String secretArn, WebhookSecret.Allowed allowed,
            Supplier<SecretsManagerClient> clients) {
        Objects.requireNonNull(secretArn);
        Objects.requireNonNull(allowed);
        SlackWebhook template = SlackWebhook.create(PRIMING_URL);
        Supplier<SecretsManagerClient> kept = new KeptClient(clients);
        Supplier<State> reader = () -> read(secretArn, allowed, kept, template);
        return new WebhookSource(reader, template, reader.get());
    }

    /** Builds a client at the first call that succeeds, and hands out that one after. */
    private static final class KeptClient implements Supplier<SecretsManagerClient> {
        private final Supplier<SecretsManagerClient> clients;
        private SecretsManagerClient client;

        KeptClient(Supplier<SecretsManagerClient> clients) {
            this.clients = clients;
        }

        @Override
        public synchronized SecretsManagerClient get() {
            if (client == null) {
                client = clients.get();
            }
            return client;
        }
    }

    /**
     * The webhook for this invocation: the cached one when it is configured (no read), otherwise the
     * secret read once more. Call once per invocation.
     */
    synchronized State forInvocation() {
        if (!(state instanceof Configured)) {
            state = reader.get();
        }
        return state;
    }

    /** For SnapStart priming, whose post goes to a loopback stub: the webhook, or the template (the same HTTP client). */
    synchronized SlackWebhook forPriming() {
        return state instanceof Configured configured ? configured.webhook() : template;
    }

    /**
     * Forgets the webhook, so the next invocation reads the secret again. Called after a SnapStart
     * restore: the snapshot holds the URL as it was when the version was published. Does no I/O, so
     * it cannot fail the restore.
     */
    synchronized void invalidate() {
        state = null;
    }

    private static State read(String secretArn, WebhookSecret.Allowed allowed, Supplier<SecretsManagerClient> clients,
            SlackWebhook template) {
        try {
            URI url = WebhookSecret.fetch(clients.get(), secretArn, allowed);
            return new Configured(template.at(url));
        } catch (WebhookSecret.NotAWebhookUrl e) {
            return new NotConfigured(notAUrl(secretArn));
        } catch (SdkException e) {
            // Secrets Manager's errors name the secret and the caller, never the value.
            return new NotConfigured("Slack webhook secret " + secretArn + " could not be read: " + e.getMessage());
        } catch (RuntimeException e) {
            // The class only: a message from elsewhere might quote what it was parsing.
            return new NotConfigured("Slack webhook secret " + secretArn + " could not be read: "
                    + e.getClass().getName());
        }
    }

    static String notAUrl(String secretArn) {
        return "Slack webhook secret " + secretArn + " does not hold a Slack webhook URL: set it with aws secretsmanager"
                + " put-secret-value --secret-id " + secretArn
                + " --secret-string '{\"" + WebhookSecret.JSON_FIELD + "\":\"https://hooks.slack.com/services/...\"}'";
    }
}
