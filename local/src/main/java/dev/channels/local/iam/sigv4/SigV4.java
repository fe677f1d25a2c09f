package dev.channels.local.iam.sigv4;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature Version 4 as AWS documents it ("Create a signed AWS API request", IAM User Guide): the canonical
 * request, the string to sign and the signing key. Written here rather than taken from the SDK's signer because
 * the SDK signs a request it builds (every header it holds, the date from its clock, its own path encoding), and
 * a verifier must rebuild exactly what the client signed: the headers it listed, its date, its path as sent.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    /**
     * The canonical request.
     *
     * @param s3            S3 signs the path as sent; every other service signs it percent-encoded once more
     * @param excludedQuery a query parameter left out (a presigned request's {@code X-Amz-Signature})
     */
    public static String canonicalRequest(SignedRequest request, List<String> signedHeaders, String payloadHash, boolean s3,
            String excludedQuery) {
        StringBuilder out = new StringBuilder(256);
        out.append(request.method()).append('\n');
        out.append(s3 ? request.rawPath() : encode(request.rawPath(), false)).append('\n');
        out.append(canonicalQuery(request.queryParameters(), excludedQuery)).append('\n');
        for (String name : signedHeaders) {
            List<String> values = request.headers().getOrDefault(name, List.of());
            out.append(name).append(':');
            for (int i = 0; i < values.size(); i++) {
                out.append(i == 0 ? "" : ",").append(values.get(i).trim().replaceAll(" +", " "));
            }
            out.append('\n');
        }
        out.append('\n').append(String.join(";", signedHeaders)).append('\n');
        out.append(payloadHash);
        return out.toString();
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")}. */
    public static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    public static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Query parameters sorted by name then value, each name and value encoded as SigV4 wants. */
    static String canonicalQuery(List<Map.Entry<String, String>> parameters, String excluded) {
        List<Map.Entry<String, String>> encoded = new ArrayList<>();
        for (Map.Entry<String, String> parameter : parameters) {
            if (!parameter.getKey().equals(excluded)) {
                encoded.add(new AbstractMap.SimpleEntry<>(encode(parameter.getKey(), true), encode(parameter.getValue(), true)));
            }
        }
        encoded.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue(Comparator.naturalOrder())));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> parameter : encoded) {
            out.append(out.length() == 0 ? "" : "&").append(parameter.getKey()).append('=').append(parameter.getValue());
        }
        return out.toString();
    }

    /** Decoded query parameters in order; {@code +} is a plus sign, as SigV4 clients send a space as {@code %20}. */
    static List<Map.Entry<String, String>> parseQuery(String rawQuery) {
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        if (rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.add(new AbstractMap.SimpleEntry<>(decode(name), decode(value)));
        }
        return parameters;
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return encoded;
        }
    }

    /** RFC 3986 unreserved characters kept, everything else {@code %XX} in upper case; {@code /} kept unless asked. */
    static String encode(String value, boolean encodeSlash) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
                    || c == '~' || (c == '/' && !encodeSlash)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
