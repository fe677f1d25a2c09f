package dev.channels.lambdas.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts messages to one Slack incoming webhook with the JDK's HTTP client. The URL is a credential:
 * it is kept here and never put into a string that could reach a log.
 */
public final class SlackWebhook {
    /** Slack answers in well under a second; these bound a stuck post far inside the function timeout. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final URI url;
    private final Duration responseTimeout;

    public SlackWebhook(URI url, Duration connectTimeout, Duration responseTimeout) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // Slack serves HTTP/1.1 fine; skipping HTTP/2 negotiation keeps the first post simple.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.url = url;
        this.responseTimeout = responseTimeout;
    }

    public static SlackWebhook create(URI url) {
        return new SlackWebhook(url, CONNECT_TIMEOUT, RESPONSE_TIMEOUT);
    }

    /** Returns when Slack answered 2xx; anything else is a {@link SlackPostException} with a loggable reason. */
    void post(String messageJson) throws SlackPostException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(responseTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(messageJson, StandardCharsets.UTF_8))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new SlackPostException("no answer from Slack within the timeout (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new SlackPostException("I/O error talking to Slack (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackPostException("interrupted while posting to Slack");
        }
        if (response.statusCode() / 100 != 2) {
            throw new SlackPostException("Slack answered HTTP " + response.statusCode());
        }
    }
}
