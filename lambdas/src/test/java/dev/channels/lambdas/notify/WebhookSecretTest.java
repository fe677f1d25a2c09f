package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.contract.HandlerEnv;
import dev.channels.lambdas.EnvVars;
import dev.channels.lambdas.testing.SecretsManagerStub;
import java.net.URI;
import java.util.List;
import java.util.Map;
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

    @ParameterizedTest
    @ValueSource(strings = {
        "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX",
        "HTTPS://Hooks.Slack.Com/services/T000/B000/XXXXSECRETXXXX",
        "https://hooks.slack.com/workflows/T000/A000/XXXXSECRETXXXX",
    })
    void acceptsSlacksOwnWebhookUrls(String url) {
        assertThat(WebhookSecret.parse("{\"webhookUrl\":\"" + url + "\"}")).isEqualTo(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX",
        "https://hooks.slack.com.evil.example/services/XXXXSECRETXXXX",
        "https://evil.example/hooks.slack.com/services/XXXXSECRETXXXX",
        "https://hooks.slack.com@evil.example/services/XXXXSECRETXXXX",
        "https://XXXXSECRETXXXX@hooks.slack.com/services/T000/B000/XXXXSECRETXXXX",
        "https://user:XXXXSECRETXXXX@hooks.slack.com/services/T000/B000/XXXXSECRETXXXX",
        "https://evil.example#@hooks.slack.com/services/XXXXSECRETXXXX",
        "https://evil.example?@hooks.slack.com/services/XXXXSECRETXXXX",
        "https://hooks.slack.com:8443/services/XXXXSECRETXXXX",
        "https://hooks.slack.com:443/services/XXXXSECRETXXXX",
        "https://hooks.slack.com./services/XXXXSECRETXXXX",
        "https://xhooks.slack.com/services/XXXXSECRETXXXX",
        "https://slack.com/services/XXXXSECRETXXXX",
        "https://hooks.slack.com",
        "http://127.0.0.1:4567/services/local/channels/webhook?XXXXSECRETXXXX",
    })
    void refusesEveryOtherUrlWithoutQuotingIt(String url) {
        assertThatThrownBy(() -> WebhookSecret.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .hasMessageEndingWith("expected the webhook URL or {\"webhookUrl\": \"https://...\"}")
                .message().doesNotContain("XXXXSECRETXXXX", "evil", "127.0.0.1");
    }

    @Test
    void theLocalCloudsSettingAllowsExactlyItsSink() {
        String sink = "http://127.0.0.1:4567/services/local/channels/webhook";
        WebhookSecret.Allowed local = WebhookSecret.Allowed.from(new EnvVars(Map.of(HandlerEnv.LOCAL_SLACK_SINK_URL, sink)));

        assertThat(WebhookSecret.parse(sink, local)).isEqualTo(URI.create(sink));
        assertThat(WebhookSecret.parse(URL, local)).as("Slack's own still").isEqualTo(URI.create(URL));
        for (String other : List.of("http://127.0.0.1:4568/services/local/channels/webhook",
                "http://127.0.0.1:4567/services/local/channels/other",
                "http://localhost:4567/services/local/channels/webhook",
                "https://127.0.0.1:4567/services/local/channels/webhook",
                sink + "?x=1")) {
            assertThatThrownBy(() -> WebhookSecret.parse(other, local)).as(other).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void withoutTheLocalSettingNoSinkIsAllowed() {
        assertThat(WebhookSecret.Allowed.from(new EnvVars(Map.of()))).isEqualTo(WebhookSecret.Allowed.SLACK_ONLY);
        assertThat(WebhookSecret.Allowed.from(new EnvVars(Map.of(HandlerEnv.LOCAL_SLACK_SINK_URL, " "))))
                .isEqualTo(WebhookSecret.Allowed.SLACK_ONLY);
        assertThatThrownBy(() -> WebhookSecret.Allowed.from(new EnvVars(Map.of(HandlerEnv.LOCAL_SLACK_SINK_URL, "not a url"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Environment variable " + HandlerEnv.LOCAL_SLACK_SINK_URL + " is not a URL");
    }

    @Test
    void aSecretHoldingAnotherUrlIsNotAWebhookUrl() {
        try (SecretsManagerStub secretsManager = new SecretsManagerStub("{\"webhookUrl\":\"https://evil.example/XXXXSECRETXXXX\"}");
             SecretsManagerClient client = secretsManager.client()) {
            assertThatThrownBy(() -> WebhookSecret.fetch(client, ARN))
                    .isInstanceOf(WebhookSecret.NotAWebhookUrl.class)
                    .hasNoCause()
                    .hasMessageStartingWith("Secret " + ARN + " holds a URL that is not a Slack incoming webhook")
                    .message().doesNotContain("XXXXSECRETXXXX", "evil");
        }
    }
}
