package dev.channels.local.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each condition operator the evaluator supports, as AWS's "Condition operators" page defines it. */
class OperatorTest {

    private static boolean holds(String operator, List<String> policyValues, List<String> contextValues) {
        return Operator.parse(operator).orElseThrow().holds(policyValues, contextValues);
    }

    @Test
    void stringEqualsIsExactAndCaseSensitiveAndItsValuesAreAlternatives() {
        List<String> services = List.of("sqs.eu-west-1.amazonaws.com", "s3.eu-west-1.amazonaws.com");
        assertThat(holds("StringEquals", services, List.of("s3.eu-west-1.amazonaws.com"))).isTrue();
        assertThat(holds("StringEquals", services, List.of("SQS.eu-west-1.amazonaws.com"))).isFalse();
        assertThat(holds("StringEquals", services, List.of("dynamodb.eu-west-1.amazonaws.com"))).isFalse();
        assertThat(holds("StringEqualsIgnoreCase", services, List.of("SQS.EU-WEST-1.amazonaws.com"))).isTrue();
    }

    @Test
    void stringNotEqualsWithSeveralValuesMeansNoneOfThem() {
        List<String> accounts = List.of("111111111111", "222222222222");
        assertThat(holds("StringNotEquals", accounts, List.of("111111111111"))).isFalse();
        assertThat(holds("StringNotEquals", accounts, List.of("222222222222"))).isFalse();
        assertThat(holds("StringNotEquals", accounts, List.of("333333333333"))).isTrue();
        assertThat(holds("StringNotEqualsIgnoreCase", List.of("ABC"), List.of("abc"))).isFalse();
    }

    @Test
    void stringLikeTakesStarAndQuestionMarkCaseSensitively() {
        assertThat(holds("StringLike", List.of("notify#JobOrder#*"), List.of("notify#JobOrder#42"))).isTrue();
        assertThat(holds("StringLike", List.of("notify#JobOrder#*"), List.of("notify#Candidate#42"))).isFalse();
        assertThat(holds("StringLike", List.of("notify#joborder#*"), List.of("notify#JobOrder#42"))).isFalse();
        assertThat(holds("StringLike", List.of("id-?"), List.of("id-7"))).isTrue();
        assertThat(holds("StringLike", List.of("id-?"), List.of("id-77"))).isFalse();
        // Regex characters in a policy value are literal.
        assertThat(holds("StringLike", List.of("a.c"), List.of("abc"))).isFalse();
        assertThat(holds("StringNotLike", List.of("dev-*"), List.of("prod-x"))).isTrue();
        assertThat(holds("StringNotLike", List.of("dev-*"), List.of("dev-x"))).isFalse();
    }

    @Test
    void arnLikeAndArnEqualsMatchEachOfTheSixPartsOnItsOwn() {
        String alarm = "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:dev-ingest-errors";
        assertThat(holds("ArnLike", List.of("arn:aws:cloudwatch:eu-west-1:111111111111:alarm:dev-*"), List.of(alarm))).isTrue();
        assertThat(holds("ArnEquals", List.of("arn:aws:cloudwatch:eu-west-1:111111111111:alarm:dev-*"), List.of(alarm))).isTrue();
        assertThat(holds("ArnLike", List.of("arn:aws:cloudwatch:*:111111111111:alarm:prod-*"), List.of(alarm))).isFalse();
        // A * in the region part does not swallow the account part.
        assertThat(holds("ArnLike", List.of("arn:aws:cloudwatch:*:alarm:dev-*"), List.of(alarm))).isFalse();
        assertThat(holds("ArnEquals", List.of("arn:aws:sns:eu-west-1:111111111111:alarms"),
                List.of("arn:aws:sns:eu-west-1:111111111111:alarms"))).isTrue();
        assertThat(holds("ArnNotLike", List.of("arn:aws:cloudwatch:*:*:alarm:dev-*"), List.of(alarm))).isFalse();
        assertThat(holds("ArnNotEquals", List.of("arn:aws:sns:eu-west-1:111111111111:other"), List.of(alarm))).isTrue();
    }

    @Test
    void boolComparesTrueAndFalseIgnoringCase() {
        assertThat(holds("Bool", List.of("false"), List.of("false"))).isTrue();
        assertThat(holds("Bool", List.of("false"), List.of("true"))).isFalse();
        assertThat(holds("Bool", List.of("true"), List.of("TRUE"))).isTrue();
    }

    @Test
    void aMissingKeyFailsAPositiveOperatorAndSatisfiesANegatedOne() {
        assertThat(holds("StringEquals", List.of("x"), null)).isFalse();
        assertThat(holds("StringLike", List.of("*"), null)).isFalse();
        assertThat(holds("Bool", List.of("false"), null)).as("no aws:SecureTransport: not a non-TLS request").isFalse();
        assertThat(holds("ArnLike", List.of("*"), List.of())).isFalse();
        assertThat(holds("StringNotEquals", List.of("x"), null)).isTrue();
        assertThat(holds("ArnNotLike", List.of("arn:*"), null)).isTrue();
    }

    @Test
    void ifExistsIsTrueWhenTheKeyIsMissingAndOtherwiseTheOperator() {
        assertThat(holds("StringEqualsIfExists", List.of("x"), null)).isTrue();
        assertThat(holds("StringEqualsIfExists", List.of("x"), List.of("x"))).isTrue();
        assertThat(holds("StringEqualsIfExists", List.of("x"), List.of("y"))).isFalse();
        assertThat(holds("BoolIfExists", List.of("true"), List.of("false"))).isFalse();
    }

    @Test
    void nullTestsWhetherTheKeyIsThere() {
        assertThat(holds("Null", List.of("true"), null)).isTrue();
        assertThat(holds("Null", List.of("true"), List.of("v"))).isFalse();
        assertThat(holds("Null", List.of("false"), List.of("v"))).isTrue();
        assertThat(holds("Null", List.of("false"), null)).isFalse();
        assertThat(Operator.parse("NullIfExists")).as("Null takes no IfExists").isEmpty();
    }

    @Test
    void forAllValuesNeedsEveryValueToMatchAndHoldsForAMissingOrEmptyKey() {
        List<String> own = List.of("notify#JobOrder#*");
        assertThat(holds("ForAllValues:StringLike", own, List.of("notify#JobOrder#1", "notify#JobOrder#2"))).isTrue();
        assertThat(holds("ForAllValues:StringLike", own, List.of("notify#JobOrder#1", "notify#Candidate#2"))).isFalse();
        // AWS: "ForAllValues ... also returns true if there are no context keys in the request".
        assertThat(holds("ForAllValues:StringLike", own, null)).isTrue();
        assertThat(holds("ForAllValues:StringLike", own, List.of())).isTrue();
    }

    @Test
    void forAnyValueNeedsOneValueToMatchAndFailsForAMissingKey() {
        List<String> own = List.of("notify#JobOrder#*");
        assertThat(holds("ForAnyValue:StringLike", own, List.of("notify#Candidate#1", "notify#JobOrder#2"))).isTrue();
        assertThat(holds("ForAnyValue:StringLike", own, List.of("notify#Candidate#1"))).isFalse();
        assertThat(holds("ForAnyValue:StringLike", own, null)).isFalse();
        assertThat(holds("ForAnyValue:StringEquals", List.of("a"), List.of())).isFalse();
    }

    @Test
    void aNegatedSetOperatorAppliesTheNegationToEachValue() {
        assertThat(holds("ForAllValues:StringNotLike", List.of("admin#*"), List.of("user#1", "user#2"))).isTrue();
        assertThat(holds("ForAllValues:StringNotLike", List.of("admin#*"), List.of("user#1", "admin#2"))).isFalse();
        assertThat(holds("ForAnyValue:StringNotEquals", List.of("a"), List.of("a", "b"))).isTrue();
    }

    @Test
    void operatorsOutsideTheSupportedSetAreNotParsed() {
        for (String name : List.of("NumericLessThan", "DateGreaterThan", "IpAddress", "BinaryEquals", "StringMatches",
                "ForAllValues:NumericEquals", "Null:IfExists")) {
            assertThat(Operator.parse(name)).as(name).isEmpty();
        }
        assertThat(Operator.parse("ForAnyValue:StringEqualsIfExists")).hasValueSatisfying(operator -> {
            assertThat(operator.qualifier()).isEqualTo(Operator.Qualifier.FOR_ANY_VALUE);
            assertThat(operator.ifExists()).isTrue();
            assertThat(operator.comparison()).isEqualTo(Operator.Comparison.STRING_EQUALS);
        });
    }
}
