package dev.channels.local.iam.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A statement's {@code Condition}: every operator and every key must hold (AND); the values listed for one key
 * are alternatives (OR), and for a negated operator ({@code StringNotEquals}, ...) none may match. Keys are
 * matched ignoring case. An operator this class does not evaluate is reported when the policy is read and then
 * fails closed: it is false in an {@code Allow} and true in a {@code Deny}.
 */
final class ConditionBlock {
    static final ConditionBlock NONE = new ConditionBlock(List.of());

    private final List<Test> tests;

    private ConditionBlock(List<Test> tests) {
        this.tests = List.copyOf(tests);
    }

    /**
     * @param where       the statement, for the report
     * @param unsupported told about each operator or value that is not evaluated
     */
    static ConditionBlock read(JsonNode condition, String where, Consumer<String> unsupported) {
        if (condition.isMissingNode() || condition.isNull()) {
            return NONE;
        }
        List<Test> tests = new ArrayList<>();
        if (!condition.isObject()) {
            unsupported.accept(where + ": Condition is not an object");
            tests.add(Test.unsupported("Condition"));
            return new ConditionBlock(tests);
        }
        condition.properties().forEach(operatorEntry -> {
            String operatorName = operatorEntry.getKey();
            Optional<Operator> operator = Operator.parse(operatorName);
            if (operator.isEmpty()) {
                unsupported.accept(where + ": condition operator " + operatorName + " is not evaluated");
            }
            if (!operatorEntry.getValue().isObject()) {
                unsupported.accept(where + ": " + operatorName + " does not hold an object of keys");
                tests.add(Test.unsupported(operatorName));
                return;
            }
            operatorEntry.getValue().properties().forEach(keyEntry -> {
                List<String> values = values(keyEntry.getValue());
                Optional<String> variable = values.stream().filter(value -> value.contains("${")).findFirst();
                if (variable.isPresent()) {
                    unsupported.accept(where + ": policy variable in " + operatorName + " " + keyEntry.getKey()
                            + " value " + variable.get() + " is not evaluated");
                }
                boolean evaluated = operator.isPresent() && variable.isEmpty();
                tests.add(new Test(operatorName, operator.orElse(null), keyEntry.getKey().toLowerCase(Locale.ROOT),
                        values, evaluated));
            });
        });
        return new ConditionBlock(tests);
    }

    /**
     * @param context       the request's keys, already lower-cased
     * @param failClosedAs  what a test that is not evaluated gives: false for an Allow, true for a Deny
     * @return the first test that is false, or empty when the whole block holds
     */
    Optional<String> firstFailing(Map<String, List<String>> context, boolean failClosedAs) {
        for (Test test : tests) {
            boolean holds = test.evaluated ? test.operator.holds(test.values, context.get(test.key)) : failClosedAs;
            if (!holds) {
                return Optional.of(test.operatorName + " " + test.key);
            }
        }
        return Optional.empty();
    }

    /** Whether some operator or value of the block is not evaluated (and so fails closed). */
    boolean failsClosed() {
        return tests.stream().anyMatch(test -> !test.evaluated);
    }

    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> values.add(element.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    private record Test(String operatorName, Operator operator, String key, List<String> values, boolean evaluated) {
        static Test unsupported(String name) {
            return new Test(name, null, name, List.of(), false);
        }
    }
}
