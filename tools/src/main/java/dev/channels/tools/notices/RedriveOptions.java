package dev.channels.tools.notices;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The redrive-notices command's flags.
 *
 * @param queueUrl the channel's notices queue
 * @param ledgerTable the env's idempotency table, where notify keeps its ledger
 * @param secretId the env's Slack webhook secret (name or ARN)
 * @param localEndpoints a local cloud's {@code local-endpoints.json}: its endpoints, region and dummy credentials
 * @param max the most notices one run receives
 */
public record RedriveOptions(String queueUrl, String ledgerTable, String secretId, Optional<String> region,
        Optional<Path> localEndpoints, int max) {

    static final int DEFAULT_MAX = 1000;

    /** Wrong flags, with a message that says which and how. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message, null, false, false);
        }
    }

    public static RedriveOptions parse(String[] args) throws UsageException {
        String queueUrl = null;
        String ledgerTable = null;
        String secretId = null;
        String region = null;
        String localEndpoints = null;
        int max = DEFAULT_MAX;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new UsageException(flag.startsWith("--") ? flag + " needs a value" : "unexpected argument '" + flag + "'");
            }
            String value = args[++i];
            switch (flag) {
                case "--queue-url" -> queueUrl = value;
                case "--ledger-table" -> ledgerTable = value;
                case "--secret-id" -> secretId = value;
                case "--region" -> region = value;
                case "--local-endpoints" -> localEndpoints = value;
                case "--max" -> max = positive(value);
                default -> throw new UsageException("unknown flag '" + flag + "'");
            }
        }
        if (queueUrl == null) {
            throw new UsageException("--queue-url is required: the channel's notices queue (<env>-<channel>-notices)");
        }
        if (ledgerTable == null) {
            throw new UsageException("--ledger-table is required: the env's idempotency table, notify's ledger");
        }
        if (secretId == null) {
            throw new UsageException("--secret-id is required: the env's Slack webhook secret (name or ARN)");
        }
        return new RedriveOptions(queueUrl, ledgerTable, secretId, Optional.ofNullable(region),
                Optional.ofNullable(localEndpoints).map(Path::of), max);
    }

    private static int positive(String value) throws UsageException {
        try {
            int max = Integer.parseInt(value);
            if (max > 0) {
                return max;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UsageException("--max must be a positive number, not '" + value + "'");
    }
}
