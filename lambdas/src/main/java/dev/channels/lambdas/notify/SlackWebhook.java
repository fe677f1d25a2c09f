package dev.channels.lambdas.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts messages to one Slack incoming webhook with the JDK's HTTP client, one attempt per call, and
 * says what Slack answered. The URL is a credential: it is kept here and never put into a string that
 * could reach a log; reasons name a status code or an exception class, never a message or a cause
 * (HTTP client exceptions may quote the request URI).
 */
public final class SlackWebhook {
    /**
     * Slack answers in well under a second; these bound a stuck post far inside the function timeout,
     * retries included (see {@link SlackDelivery}).
     */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final URI url;
    private final Duration connectTimeout;
    private final Duration responseTimeout;

    public SlackWebhook(URI url, Duration connectTimeout, Duration responseTimeout) {
        this(HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // Slack serves HTTP/1.1 fine; skipping HTTP/2 negotiation keeps the first post simple.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), url, connectTimeout, responseTimeout);
    }

    private SlackWebhook(HttpClient http, URI url, Duration connectTimeout, Duration responseTimeout) {
        this.http = http;
        this.url = url;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    public static SlackWebhook create(URI url) {
        return new SlackWebhook(url, CONNECT_TIMEOUT, RESPONSE_TIMEOUT);
    }

    /**
     * The same HTTP client and timeouts, posting to {@code url}: a webhook read again from the secret
     * keeps the client SnapStart primed.
     */
    SlackWebhook at(URI url) {
        return new SlackWebhook(http, url, connectTimeout, responseTimeout);
    }

    /** The longest one attempt can take: connecting plus waiting for the answer. */
    Duration attemptBudget() {
        return connectTimeout.plus(responseTimeout);
    }

    /** One attempt; never throws. */
    SlackResponse send(String messageJson) {
        HttpResponse<Void> response;
        try {
            response = http.send(request(messageJson), HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            return SlackResponse.transientFailure(
                    "no answer from Slack within the timeout (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            return SlackResponse.transientFailure("I/O error talking to Slack (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SlackResponse.transientFailure("interrupted while posting to Slack");
        }
        int status = response.statusCode();
        return SlackResponse.of(status, retryAfter(response));
    }

    /** The request, built but not sent; also what SnapStart priming builds. */
    HttpRequest request(String messageJson) {
        return HttpRequest.newBuilder(url)
                .timeout(responseTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(messageJson, StandardCharsets.UTF_8))
                .build();
    }

    /** Slack sends whole seconds; anything else (an HTTP date, garbage) is ignored and backoff applies. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.trim());
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
