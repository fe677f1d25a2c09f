package dev.channels.local.iam.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * IAM's two wildcards, {@code *} (any run of characters, also none) and {@code ?} (one character), compiled to a
 * regular expression once, when the policy is read. Everything else is literal.
 */
final class Wildcards {
    /** Condition values, compiled on first use; keyed by the policy's own values, so bounded by the template. */
    private static final Map<String, Pattern> CASE_SENSITIVE = new ConcurrentHashMap<>();

    private Wildcards() {
    }

    /** Actions are matched ignoring case ({@code SQS:sendmessage} is {@code sqs:SendMessage}); ARNs and values are not. */
    static Pattern compile(String glob, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder(glob.length() + 8);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                flush(literal, regex);
                regex.append(c == '*' ? "[\\s\\S]*" : "[\\s\\S]");
            } else {
                literal.append(c);
            }
        }
        flush(literal, regex);
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    /** Case-sensitive, as condition values and ARNs compare. */
    static boolean matches(String glob, String value) {
        return CASE_SENSITIVE.computeIfAbsent(glob, key -> compile(key, false)).matcher(value).matches();
    }

    /**
     * {@code ArnLike}/{@code ArnEquals}: each of the six colon-separated parts is matched on its own, so a
     * {@code *} never spans a colon of the first five (the resource part, the sixth, may hold colons).
     */
    static boolean arnMatches(String glob, String arn) {
        String[] pattern = glob.split(":", 6);
        String[] value = arn.split(":", 6);
        if (pattern.length != 6 || value.length != 6) {
            return glob.equals(arn);
        }
        for (int i = 0; i < 6; i++) {
            if (!matches(pattern[i], value[i])) {
                return false;
            }
        }
        return true;
    }

    private static void flush(StringBuilder literal, StringBuilder regex) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
