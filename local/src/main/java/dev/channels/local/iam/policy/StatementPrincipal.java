package dev.channels.local.iam.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.iam.Principal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A resource policy's {@code Principal}: {@code "*"}, or {@code AWS} (an ARN, an account id or {@code *}) and
 * {@code Service} entries (AWS doc "AWS JSON policy elements: Principal"). {@code Federated} and
 * {@code CanonicalUser} are reported and never match.
 */
record StatementPrincipal(boolean everyone, Set<String> arns, Set<String> accounts, Set<String> services) {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ACCOUNT_ROOT = Pattern.compile("arn:[^:]+:iam::(\\d{12}):root");

    static StatementPrincipal read(JsonNode node, List<String> problems) {
        if (node.isMissingNode()) {
            problems.add("no Principal element in a resource-based policy");
            return new StatementPrincipal(true, Set.of(), Set.of(), Set.of());
        }
        if (node.isTextual()) {
            if (!node.asText().equals("*")) {
                problems.add("Principal " + node.asText() + " is neither * nor an object");
            }
            return new StatementPrincipal(true, Set.of(), Set.of(), Set.of());
        }
        boolean everyone = false;
        Set<String> arns = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        Set<String> services = new HashSet<>();
        for (var entry : node.properties()) {
            List<String> values = PolicyStatement.texts(entry.getValue());
            switch (entry.getKey()) {
                case "AWS" -> {
                    for (String value : values) {
                        var root = ACCOUNT_ROOT.matcher(value);
                        if (value.equals("*")) {
                            everyone = true;
                        } else if (ACCOUNT_ID.matcher(value).matches()) {
                            accounts.add(value);
                        } else if (root.matches()) {
                            accounts.add(root.group(1));
                        } else {
                            arns.add(value);
                        }
                    }
                }
                case "Service" -> services.addAll(values);
                default -> problems.add("Principal " + entry.getKey() + " is not evaluated");
            }
        }
        return new StatementPrincipal(everyone, Set.copyOf(arns), Set.copyOf(accounts), Set.copyOf(services));
    }

    PolicyStatement.PrincipalMatch match(Principal principal) {
        if (everyone) {
            return PolicyStatement.PrincipalMatch.DIRECT;
        }
        return switch (principal.kind()) {
            case ROLE -> arns.contains(principal.arn()) ? PolicyStatement.PrincipalMatch.DIRECT
                    : accounts.contains(principal.account()) ? PolicyStatement.PrincipalMatch.ACCOUNT
                    : PolicyStatement.PrincipalMatch.NONE;
            case ACCOUNT_ROOT -> accounts.contains(principal.account()) || arns.contains(principal.arn())
                    ? PolicyStatement.PrincipalMatch.DIRECT : PolicyStatement.PrincipalMatch.NONE;
            case SERVICE -> services.contains(principal.arn())
                    ? PolicyStatement.PrincipalMatch.DIRECT : PolicyStatement.PrincipalMatch.NONE;
        };
    }
}
