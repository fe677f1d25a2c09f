package dev.channels.bench.driver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The floor: the least a JVM must do to store one object in DynamoDB. A fresh JVM, the same flags as
 * the handlers, the JDK's own {@link HttpClient}, one raw {@code PutItem} of a JobOrder-like item
 * ("first"), then a second one ("warm"). No SDK, no JSON library.
 *
 * <p>Argument 1 is the id prefix. With {@code --sigv4} as argument 2 the request carries a real
 * Signature Version 4 signature (HMAC-SHA256 chain and payload hash, as the SDK computes it); without
 * it, a well-formed Authorization header with a dummy signature, which dynalite accepts because it
 * checks the header's shape but not the signature.
 */
public final class FloorDriver {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private FloorDriver() {
    }

    public static void main(String[] args) {
        boolean sign = args.length > 1 && "--sigv4".equals(args[1]);
        Probe probe = new Probe(sign ? "floor-sigv4" : "floor");
        String idPrefix = args[0];
        Throwable error = null;
        try {
            URI endpoint = URI.create(System.getenv("AWS_ENDPOINT_URL_DYNAMODB"));
            String table = System.getenv("TABLE_NAME");
            probe.begin();
            // HTTP/1.1 as DynamoDB speaks it (no h2c upgrade attempt), like the notify handler's Slack client.
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            probe.end("init");

            probe.begin();
            putItem(client, endpoint, table, idPrefix + "-a", sign);
            probe.end("first");

            probe.begin();
            putItem(client, endpoint, table, idPrefix + "-b", sign);
            probe.end("warm");
        } catch (Throwable e) {
            error = e;
            e.printStackTrace();
        }
        probe.print(error);
        System.exit(error == null ? 0 : 1);
    }

    private static void putItem(HttpClient client, URI endpoint, String table, String id, boolean sign)
            throws Exception {
        String body = "{\"TableName\":\"" + table + "\",\"Item\":{"
                + "\"id\":{\"S\":\"" + id + "\"},\"version\":{\"N\":\"1\"},"
                + "\"title\":{\"S\":\"Senior welder, night shift\"},\"status\":{\"S\":\"open\"},"
                + "\"rate\":{\"N\":\"31.50\"},\"currency\":{\"S\":\"EUR\"},\"headcount\":{\"N\":\"3\"},"
                + "\"tags\":{\"L\":[{\"S\":\"welding\"},{\"S\":\"nights\"}]},"
                + "\"site\":{\"M\":{\"city\":{\"S\":\"Zürich\"},\"zip\":{\"S\":\"8001\"}}},"
                + "\"remote\":{\"BOOL\":false},\"reference\":{\"N\":\"12345678901234567890123\"}}}";
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String amzDate = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        String target = "DynamoDB_20120810.PutItem";
        String authorization = sign
                ? sigV4(endpoint, amzDate, target, payload)
                : "AWS4-HMAC-SHA256 Credential=bench/" + amzDate.substring(0, 8) + "/" + Events.REGION
                        + "/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                        + "Signature=" + "0".repeat(64);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", target)
                .header("X-Amz-Date", amzDate)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PutItem answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** A real SigV4 Authorization header for a POST to "/" with no query, as the SDK would send it. */
    private static String sigV4(URI endpoint, String amzDate, String target, byte[] payload) throws Exception {
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + Events.REGION + "/dynamodb/aws4_request";
        String host = endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
        String signedHeaders = "content-type;host;x-amz-date;x-amz-target";
        String canonicalRequest = "POST\n/\n\n"
                + "content-type:application/x-amz-json-1.0\n"
                + "host:" + host + "\n"
                + "x-amz-date:" + amzDate + "\n"
                + "x-amz-target:" + target + "\n\n"
                + signedHeaders + "\n"
                + hex(sha256(payload));
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, Events.REGION);
        key = hmac(key, "dynamodb");
        key = hmac(key, "aws4_request");
        return "AWS4-HMAC-SHA256 Credential=" + System.getenv("AWS_ACCESS_KEY_ID") + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + hex(hmac(key, stringToSign));
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
