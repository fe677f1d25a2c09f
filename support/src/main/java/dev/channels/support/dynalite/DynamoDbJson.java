package dev.channels.support.dynalite;

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
 * DynamoDB's JSON protocol over the JDK's HttpClient, for dynalite: enough to see that it answers and to
 * set up tables without the AWS SDK. The request is not signed; dynalite checks the Authorization header's
 * shape, not its signature.
 */
public final class DynamoDbJson {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI endpoint;
    // HTTP/1.1, as the SDK's clients speak to DynamoDB (the JDK's default would ask every request for an h2c upgrade).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();

    public DynamoDbJson(URI endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Calls {@code operation} (e.g. {@code "ListTables"}) with a JSON request body and returns the answer's body.
     *
     * @throws IOException           when the server cannot be reached (not listening yet, gone)
     * @throws IllegalStateException when it answers other than 200, with its answer
     */
    public String call(String operation, String body) throws IOException, InterruptedException {
        String amzDate = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .header("X-Amz-Date", amzDate)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/" + amzDate.substring(0, 8)
                        + "/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, "
                        + "Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(operation + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
