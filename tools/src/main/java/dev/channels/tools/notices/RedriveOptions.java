package dev.channels.tools.notices;

import dev.channels.tools.cli.Flags;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        Map<String, String> flags = Flags.parse(args, Set.of("--queue-url", "--ledger-table", "--secret-id", "--region",
                "--local-endpoints", "--max"), Set.of(), UsageException::new);
        String queueUrl = flags.get("--queue-url");
        String ledgerTable = flags.get("--ledger-table");
        String secretId = flags.get("--secret-id");
        String region = flags.get("--region");
        String localEndpoints = flags.get("--local-endpoints");
        int max = flags.containsKey("--max") ? positive(flags.get("--max")) : DEFAULT_MAX;
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
