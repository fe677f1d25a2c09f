package dev.channels.lambdas.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNs;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

import dev.channels.contract.IndexKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Each of DynamoDB's write rules that StorageRules checks, at and just past its limit. */
class StorageRulesTest {
    private final StorageRules rules = new StorageRules("id", List.of(
            new IndexKey("status", IndexKey.Type.S, IndexKey.Role.PARTITION),
            new IndexKey("updatedAt", IndexKey.Type.S, IndexKey.Role.SORT),
            new IndexKey("score", IndexKey.Type.N, IndexKey.Role.SORT),
            new IndexKey("fingerprint", IndexKey.Type.B, IndexKey.Role.PARTITION)));

    private Optional<String> check(String name, AttributeValue value) {
        return rules.violation(Map.of("id", fromS("JO-1"), name, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.000", "1E-130", "-1E-130", "9.9999999999999999999999999999999999999E+125",
        "-9.9999999999999999999999999999999999999E+125", "12345678901234567890123456789012345678",
        "1000000000000000000000000000000000000000000000", "0.00000000000000000000000000000000000000000001"})
    void numbersDynamoDbStores(String number) {
        assertThat(check("amount", fromN(number))).isEmpty();
        assertThat(check("amounts", fromNs(List.of("1", number)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-131", "-1E-131", "1E126", "-1E126", "1e999"})
    void numbersOutsideDynamoDbsRange(String number) {
        assertThat(check("amount", fromN(number))).contains("property 'amount' holds a number outside DynamoDB's range "
                + "(1E-130 to 9.9999999999999999999999999999999999999E+125, positive or negative)");
    }

    @Test
    void thirtyNineSignificantDigitsAreRefusedWhereverTheNumberIs() {
        String digits39 = "123456789012345678901234567890123456789";
        String expected = "property 'amount' holds a number with more than 38 significant digits, DynamoDB's limit";
        assertThat(check("amount", fromN(digits39))).contains(expected);
        assertThat(check("amount", fromN("-1.23456789012345678901234567890123456789"))).contains(expected);
        assertThat(check("amount", fromL(List.of(fromM(Map.of("x", fromN(digits39))))))).contains(expected);
        assertThat(check("amount", fromNs(List.of("1", digits39)))).contains(expected);
    }

    @Test
    void keysMustBeNonEmptyOfTheirTypeAndWithinTheirSize() {
        assertThat(rules.violation(Map.of("id", fromS("")))).contains(
                "property 'id' (the table's partition key) is empty; DynamoDB refuses an empty key value");
        assertThat(rules.violation(Map.of("id", fromS("x".repeat(2048))))).isEmpty();
        assertThat(rules.violation(Map.of("id", fromS("\u00e9".repeat(1025))))).contains(
                "property 'id' (the table's partition key) is 2050 bytes; DynamoDB takes at most 2048");
        assertThat(rules.violation(Map.of("title", fromS("no id")))).contains(
                "property 'id' (the table's partition key) is missing");
        assertThat(check("status", fromS(""))).contains(
                "property 'status' (an index partition key) is empty; DynamoDB refuses an empty key value");
        assertThat(check("updatedAt", fromS("x".repeat(1024)))).isEmpty();
        assertThat(check("updatedAt", fromS("x".repeat(1025)))).contains(
                "property 'updatedAt' (an index sort key) is 1025 bytes; DynamoDB takes at most 1024");
        assertThat(check("score", fromS("7"))).contains("property 'score' (an index sort key) must be a number");
        assertThat(check("score", fromN("7"))).isEmpty();
        assertThat(check("fingerprint", fromB(SdkBytes.fromByteArray(new byte[0])))).contains(
                "property 'fingerprint' (an index partition key) is empty; DynamoDB refuses an empty key value");
        assertThat(check("fingerprint", fromS("abc"))).contains(
                "property 'fingerprint' (an index partition key) must be binary");
        // Outside keys, DynamoDB stores empty strings.
        assertThat(check("note", fromS(""))).isEmpty();
    }

    /** A reason quotes a producer's property name; a huge one is cut, never inside an emoji. */
    @Test
    void aLongPropertyNameIsCutInTheReason() {
        String name = "n".repeat(99) + "\uD83D\uDE80" + "x".repeat(5000);

        assertThat(check(name, fromN("1E126"))).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("property '" + "n".repeat(99) + "\u2026' holds a number outside"));
    }

    /** As DynamoDB counts (checked against AWS by public conformance suites): the attribute is level 1. */
    @Test
    void thirtyOneWrapsAroundAValueAreStoredAndThirtyTwoAreNot() {
        assertThat(check("deep", nested(31))).isEmpty();
        assertThat(check("deep", nested(32)))
                .contains("property 'deep' nests maps and lists deeper than DynamoDB's 32 levels");
    }

    @Test
    void anItemOverFourHundredKilobytesIsRefused() {
        String quarter = "x".repeat(100 * 1024);
        Map<String, AttributeValue> justUnder = Map.of("id", fromS("JO-1"),
                "a", fromS(quarter), "b", fromS(quarter), "c", fromS(quarter), "d", fromS(quarter.substring(20)));
        Map<String, AttributeValue> over = Map.of("id", fromS("JO-1"),
                "a", fromS(quarter), "b", fromS(quarter), "c", fromS(quarter), "d", fromS(quarter));

        assertThat(rules.violation(justUnder)).isEmpty();
        assertThat(rules.violation(over)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("item is about ").endsWith(" bytes after the claim check, over DynamoDB's limit of 409600 bytes"));
    }

    /** {@code wraps} lists and maps, alternating, around a string. */
    private static AttributeValue nested(int wraps) {
        AttributeValue value = fromS("leaf");
        for (int level = 1; level <= wraps; level++) {
            value = level % 2 == 0 ? fromL(List.of(value)) : fromM(Map.of("k", value));
        }
        return value;
    }
}
