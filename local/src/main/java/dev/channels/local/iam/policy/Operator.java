package dev.channels.local.iam.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One condition operator as IAM evaluates it, with its {@code ForAllValues:}/{@code ForAnyValue:} qualifier and
 * its {@code IfExists} suffix (AWS doc "IAM JSON policy elements: Condition operators" and "Set operators for
 * multivalued context keys"). A missing key makes a positive operator false and a negated one true; with
 * {@code IfExists} a missing key is true; {@code ForAllValues} is true for a missing or empty key and
 * {@code ForAnyValue} false.
 */
record Operator(Comparison comparison, Qualifier qualifier, boolean ifExists) {
    enum Qualifier { SINGLE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    enum Comparison {
        STRING_EQUALS("StringEquals", false),
        STRING_NOT_EQUALS("StringNotEquals", true),
        STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false),
        STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true),
        STRING_LIKE("StringLike", false),
        STRING_NOT_LIKE("StringNotLike", true),
        ARN_EQUALS("ArnEquals", false),
        ARN_LIKE("ArnLike", false),
        ARN_NOT_EQUALS("ArnNotEquals", true),
        ARN_NOT_LIKE("ArnNotLike", true),
        BOOL("Bool", false),
        NULL("Null", false);

        final String awsName;
        final boolean negated;

        Comparison(String awsName, boolean negated) {
            this.awsName = awsName;
            this.negated = negated;
        }

        /** The positive form: does this context value match this policy value. */
        boolean matches(String policyValue, String contextValue) {
            return switch (this) {
                case STRING_EQUALS, STRING_NOT_EQUALS -> policyValue.equals(contextValue);
                case STRING_EQUALS_IGNORE_CASE, STRING_NOT_EQUALS_IGNORE_CASE -> policyValue.equalsIgnoreCase(contextValue);
                case STRING_LIKE, STRING_NOT_LIKE -> Wildcards.matches(policyValue, contextValue);
                // AWS: ArnEquals and ArnLike behave the same, wildcards in each of the six parts.
                case ARN_EQUALS, ARN_LIKE, ARN_NOT_EQUALS, ARN_NOT_LIKE -> Wildcards.arnMatches(policyValue, contextValue);
                case BOOL -> policyValue.equalsIgnoreCase(contextValue);
                case NULL -> throw new IllegalStateException("Null tests presence, not values");
            };
        }
    }

    private static final Map<String, Comparison> BY_NAME = byName();

    /** Empty for an operator this evaluator does not know (Numeric, Date, IpAddress, Binary, ...). */
    static Optional<Operator> parse(String name) {
        Qualifier qualifier = Qualifier.SINGLE;
        String rest = name;
        if (rest.startsWith("ForAllValues:")) {
            qualifier = Qualifier.FOR_ALL_VALUES;
            rest = rest.substring("ForAllValues:".length());
        } else if (rest.startsWith("ForAnyValue:")) {
            qualifier = Qualifier.FOR_ANY_VALUE;
            rest = rest.substring("ForAnyValue:".length());
        }
        boolean ifExists = rest.endsWith("IfExists");
        if (ifExists) {
            rest = rest.substring(0, rest.length() - "IfExists".length());
        }
        Comparison comparison = BY_NAME.get(rest);
        if (comparison == null || comparison == Comparison.NULL && (ifExists || qualifier != Qualifier.SINGLE)) {
            return Optional.empty();
        }
        return Optional.of(new Operator(comparison, qualifier, ifExists));
    }

    /**
     * @param policyValues  the values the policy lists for the key (alternatives)
     * @param contextValues the request's values for the key, or null when the request has no such key
     */
    boolean holds(List<String> policyValues, List<String> contextValues) {
        boolean missing = contextValues == null || contextValues.isEmpty();
        if (comparison == Comparison.NULL) {
            return policyValues.stream().anyMatch(value -> value.equalsIgnoreCase("true") ? missing
                    : value.equalsIgnoreCase("false") && !missing);
        }
        return switch (qualifier) {
            case FOR_ALL_VALUES -> missing || contextValues.stream().allMatch(value -> satisfies(policyValues, value));
            case FOR_ANY_VALUE -> !missing && contextValues.stream().anyMatch(value -> satisfies(policyValues, value));
            case SINGLE -> missing ? ifExists || comparison.negated
                    : comparison.negated
                            ? contextValues.stream().noneMatch(value -> matchesAny(policyValues, value))
                            : contextValues.stream().anyMatch(value -> matchesAny(policyValues, value));
        };
    }

    private boolean satisfies(List<String> policyValues, String contextValue) {
        return comparison.negated != matchesAny(policyValues, contextValue);
    }

    private boolean matchesAny(List<String> policyValues, String contextValue) {
        return policyValues.stream().anyMatch(policyValue -> comparison.matches(policyValue, contextValue));
    }

    private static Map<String, Comparison> byName() {
        Map<String, Comparison> names = new java.util.HashMap<>();
        for (Comparison comparison : Comparison.values()) {
            names.put(comparison.awsName, comparison);
        }
        return Map.copyOf(names);
    }
}
