package dev.channels.local.iam.policy;

import dev.channels.local.iam.AccessDecision;
import dev.channels.local.iam.AccessDecision.Outcome;
import dev.channels.local.iam.AccessEvaluator;
import dev.channels.local.iam.AccessRequest;
import dev.channels.local.iam.Principal;
import dev.channels.local.iam.policy.PolicyStatement.PrincipalMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * IAM's evaluation logic within one account (AWS doc "Policy evaluation logic"): an explicit deny in any
 * applicable policy wins; otherwise an identity-based policy of the role or the resource's policy naming it
 * allows. A KMS key is different (AWS KMS doc "Key policies"): its key policy must allow the principal itself,
 * or allow the account, which then hands the decision to the identity-based policies. The account root (the
 * operator) may do anything no policy denies, on a key only what the key policy grants the account; a service
 * principal only what a resource policy grants it. Immutable and thread-safe.
 */
final class PolicyEvaluator implements AccessEvaluator {
    /** A resource-based policy and the ARNs it governs. */
    record ResourcePolicy(PolicyDocument document, Predicate<String> governs) {
    }

    private final Map<String, List<PolicyDocument>> identityPolicies;
    private final List<ResourcePolicy> resourcePolicies;
    private final Map<String, PolicyDocument> keyPolicies;

    /**
     * @param identityPolicies role ARN -> its identity-based policies
     * @param resourcePolicies queue, bucket, topic, secret and API policies
     * @param keyPolicies      key ARN -> its key policy
     */
    PolicyEvaluator(Map<String, List<PolicyDocument>> identityPolicies, List<ResourcePolicy> resourcePolicies,
            Map<String, PolicyDocument> keyPolicies) {
        this.identityPolicies = Map.copyOf(identityPolicies);
        this.resourcePolicies = List.copyOf(resourcePolicies);
        this.keyPolicies = Map.copyOf(keyPolicies);
    }

    @Override
    public AccessDecision evaluate(AccessRequest request) {
        Principal principal = request.principal();
        String action = request.action();
        String resource = request.resourceArn();
        Map<String, List<String>> context = context(request);
        List<PolicyDocument> identity = principal.kind() == Principal.Kind.ROLE
                ? identityPolicies.getOrDefault(principal.arn(), List.of()) : List.of();
        boolean kmsKey = action.toLowerCase(Locale.ROOT).startsWith("kms:");
        List<PolicyDocument> resourceDocuments = kmsKey
                ? Optional.ofNullable(keyPolicies.get(resource)).map(List::of).orElse(List.of())
                : resourcePolicies.stream().filter(policy -> policy.governs().test(resource)).map(ResourcePolicy::document).toList();

        for (PolicyDocument document : identity) {
            for (PolicyStatement statement : document.statements()) {
                if (statement.deny() && statement.applies(action, resource, context)) {
                    return new AccessDecision(Outcome.EXPLICITLY_DENIED,
                            "with an explicit deny in an identity-based policy: " + statement.name());
                }
            }
        }
        for (PolicyDocument document : resourceDocuments) {
            for (PolicyStatement statement : document.statements()) {
                // A deny naming the principal's account is taken to cover its roles too: the safer reading.
                if (statement.deny() && statement.principalMatch(principal) != PrincipalMatch.NONE
                        && statement.applies(action, resource, context)) {
                    return new AccessDecision(Outcome.EXPLICITLY_DENIED,
                            "with an explicit deny in a resource-based policy: " + statement.name());
                }
            }
        }
        return kmsKey ? keyDecision(request, identity, resourceDocuments, context)
                : decision(request, identity, resourceDocuments, context);
    }

    private static AccessDecision decision(AccessRequest request, List<PolicyDocument> identity,
            List<PolicyDocument> resourceDocuments, Map<String, List<String>> context) {
        Principal principal = request.principal();
        Optional<PolicyStatement> byResource = allowing(resourceDocuments, request, context, PrincipalMatch.DIRECT);
        if (byResource.isPresent()) {
            return allowed("allowed by the resource-based policy " + byResource.get().name());
        }
        return switch (principal.kind()) {
            case ACCOUNT_ROOT -> allowed("the account root " + principal.arn() + ": no policy denies it");
            case SERVICE -> notAllowed("no resource-based policy allows the " + request.action() + " action");
            case ROLE -> allowing(identity, request, context, null)
                    .map(statement -> allowed("allowed by the identity-based policy " + statement.name()))
                    .orElseGet(() -> notAllowed("no identity-based policy allows the " + request.action() + " action"));
        };
    }

    private static AccessDecision keyDecision(AccessRequest request, List<PolicyDocument> identity,
            List<PolicyDocument> keyPolicy, Map<String, List<String>> context) {
        String noKeyPolicy = "no resource-based policy allows the " + request.action() + " action";
        if (keyPolicy.isEmpty()) {
            return notAllowed(noKeyPolicy + " (" + request.resourceArn() + " is not a KMS key of the template)");
        }
        Optional<PolicyStatement> direct = allowing(keyPolicy, request, context, PrincipalMatch.DIRECT);
        if (direct.isPresent()) {
            return allowed("allowed by the key policy " + direct.get().name());
        }
        if (request.principal().kind() != Principal.Kind.ROLE) {
            return notAllowed(noKeyPolicy);
        }
        Optional<PolicyStatement> account = allowing(keyPolicy, request, context, PrincipalMatch.ACCOUNT);
        if (account.isEmpty()) {
            return notAllowed(noKeyPolicy);
        }
        return allowing(identity, request, context, null)
                .map(statement -> allowed("the key policy " + account.get().name()
                        + " delegates to the account; allowed by the identity-based policy " + statement.name()))
                .orElseGet(() -> notAllowed("no identity-based policy allows the " + request.action() + " action"
                        + " (the key policy " + account.get().name() + " delegates to the account's IAM policies)"));
    }

    /**
     * The first Allow statement that applies.
     *
     * @param match for resource-based policies, how the statement must name the principal; null for identity ones
     */
    private static Optional<PolicyStatement> allowing(List<PolicyDocument> documents, AccessRequest request,
            Map<String, List<String>> context, PrincipalMatch match) {
        for (PolicyDocument document : documents) {
            for (PolicyStatement statement : document.statements()) {
                if (!statement.deny() && (match == null || statement.principalMatch(request.principal()) == match)
                        && statement.applies(request.action(), request.resourceArn(), context)) {
                    return Optional.of(statement);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The request's keys, lower-cased (condition keys are case-insensitive), plus those IAM sets itself for the
     * principal when the caller did not: {@code aws:PrincipalArn}, {@code aws:PrincipalAccount} and, for KMS,
     * {@code kms:CallerAccount}.
     */
    private static Map<String, List<String>> context(AccessRequest request) {
        Map<String, List<String>> context = new HashMap<>();
        request.context().forEach((key, values) -> context.merge(key.toLowerCase(Locale.ROOT), List.copyOf(values),
                (first, second) -> {
                    List<String> both = new ArrayList<>(first);
                    both.addAll(second);
                    return both;
                }));
        Principal principal = request.principal();
        if (principal.kind() != Principal.Kind.SERVICE) {
            context.putIfAbsent("aws:principalarn", List.of(principal.arn()));
            context.putIfAbsent("aws:principalaccount", List.of(principal.account()));
            if (request.action().toLowerCase(Locale.ROOT).startsWith("kms:")) {
                context.putIfAbsent("kms:calleraccount", List.of(principal.account()));
            }
        } else {
            context.putIfAbsent("aws:principalservicename", List.of(principal.arn()));
        }
        return context;
    }

    private static AccessDecision allowed(String reason) {
        return new AccessDecision(Outcome.ALLOWED, reason);
    }

    private static AccessDecision notAllowed(String reason) {
        return new AccessDecision(Outcome.IMPLICITLY_DENIED, reason);
    }
}
