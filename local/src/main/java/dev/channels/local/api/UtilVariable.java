package dev.channels.local.api;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.commons.lang3.StringEscapeUtils;

/** {@code $util} of a mapping template: API Gateway's helper functions. */
public final class UtilVariable {
    static final UtilVariable INSTANCE = new UtilVariable();

    private UtilVariable() {
    }

    /** JavaScript string rules (API Gateway's; a single quote becomes {@code \'}, which JSON does not allow). */
    @SuppressWarnings("deprecation") // commons-text's successor is not on the class path; the rules are the same
    public String escapeJavaScript(String text) {
        return StringEscapeUtils.escapeEcmaScript(text);
    }

    /** {@code application/x-www-form-urlencoded}, UTF-8. */
    public String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    public String urlDecode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    public String base64Encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public String base64Decode(String text) {
        return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }

    /** A JSON text as a value the template can read ({@code $util.parseJson($input.json('$.x')).name}). */
    public Object parseJson(String text) throws IOException {
        return InputVariable.value(MappingTemplate.EXACT.readTree(text));
    }
}
