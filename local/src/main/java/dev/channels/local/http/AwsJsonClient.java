package dev.channels.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A minimal client for AWS JSON-protocol services on loopback (dynalite, ElasticMQ): POST with
 * {@code X-Amz-Target}. Local servers do not check signatures, but dynalite wants a SigV4-shaped
 * {@code Authorization} header, so one is sent.
 */
public final class AwsJsonClient {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI endpoint;
    private final String targetPrefix;
    private final String contentType;
    private final String service;

    /**
     * @param targetPrefix e.g. {@code DynamoDB_20120810} or {@code AmazonSQS}
     * @param contentType  {@code application/x-amz-json-1.0} for both of those
     * @param service      the SigV4 service name for the credential scope ({@code dynamodb}, {@code sqs})
     */
    public AwsJsonClient(HttpClient http, URI endpoint, String targetPrefix, String contentType, String service) {
        this.http = http;
        this.endpoint = endpoint;
        this.targetPrefix = targetPrefix;
        this.contentType = contentType;
        this.service = service;
    }

    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Calls {@code operation}; a non-2xx answer throws {@link AwsServiceException} with the service's error type. */
    public JsonNode call(String operation, JsonNode body) {
        HttpResponse<byte[]> response = send(operation, Json.bytes(body));
        JsonNode parsed = response.body().length == 0 ? Json.object() : Json.parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String type = parsed.path("__type").asText("");
            throw new AwsServiceException(operation, response.statusCode(), type.substring(type.lastIndexOf('#') + 1),
                    parsed.path("message").asText(parsed.path("Message").asText("")));
        }
        return parsed;
    }

    /** Sends a raw request body; the caller reads status, headers and body. */
    public HttpResponse<byte[]> send(String operation, byte[] body) {
        String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", contentType)
                .header("X-Amz-Target", targetPrefix + "." + operation)
                .header("X-Amz-Date", amzDate)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/" + amzDate.substring(0, 8) + "/us-east-1/"
                        + service + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=local")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AwsServiceException(operation, 0, "ConnectionError", endpoint + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsServiceException(operation, 0, "Interrupted", endpoint + ": interrupted");
        }
    }

    /** An error answer of a local AWS-protocol service. */
    public static final class AwsServiceException extends RuntimeException {
        private final int status;
        private final String errorType;

        public AwsServiceException(String operation, int status, String errorType, String message) {
            super(operation + " failed: " + status + " " + errorType + (message.isEmpty() ? "" : ": " + message));
            this.status = status;
            this.errorType = errorType;
        }

        public int status() {
            return status;
        }

        /** The error's short type, e.g. {@code ResourceInUseException}. */
        public String errorType() {
            return errorType;
        }
    }
}
