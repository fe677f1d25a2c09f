package dev.channels.local.iam.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.iam.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One statement of a policy, read once: {@code Effect}, {@code Action}/{@code NotAction},
 * {@code Resource}/{@code NotResource}, {@code Principal} and {@code Condition}, each a single string or a list.
 * A part it cannot evaluate ({@code NotPrincipal}, a policy variable, an unknown element) is reported when read
 * and fails closed: an {@code Allow} with it never applies, a {@code Deny} with it applies as if that part
 * matched.
 *
 * @param policy      the policy's name, e.g. the logical id of its resource
 * @param label       {@code Sid} or {@code #index}
 * @param deny        {@code Effect: Deny}
 * @param notAction   whether {@code actions} are the ones it does not cover
 * @param notResource whether {@code resources} are the ones it does not cover
 * @param principals  who it names (resource policies), or {@code null} in an identity policy
 * @param failsClosed whether some part was not evaluated
 */
record PolicyStatement(String policy, String label, boolean deny, List<Wildcards> actions, boolean notAction,
        List<Wildcards> resources, boolean notResource, StatementPrincipal principals, ConditionBlock condition,
        boolean failsClosed) {
    private static final Set<String> ELEMENTS = Set.of("Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Principal", "Condition");
    private static final List<Wildcards> EVERYTHING = List.of(new Wildcards("*", false));

    /** Which principals a resource policy's statement names, and how a given one is named. */
    enum PrincipalMatch {
        /** Not named. */
        NONE,
        /** Named by its account ({@code arn:aws:iam::<acct>:root} or {@code <acct>}): delegates to identity policies. */
        ACCOUNT,
        /** Named itself, or {@code *}. */
        DIRECT
    }

    /**
     * @param resourcePolicy whether {@code Principal} is expected (a resource policy) or refused (identity policy)
     */
    static PolicyStatement read(String policy, int index, JsonNode statement, boolean resourcePolicy,
            Consumer<String> unsupported) {
        String label = statement.hasNonNull("Sid") ? statement.get("Sid").asText() : "#" + index;
        String where = policy + " statement " + label;
        List<String> problems = new ArrayList<>();
        statement.fieldNames().forEachRemaining(element -> {
            if (!ELEMENTS.contains(element)) {
                problems.add("policy element " + element + " is not evaluated");
            }
        });
        String effect = statement.path("Effect").asText("");
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            problems.add("Effect " + effect + " is neither Allow nor Deny");
        }
        boolean notAction = statement.has("NotAction");
        List<Wildcards> actions = patterns(statement.path(notAction ? "NotAction" : "Action"), true, "action", problems);
        boolean notResource = statement.has("NotResource");
        List<Wildcards> resources = patterns(statement.path(notResource ? "NotResource" : "Resource"), false, "resource",
                problems);
        StatementPrincipal principals = null;
        if (resourcePolicy) {
            principals = StatementPrincipal.read(statement.path("Principal"), problems);
        } else if (statement.has("Principal")) {
            problems.add("Principal in an identity-based policy is not evaluated");
        }
        problems.forEach(problem -> unsupported.accept(where + ": " + problem));
        ConditionBlock condition = ConditionBlock.read(statement.path("Condition"), where, unsupported);
        return new PolicyStatement(policy, label, effect.equals("Deny"), actions, notAction, resources, notResource,
                principals, condition, !problems.isEmpty() || condition.failsClosed());
    }

    boolean coversAction(String action) {
        return notAction != anyMatch(actions, action);
    }

    boolean coversResource(String arn) {
        return notResource != anyMatch(resources, arn);
    }

    PrincipalMatch principalMatch(Principal principal) {
        return principals == null ? PrincipalMatch.NONE : principals.match(principal);
    }

    /** Action, resource and condition: whether the statement applies to the request (principal aside). */
    boolean applies(String action, String resourceArn, Map<String, List<String>> lowerCaseContext) {
        if (failsClosed && !deny) {
            return false;
        }
        return coversAction(action) && coversResource(resourceArn)
                && condition.firstFailing(lowerCaseContext, deny).isEmpty();
    }

    /** For a decision's reason: {@code <policy> statement <Sid or #index>}. */
    String name() {
        return policy + " statement " + label + (failsClosed ? " (fails closed: part of it is not evaluated)" : "");
    }

    private static boolean anyMatch(List<Wildcards> patterns, String value) {
        for (Wildcards pattern : patterns) {
            if (pattern.matches(value)) {
                return true;
            }
        }
        return false;
    }

    private static List<Wildcards> patterns(JsonNode node, boolean ignoreCase, String what, List<String> problems) {
        if (node.isMissingNode()) {
            problems.add("no " + what + " element");
            // Matching everything keeps a Deny applying; an Allow with a problem never applies anyway.
            return EVERYTHING;
        }
        List<Wildcards> patterns = new ArrayList<>();
        for (String value : texts(node)) {
            if (value.contains("${")) {
                problems.add("policy variable in " + what + " " + value + " is not evaluated");
                return EVERYTHING;
            }
            patterns.add(new Wildcards(value, ignoreCase));
        }
        return List.copyOf(patterns);
    }

    static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> texts.add(element.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            texts.add(node.asText());
        }
        return texts;
    }
}
