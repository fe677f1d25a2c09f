package dev.channels.support.dynalite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DynamoDB's JSON protocol over the JDK's HttpClient, for dynalite and the local cloud: enough to see that it
 * answers and to set up or read tables without the AWS SDK. Requests are signed (SigV4) with the local cloud's
 * operator credentials, {@code local} / {@code local}, which the local cloud verifies and dynalite ignores.
 */
public final class DynamoDbJson {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final String KEY_ID = "local";
    private static final String SECRET = "local";
    private static final HexFormat HEX = HexFormat.of();

    private final URI endpoint;
    private final String region;
    // HTTP/1.1, as the SDK's clients speak to DynamoDB (the JDK's default would ask every request for an h2c upgrade).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();

    /** For dynalite, which ignores the signature's region. */
    public DynamoDbJson(URI endpoint) {
        this(endpoint, "us-east-1");
    }

    /** @param region the region the signature is scoped to: the local cloud's */
    public DynamoDbJson(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    /**
     * Calls {@code operation} (e.g. {@code "ListTables"}) with a JSON request body and returns the answer's body.
     *
     * @throws IOException           when the server cannot be reached (not listening yet, gone)
     * @throws IllegalStateException when it answers other than 200, with its answer
     */
    public String call(String operation, String body) throws IOException, InterruptedException {
        String amzDate = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        String target = "DynamoDB_20120810." + operation;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", target)
                .header("X-Amz-Date", amzDate)
                .header("Authorization", authorization(amzDate, target, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(operation + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** SigV4 of this request: "Create a signed AWS API request", IAM User Guide. */
    private String authorization(String amzDate, String target, byte[] body) {
        String host = endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        String canonical = "POST\n" + path + "\n\nhost:" + host + "\nx-amz-date:" + amzDate + "\nx-amz-target:" + target
                + "\n\nhost;x-amz-date;x-amz-target\n" + HEX.formatHex(sha256(body));
        String scope = amzDate.substring(0, 8) + "/" + region + "/dynamodb/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
        for (String part : new String[] {region, "dynamodb", "aws4_request"}) {
            key = hmac(key, part);
        }
        return "AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/" + scope + ", SignedHeaders=host;x-amz-date;x-amz-target, Signature="
                + HEX.formatHex(hmac(key, toSign));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
