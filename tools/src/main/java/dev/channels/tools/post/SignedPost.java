package dev.channels.tools.post;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * One POST of a JSON body to a channel's route, signed with SigV4 for {@code execute-api} as the route's
 * {@code AWS_IAM} authorization requires, with the SDK's own signer.
 */
final class SignedPost {
    /** What API Gateway waits for its integration at most, plus a margin. */
    private static final Duration TIMEOUT = Duration.ofSeconds(35);
    /** Headers java.net.http sets itself and refuses from the caller; they are signed with the values it sends. */
    private static final List<String> SET_BY_THE_CLIENT = List.of("host", "content-length");

    private final HttpClient http;

    SignedPost(HttpClient http) {
        this.http = http;
    }

    /** The signed request as it goes on the wire, for {@link #send} (and tests). */
    static SdkHttpRequest sign(URI url, byte[] body, AwsCredentialsIdentity credentials, String region) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(url)
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(signing -> signing
                .identity(credentials)
                .request(request)
                .payload(() -> new ByteArrayInputStream(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        return signed.request();
    }

    HttpResponse<String> send(URI url, byte[] body, AwsCredentialsIdentity credentials, String region) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : sign(url, body, credentials, region).headers().entrySet()) {
            if (!SET_BY_THE_CLIENT.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
