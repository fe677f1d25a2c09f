package dev.channels.local.iam.sigv4;

import dev.channels.local.iam.sigv4.Verification.Failure;
import dev.channels.local.iam.sigv4.Verification.Refused;
import dev.channels.local.iam.sigv4.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checks the SigV4 signature of a request the way AWS does: header auth ({@code Authorization: AWS4-HMAC-SHA256
 * Credential=..., SignedHeaders=..., Signature=...}) and presigned query auth ({@code X-Amz-Algorithm} ...
 * {@code X-Amz-Signature}); the credential scope's region and service; {@code X-Amz-Date} within 15 minutes of
 * now; the session token of a temporary key; {@code x-amz-content-sha256} against the body unless it says
 * {@code UNSIGNED-PAYLOAD} or {@code STREAMING-...} (then the seed signature covers that literal, as on AWS; the
 * chunks' own signatures are not checked here).
 */
public final class SigV4Verifier {
    static final Duration SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String BAD_SIGNATURE = "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private final String region;
    private final String service;
    private final boolean s3;
    private final Function<String, Optional<SigningSecret>> secrets;
    private final Clock clock;
    /** Signing keys by secret, date, region and service: four HMACs saved per request after the first of the day. */
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

    /**
     * @param service the signing name: {@code dynamodb}, {@code sqs}, {@code s3}, {@code secretsmanager},
     *                {@code execute-api}
     * @param secrets the secret of an access key id, empty for a key that does not exist
     */
    public SigV4Verifier(String region, String service, Function<String, Optional<SigningSecret>> secrets, Clock clock) {
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
        this.s3 = service.equals("s3");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Verification verify(SignedRequest request) {
        Optional<String> authorization = request.header("authorization");
        if (authorization.isPresent()) {
            return verifyHeader(request, authorization.get());
        }
        if (request.queryParameter("X-Amz-Signature").isPresent() || request.queryParameter("X-Amz-Credential").isPresent()) {
            return verifyPresigned(request);
        }
        return new Refused(Failure.MISSING, "Request is missing Authentication Token");
    }

    private Verification verifyHeader(SignedRequest request, String authorization) {
        if (!authorization.startsWith(SigV4.ALGORITHM + " ")) {
            return new Refused(Failure.MALFORMED, "Authorization header requires '" + SigV4.ALGORITHM + "' (only SigV4 is accepted)");
        }
        Map<String, String> fields = new java.util.HashMap<>();
        for (String part : authorization.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                fields.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
            }
        }
        String credential = fields.get("Credential");
        String signedHeaders = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            return new Refused(Failure.MALFORMED, "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. "
                    + "Authorization header is malformed.");
        }
        Optional<String> amzDate = request.header("x-amz-date");
        if (amzDate.isEmpty()) {
            return new Refused(Failure.MALFORMED, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        Optional<String> payload = request.header("x-amz-content-sha256");
        String payloadHash = payload.orElseGet(() -> SigV4.sha256Hex(request.body()));
        return check(request, credential, signedHeaders, signature, amzDate.get(), payloadHash, request.header("x-amz-security-token"),
                Optional.empty(), "");
    }

    private Verification verifyPresigned(SignedRequest request) {
        Optional<String> algorithm = request.queryParameter("X-Amz-Algorithm");
        Optional<String> credential = request.queryParameter("X-Amz-Credential");
        Optional<String> signedHeaders = request.queryParameter("X-Amz-SignedHeaders");
        Optional<String> signature = request.queryParameter("X-Amz-Signature");
        Optional<String> amzDate = request.queryParameter("X-Amz-Date");
        if (algorithm.isEmpty() || !algorithm.get().equals(SigV4.ALGORITHM) || credential.isEmpty() || signedHeaders.isEmpty()
                || signature.isEmpty() || amzDate.isEmpty()) {
            return new Refused(Failure.MALFORMED, "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                    + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        Optional<Duration> expires = request.queryParameter("X-Amz-Expires").flatMap(SigV4Verifier::seconds);
        // A presigned URL's payload is never signed (S3: UNSIGNED-PAYLOAD; the others: the body's hash).
        String payloadHash = s3 ? SigV4.UNSIGNED_PAYLOAD : SigV4.sha256Hex(request.body());
        return check(request, credential.get(), signedHeaders.get(), signature.get(), amzDate.get(), payloadHash,
                request.queryParameter("X-Amz-Security-Token"), Optional.of(expires.orElse(Duration.ofDays(7))), "X-Amz-Signature");
    }

    private Verification check(SignedRequest request, String credential, String signedHeaderList, String signature, String amzDate,
            String payloadHash, Optional<String> sessionToken, Optional<Duration> presignedFor, String excludedQuery) {
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            return new Refused(Failure.MALFORMED, "Credential should be scoped to a valid region, service and 'aws4_request': " + credential);
        }
        Optional<SigningSecret> secret = secrets.apply(scope[0]);
        if (secret.isEmpty()) {
            return new Refused(Failure.UNKNOWN_KEY, "The security token included in the request is invalid.");
        }
        if (secret.get().sessionToken().isPresent() && !constantTimeEquals(secret.get().sessionToken().get(), sessionToken.orElse(""))) {
            return new Refused(Failure.INVALID_TOKEN, "The security token included in the request is invalid.");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            return new Refused(Failure.MALFORMED, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        if (!scope[1].equals(amzDate.substring(0, 8))) {
            return new Refused(Failure.BAD_SIGNATURE, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scope[1] + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        if (!scope[2].equals(region)) {
            return new Refused(Failure.BAD_SIGNATURE, "Credential should be scoped to a valid region. ");
        }
        if (!scope[3].equals(service)) {
            return new Refused(Failure.BAD_SIGNATURE, "Credential should be scoped to correct service: '" + service + "'. ");
        }
        Instant now = clock.instant();
        if (presignedFor.isPresent()) {
            if (now.isAfter(signedAt.plus(presignedFor.get()))) {
                return new Refused(Failure.EXPIRED, "Request has expired");
            }
        } else if (Duration.between(signedAt, now).abs().compareTo(SKEW) > 0) {
            String bound = AMZ_DATE.format(signedAt.isBefore(now) ? now.minus(SKEW) : now.plus(SKEW));
            return new Refused(Failure.SKEWED, "Signature " + (signedAt.isBefore(now) ? "expired: " + amzDate + " is now earlier than "
                    + bound + " (" + AMZ_DATE.format(now) + " - 15 min.)" : "not yet current: " + amzDate + " is still later than " + bound
                    + " (" + AMZ_DATE.format(now) + " + 15 min.)"));
        }
        List<String> signedHeaders = Arrays.asList(signedHeaderList.split(";"));
        if (!signedHeaders.contains("host")) {
            return new Refused(Failure.BAD_SIGNATURE, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (isHex64(payloadHash) && !payloadHash.equals(SigV4.sha256Hex(request.body()))) {
            return new Refused(Failure.BAD_SIGNATURE, "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String canonical = SigV4.canonicalRequest(request, signedHeaders, payloadHash, s3, excludedQuery);
        String toSign = SigV4.stringToSign(amzDate, String.join("/", scope[1], scope[2], scope[3], scope[4]), canonical);
        byte[] key = signingKeys.computeIfAbsent(secret.get().secretAccessKey() + '/' + scope[1],
                k -> SigV4.signingKey(secret.get().secretAccessKey(), scope[1], region, service));
        if (!constantTimeEquals(SigV4.signature(key, toSign), signature)) {
            return new Refused(Failure.BAD_SIGNATURE, BAD_SIGNATURE);
        }
        return new Verified(scope[0]);
    }

    private static boolean isHex64(String value) {
        return value.length() == 64 && value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
