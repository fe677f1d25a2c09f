package dev.channels.lambdas.notify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.channels.lambdas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads the Slack webhook URL from its Secrets Manager secret. The secret string is either the URL
 * itself or {@code {"webhookUrl": "..."}}. No exception thrown here quotes the secret or has a cause
 * that might. The handler does not let a secret without a URL fail init (see {@link WebhookSource}).
 */
public final class WebhookSecret {
    static final String JSON_FIELD = "webhookUrl";
    private static final String EXPECTED = "expected the webhook URL or {\"" + JSON_FIELD + "\": \"https://...\"}";

    private WebhookSecret() {
    }

    /** The secret was read, but holds no webhook URL (yet: the stack creates it with a random placeholder). */
    public static final class NotAWebhookUrl extends IllegalStateException {
        NotAWebhookUrl(String message) {
            super(message);
        }
    }

    /**
     * The URL; {@link NotAWebhookUrl} when the secret holds something else, an {@code SdkException}
     * when it cannot be read.
     */
    public static URI fetch(SecretsManagerClient secrets, String secretArn) {
        String secretString = secrets.getSecretValue(request -> request.secretId(secretArn)).secretString();
        if (secretString == null) {
            throw new NotAWebhookUrl("Secret " + secretArn + " has no secret string: " + EXPECTED);
        }
        try {
            return parse(secretString);
        } catch (IllegalArgumentException e) {
            throw new NotAWebhookUrl("Secret " + secretArn + " " + e.getMessage());
        }
    }

    static URI parse(String secretString) {
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
