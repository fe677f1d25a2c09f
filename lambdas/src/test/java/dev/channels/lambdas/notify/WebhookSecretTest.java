package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.lambdas.testing.SecretsManagerStub;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class WebhookSecretTest {
    private static final String URL = "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX";
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev/slack-AbCdEf";

    @Test
    void readsAPlainUrl() {
        assertThat(WebhookSecret.parse(URL)).isEqualTo(URI.create(URL));
    }

    @Test
    void readsAPlainUrlPastedWithANewline() {
        assertThat(WebhookSecret.parse("  " + URL + "\n")).isEqualTo(URI.create(URL));
    }

    @Test
    void readsTheWebhookUrlFieldOfAJsonSecret() {
        String secret = "{\"channel\":\"#jobs\",\"extra\":{\"webhookUrl\":1},\"webhookUrl\":\"" + URL + "\"}";

        assertThat(WebhookSecret.parse(secret)).isEqualTo(URI.create(URL));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "XXXXSECRETXXXX not a url",
        "ftp://hooks.slack.com/XXXXSECRETXXXX",
        "hooks.slack.com/services/XXXXSECRETXXXX",
        "{\"url\":\"https://hooks.slack.com/XXXXSECRETXXXX\"}",
        "{\"webhookUrl\":[\"https://hooks.slack.com/XXXXSECRETXXXX\"]}",
        "{\"webhookUrl\":\"https://hooks.slack.com/XXXXSECRETXXXX\"",
        "{\"webhookUrl\" \"https://hooks.slack.com/XXXXSECRETXXXX\"}",
    })
    void refusesAnythingElseWithoutQuotingIt(String secret) {
        assertThatThrownBy(() -> WebhookSecret.parse(secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .hasMessageEndingWith("expected the webhook URL or {\"webhookUrl\": \"https://...\"}")
                .message().doesNotContain("XXXXSECRETXXXX", "hooks.slack.com");
    }

    @Test
    void fetchesAPlainUrlSecretThroughTheSdk() {
        try (SecretsManagerStub secretsManager = new SecretsManagerStub(URL);
             SecretsManagerClient client = secretsManager.client()) {
            assertThat(WebhookSecret.fetch(client, ARN)).isEqualTo(URI.create(URL));
            assertThat(secretsManager.requestedSecretIds()).containsExactly(ARN);
        }
    }

    @Test
    void fetchesAJsonSecretThroughTheSdk() {
        try (SecretsManagerStub secretsManager = new SecretsManagerStub("{\"webhookUrl\":\"" + URL + "\"}");
             SecretsManagerClient client = secretsManager.client()) {
            assertThat(WebhookSecret.fetch(client, ARN)).isEqualTo(URI.create(URL));
        }
    }

    @Test
    void aSecretWithoutAUrlIsRefusedNamingTheSecretButNotItsValue() {
        try (SecretsManagerStub secretsManager = new SecretsManagerStub("XXXXSECRETXXXX");
             SecretsManagerClient client = secretsManager.client()) {
            assertThatThrownBy(() -> WebhookSecret.fetch(client, ARN))
                    .isInstanceOf(IllegalStateException.class)
                    .isInstanceOf(WebhookSecret.NotAWebhookUrl.class)
                    .hasNoCause()
                    .hasMessageStartingWith("Secret " + ARN + " does not hold an http(s) URL with a host")
                    .message().doesNotContain("XXXXSECRETXXXX");
        }
    }
}
