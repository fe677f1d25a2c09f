package dev.channels.local.iam.sigv4;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as it arrived, for signature verification: the method, the path and query exactly as sent
 * (still percent-encoded), the headers by lower-case name, and the body.
 *
 * @param rawPath  e.g. {@code /bucket/a%20key}
 * @param rawQuery e.g. {@code list-type=2&prefix=a%2Fb}; empty when there is none
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    public SignedRequest {
        Objects.requireNonNull(method, "method");
        rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        rawQuery = rawQuery == null ? "" : rawQuery;
        TreeMap<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new java.util.ArrayList<>())
                .addAll(values));
        headers = java.util.Collections.unmodifiableMap(lower);
        Objects.requireNonNull(body, "body");
    }

    /** The first value of a header, by any case of its name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The query's parameters, decoded, in order; a name without {@code =} has the value "". */
    public List<Map.Entry<String, String>> queryParameters() {
        return SigV4.parseQuery(rawQuery);
    }

    /** An {@code application/x-www-form-urlencoded} body's parameters, decoded ({@code +} is a space there). */
    public static List<Map.Entry<String, String>> parseForm(String form) {
        return SigV4.parseQuery(form.replace("+", "%20"));
    }

    public Optional<String> queryParameter(String name) {
        return queryParameters().stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
    }
}
