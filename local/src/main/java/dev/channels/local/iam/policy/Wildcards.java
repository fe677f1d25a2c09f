package dev.channels.local.iam.policy;

/**
 * IAM's two wildcards, {@code *} (any run of characters, also none) and {@code ?} (one character); everything
 * else is literal. Matched without regular expressions, in at most (value length × pattern length) steps, so a
 * long value from a request (an item key, an object key) cannot make a policy with several {@code *} backtrack.
 *
 * @param glob       the policy's value
 * @param ignoreCase actions match ignoring case ({@code SQS:sendmessage} is {@code sqs:SendMessage}); ARNs and
 *                   condition values do not
 */
record Wildcards(String glob, boolean ignoreCase) {

    boolean matches(String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resumeAt = 0;
        while (v < value.length()) {
            if (p < glob.length() && (glob.charAt(p) == '?' || same(glob.charAt(p), value.charAt(v)))) {
                p++;
                v++;
            } else if (p < glob.length() && glob.charAt(p) == '*') {
                star = p++;
                resumeAt = v;
            } else if (star >= 0) {
                // The last * takes one more character, and the rest of the pattern tries again from there.
                p = star + 1;
                v = ++resumeAt;
            } else {
                return false;
            }
        }
        while (p < glob.length() && glob.charAt(p) == '*') {
            p++;
        }
        return p == glob.length();
    }

    /** Case-sensitive, as condition values compare. */
    static boolean matches(String glob, String value) {
        return new Wildcards(glob, false).matches(value);
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

    private boolean same(char expected, char actual) {
        return expected == actual || ignoreCase && Character.toLowerCase(expected) == Character.toLowerCase(actual);
    }
}
