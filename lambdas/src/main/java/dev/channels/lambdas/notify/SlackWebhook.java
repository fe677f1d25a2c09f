package dev.channels.lambdas.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
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

    /**
     * SnapStart priming: one real post of {@code messageJson} through this client, never to Slack: to a one-shot
     * HTTP server on the loopback interface that this method starts, answers {@code 200 ok} from and stops. So
     * the first post after a restore finds the client's send path loaded.
     */
    void primeThroughLoopback(String messageJson) throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) attemptBudget().toMillis());
            Thread stub = new Thread(() -> answerOnce(server), "slack-priming-stub");
            stub.setDaemon(true);
            stub.start();
            URI loopback = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                    + server.getLocalPort() + "/priming");
            SlackResponse answer = at(loopback).send(messageJson);
            stub.join(attemptBudget().toMillis());
            if (answer.kind() != SlackResponse.Kind.ACCEPTED) {
                throw new IOException("the loopback stub's answer: " + answer.reason());
            }
        }
    }

    /** Reads one request (headers, then the body by its Content-Length) and answers 200, closing the connection. */
    private static void answerOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(server.getSoTimeout());
            InputStream in = socket.getInputStream();
            StringBuilder headers = new StringBuilder();
            while (headers.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                headers.append((char) b);
            }
            String lower = headers.toString().toLowerCase(Locale.ROOT);
            int at = lower.indexOf("content-length:");
            long length = at < 0 ? 0 : Long.parseLong(lower.substring(at + 15, lower.indexOf('\r', at)).trim());
            in.skipNBytes(length);
            socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\nok").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            // The post then fails, and priming says so in its log line.
        }
    }

    /** The request, built but not sent. */
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
