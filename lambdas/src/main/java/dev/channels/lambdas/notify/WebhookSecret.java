package dev.channels.lambdas.notify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.channels.contract.HandlerEnv;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads the Slack webhook URL from its Secrets Manager secret. The secret string is either the URL
 * itself or {@code {"webhookUrl": "..."}}, and the URL must be Slack's: {@code https://hooks.slack.com/...}
 * (see {@link Allowed}), so a secret pointed elsewhere never receives a message. No exception thrown here
 * quotes the secret or has a cause that might. The handler does not let a secret without a URL fail init
 * (see {@link WebhookSource}).
 */
public final class WebhookSecret {
    static final String JSON_FIELD = "webhookUrl";
    private static final String EXPECTED = "expected the webhook URL or {\"" + JSON_FIELD + "\": \"https://...\"}";

    private WebhookSecret() {
    }

    /**
     * Which URLs notify posts to: Slack's incoming webhooks, {@code https://hooks.slack.com/} exactly
     * (no other port, no user info, no look-alike host such as {@code hooks.slack.com.evil.example}),
     * and, only where the local cloud says so ({@link HandlerEnv#LOCAL_SLACK_SINK_URL}), exactly its
     * Slack sink's URL.
     */
    public record Allowed(Set<URI> localSinks) {
        static final String SLACK_HOST = "hooks.slack.com";
        /** What every function on AWS gets: the constructs never set the local variable. */
        public static final Allowed SLACK_ONLY = new Allowed(Set.of());

        public Allowed {
            localSinks = Set.copyOf(localSinks);
        }

        /** Slack, and the local cloud's sink at exactly {@code url} (the redrive tool against a local cloud). */
        public static Allowed slackAndLocalSink(URI url) {
            return new Allowed(Set.of(url));
        }

        /** Slack only, plus the local sink when the local cloud set it; a variable that is no URL fails init. */
        static Allowed from(EnvVars env) {
            return env.optional(HandlerEnv.LOCAL_SLACK_SINK_URL).map(url -> {
                try {
                    return new Allowed(Set.of(new URI(url.trim())));
                } catch (URISyntaxException e) {
                    throw new IllegalStateException("Environment variable " + HandlerEnv.LOCAL_SLACK_SINK_URL
                            + " is not a URL; only the local cloud sets it, to its Slack sink's URL");
                }
            }).orElse(SLACK_ONLY);
        }

        boolean permits(URI url) {
            return isSlack(url) || localSinks.contains(url);
        }

        private static boolean isSlack(URI url) {
            return "https".equalsIgnoreCase(url.getScheme())
                    && !url.isOpaque()
                    && url.getRawUserInfo() == null
                    && SLACK_HOST.equalsIgnoreCase(url.getHost())
                    && SLACK_HOST.equalsIgnoreCase(url.getRawAuthority())
                    && url.getRawPath() != null && url.getRawPath().startsWith("/");
        }
    }

    /** The secret was read, but holds no webhook URL (yet: the stack creates it with a random placeholder). */
    public static final class NotAWebhookUrl extends IllegalStateException {
        NotAWebhookUrl(String message) {
            super(message);
        }
    }

    /** {@link #fetch(SecretsManagerClient, String, Allowed)} of a Slack URL only. */
    public static URI fetch(SecretsManagerClient secrets, String secretArn) {
        return fetch(secrets, secretArn, Allowed.SLACK_ONLY);
    }

    /**
     * The URL; {@link NotAWebhookUrl} when the secret holds something else (a URL {@code allowed} does
     * not permit included), an {@code SdkException} when it cannot be read.
     */
    public static URI fetch(SecretsManagerClient secrets, String secretArn, Allowed allowed) {
        String secretString = secrets.getSecretValue(request -> request.secretId(secretArn)).secretString();
        if (secretString == null) {
            throw new NotAWebhookUrl("Secret " + secretArn + " has no secret string: " + EXPECTED);
        }
        try {
            return parse(secretString, allowed);
        } catch (IllegalArgumentException e) {
            throw new NotAWebhookUrl("Secret " + secretArn + " " + e.getMessage());
        }
    }

    static URI parse(String secretString) {
        return parse(secretString, Allowed.SLACK_ONLY);
    }

    static URI parse(String secretString, Allowed allowed) {
        String trimmed = secretString.trim();
        String url = trimmed.startsWith("{") ? urlField(trimmed) : trimmed;
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("does not hold a valid URL: " + EXPECTED);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("does not hold an http(s) URL with a host: " + EXPECTED);
        }
        if (!allowed.permits(uri)) {
            // Never names the URL: it may be a real webhook of somewhere else.
            throw new IllegalArgumentException("holds a URL that is not a Slack incoming webhook (https, Slack's"
                    + " webhook host, no port or user info): " + EXPECTED);
        }
        return uri;
    }

    private static String urlField(String json) {
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            return readUrlField(parser).orElseThrow(() -> new IllegalArgumentException(
                    "holds JSON without a string field '" + JSON_FIELD + "': " + EXPECTED));
        } catch (IOException e) {
            throw new IllegalArgumentException("holds malformed JSON: " + EXPECTED);
        }
    }

    /** The field's value, read through to the end of the input, so a truncated secret is refused as well. */
    private static Optional<String> readUrlField(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return Optional.empty();
        }
        String url = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals(JSON_FIELD) && value == JsonToken.VALUE_STRING) {
                url = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return parser.nextToken() == null ? Optional.ofNullable(url) : Optional.empty();
    }
}
