package dev.channels.local.iam.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.local.iam.sigv4.Verification.Failure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The verifier against AWS's published SigV4 test suite (get-vanilla, get-vanilla-query-order-key-case) and against
 * the AWS SDK's own signer, for each way the local services are called.
 */
class SigV4VerifierTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final SigningSecret OPERATOR = new SigningSecret("local", "local", Optional.empty());
    private static final SigningSecret SESSION = new SigningSecret("ASIAEXAMPLEEXAMPLE01", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNl",
            Optional.of("token-of-the-session"));

    @Test
    void awsTestSuiteGetVanillaIsVerified() {
        SigningSecret example = new SigningSecret("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Optional.empty());
        SigV4Verifier verifier = new SigV4Verifier("us-east-1", "service", key -> key.equals("AKIDEXAMPLE") ? Optional.of(example)
                : Optional.empty(), Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC));
        SignedRequest vanilla = new SignedRequest("GET", "/", "", Map.of("Host", List.of("example.amazonaws.com"),
                "X-Amz-Date", List.of("20150830T123600Z"), "Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
                        + "us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                        + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")), new byte[0]);
        assertThat(verifier.verify(vanilla)).isEqualTo(new Verification.Verified("AKIDEXAMPLE"));

        SignedRequest queryOrder = new SignedRequest("GET", "/", "Param2=value2&Param1=value1", Map.of("Host", List.of("example.amazonaws.com"),
                "X-Amz-Date", List.of("20150830T123600Z"), "Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
                        + "us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                        + "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")), new byte[0]);
        assertThat(verifier.verify(queryOrder)).isEqualTo(new Verification.Verified("AKIDEXAMPLE"));
    }

    @Test
    void requestsSignedByTheSdkAreVerified() {
        SigV4Verifier dynamo = verifier("dynamodb");
        assertThat(dynamo.verify(sdkSigned("dynamodb", OPERATOR, "POST", "/", Map.of(), "{\"TableName\":\"t\"}", NOW)))
                .isEqualTo(new Verification.Verified("local"));
        assertThat(dynamo.verify(sdkSigned("dynamodb", SESSION, "POST", "/", Map.of(), "{\"TableName\":\"€ t\"}", NOW)))
                .isEqualTo(new Verification.Verified(SESSION.accessKeyId()));
        SigV4Verifier s3 = verifier("s3");
        assertThat(s3.verify(sdkSigned("s3", SESSION, "PUT", "/bucket/payloads/a%20b%2Bc%C3%A9", Map.of(), "body", NOW)))
                .isEqualTo(new Verification.Verified(SESSION.accessKeyId()));
        assertThat(s3.verify(sdkSigned("s3", OPERATOR, "GET", "/bucket", Map.of("list-type", "2", "prefix", "a b/c"), "", NOW)))
                .isEqualTo(new Verification.Verified("local"));
    }

    @Test
    void aTamperedBodyPathOrHeaderIsABadSignature() {
        SigV4Verifier dynamo = verifier("dynamodb");
        SignedRequest signed = sdkSigned("dynamodb", OPERATOR, "POST", "/", Map.of(), "{\"TableName\":\"t\"}", NOW);
        SignedRequest otherBody = new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(), signed.headers(),
                "{\"TableName\":\"u\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(failure(dynamo.verify(otherBody))).isEqualTo(Failure.BAD_SIGNATURE);
        SignedRequest otherTarget = withHeader(signed, "x-amz-target", "DynamoDB_20120810.DeleteTable");
        assertThat(failure(dynamo.verify(otherTarget))).isEqualTo(Failure.BAD_SIGNATURE);

        SigV4Verifier s3 = verifier("s3");
        SignedRequest put = sdkSigned("s3", OPERATOR, "PUT", "/bucket/key", Map.of(), "body", NOW);
        assertThat(failure(s3.verify(new SignedRequest("PUT", "/bucket/other", "", put.headers(), put.body()))))
                .isEqualTo(Failure.BAD_SIGNATURE);
        // S3 sends the payload's hash: a body that does not match it is refused before the signature is computed
        Verification wrongPayload = s3.verify(new SignedRequest("PUT", "/bucket/key", "", put.headers(), "other".getBytes(StandardCharsets.UTF_8)));
        assertThat(wrongPayload).isEqualTo(new Verification.Refused(Failure.BAD_SIGNATURE,
                "The provided 'x-amz-content-sha256' header does not match what was computed."));
    }

    @Test
    void aWrongSecretAnUnknownKeyAMissingSessionTokenAndNoSignatureAreRefused() {
        SigV4Verifier dynamo = verifier("dynamodb");
        SigningSecret wrongSecret = new SigningSecret("local", "not-local", Optional.empty());
        assertThat(failure(dynamo.verify(sdkSigned("dynamodb", wrongSecret, "POST", "/", Map.of(), "{}", NOW)))).isEqualTo(Failure.BAD_SIGNATURE);
        SigningSecret unknown = new SigningSecret("AKIAUNKNOWNUNKNOWN01", "secret", Optional.empty());
        assertThat(dynamo.verify(sdkSigned("dynamodb", unknown, "POST", "/", Map.of(), "{}", NOW)))
                .isEqualTo(new Verification.Refused(Failure.UNKNOWN_KEY, "The security token included in the request is invalid."));
        SigningSecret noToken = new SigningSecret(SESSION.accessKeyId(), SESSION.secretAccessKey(), Optional.empty());
        assertThat(failure(dynamo.verify(sdkSigned("dynamodb", noToken, "POST", "/", Map.of(), "{}", NOW)))).isEqualTo(Failure.INVALID_TOKEN);
        SigningSecret otherToken = new SigningSecret(SESSION.accessKeyId(), SESSION.secretAccessKey(), Optional.of("another-token"));
        assertThat(failure(dynamo.verify(sdkSigned("dynamodb", otherToken, "POST", "/", Map.of(), "{}", NOW)))).isEqualTo(Failure.INVALID_TOKEN);
        assertThat(dynamo.verify(new SignedRequest("POST", "/", "", Map.of("Host", List.of("127.0.0.1")), new byte[0])))
                .isEqualTo(new Verification.Refused(Failure.MISSING, "Request is missing Authentication Token"));
    }

    @Test
    void theCredentialScopeMustNameThisRegionAndService() {
        SignedRequest forSqs = sdkSigned("sqs", OPERATOR, "POST", "/", Map.of(), "{}", NOW);
        assertThat(verifier("dynamodb").verify(forSqs)).isEqualTo(new Verification.Refused(Failure.BAD_SIGNATURE,
                "Credential should be scoped to correct service: 'dynamodb'. "));
        SigV4Verifier otherRegion = new SigV4Verifier("us-west-2", "sqs", this::secret, CLOCK);
        assertThat(otherRegion.verify(forSqs)).isEqualTo(new Verification.Refused(Failure.BAD_SIGNATURE,
                "Credential should be scoped to a valid region. "));
    }

    @Test
    void aSignatureMoreThan15MinutesFromNowIsRefusedAndWithinItIsVerified() {
        SigV4Verifier dynamo = verifier("dynamodb");
        assertThat(dynamo.verify(sdkSigned("dynamodb", OPERATOR, "POST", "/", Map.of(), "{}", NOW.minus(Duration.ofMinutes(14)))))
                .isInstanceOf(Verification.Verified.class);
        assertThat(dynamo.verify(sdkSigned("dynamodb", OPERATOR, "POST", "/", Map.of(), "{}", NOW.minus(Duration.ofMinutes(16)))))
                .isEqualTo(new Verification.Refused(Failure.SKEWED, "Signature expired: 20261206T114400Z is now earlier than "
                        + "20261206T114500Z (20261206T120000Z - 15 min.)"));
        assertThat(failure(dynamo.verify(sdkSigned("dynamodb", OPERATOR, "POST", "/", Map.of(), "{}", NOW.plus(Duration.ofMinutes(16))))))
                .isEqualTo(Failure.SKEWED);
    }

    @Test
    void s3PresignedUrlsAreVerifiedUntilTheyExpire() {
        URI url;
        try (S3Presigner presigner = S3Presigner.builder().region(Region.EU_WEST_1)
                .endpointOverride(URI.create("http://127.0.0.1:9000"))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(() -> AwsSessionCredentials.create(SESSION.accessKeyId(), SESSION.secretAccessKey(),
                        SESSION.sessionToken().orElseThrow())).build()) {
            url = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("bucket").key("payloads/a b"))).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        SignedRequest get = new SignedRequest("GET", url.getRawPath(), url.getRawQuery(), Map.of("Host", List.of("127.0.0.1:9000")), new byte[0]);
        SigV4Verifier now = new SigV4Verifier("eu-west-1", "s3", this::secret, Clock.systemUTC());
        assertThat(now.verify(get)).isEqualTo(new Verification.Verified(SESSION.accessKeyId()));
        SigV4Verifier later = new SigV4Verifier("eu-west-1", "s3", this::secret, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));
        assertThat(later.verify(get)).isEqualTo(new Verification.Refused(Failure.EXPIRED, "Request has expired"));
    }

    private SigV4Verifier verifier(String service) {
        return new SigV4Verifier("eu-west-1", service, this::secret, CLOCK);
    }

    private Optional<SigningSecret> secret(String keyId) {
        return keyId.equals("local") ? Optional.of(OPERATOR) : keyId.equals(SESSION.accessKeyId()) ? Optional.of(SESSION) : Optional.empty();
    }

    private static Failure failure(Verification verification) {
        assertThat(verification).isInstanceOf(Verification.Refused.class);
        return ((Verification.Refused) verification).failure();
    }

    private static SignedRequest withHeader(SignedRequest request, String name, String value) {
        Map<String, List<String>> headers = new java.util.TreeMap<>(request.headers());
        headers.put(name, List.of(value));
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }

    /** A request signed by the SDK's own SigV4 signer, as its clients sign them (S3: with the payload hash header). */
    private static SignedRequest sdkSigned(String service, SigningSecret secret, String method, String path, Map<String, String> query,
            String body, Instant signedAt) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("http://127.0.0.1:4566" + path)).putHeader("Host", "127.0.0.1:4566");
        query.forEach(request::putRawQueryParameter);
        if (service.equals("dynamodb")) {
            request.putHeader("Content-Type", "application/x-amz-json-1.0").putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem");
        }
        AwsCredentialsIdentity credentials = secret.sessionToken().isPresent()
                ? AwsSessionCredentials.create(secret.accessKeyId(), secret.secretAccessKey(), secret.sessionToken().get())
                : AwsBasicCredentials.create(secret.accessKeyId(), secret.secretAccessKey());
        SdkHttpRequest built = request.build();
        software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.request(built).identity(credentials)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC))
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !service.equals("s3"))
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !service.equals("s3"))
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        SdkHttpRequest out = signed.request();
        byte[] sent;
        try {
            sent = signed.payload().map(p -> readAll(p)).orElse(bytes);
        } catch (UncheckedIOException e) {
            throw e;
        }
        return new SignedRequest(out.method().name(), out.encodedPath(), rawQuery(out), out.headers(), sent);
    }

    private static String rawQuery(SdkHttpRequest request) {
        return request.getUri().getRawQuery() == null ? "" : request.getUri().getRawQuery();
    }

    private static byte[] readAll(ContentStreamProvider provider) {
        try (var in = provider.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
