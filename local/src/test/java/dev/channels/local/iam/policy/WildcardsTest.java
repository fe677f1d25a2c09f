package dev.channels.local.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** IAM's {@code *} and {@code ?} (AWS doc "IAM JSON policy elements: Resource", wildcards). */
class WildcardsTest {

    @Test
    void starMatchesAnyRunAlsoNoneAndQuestionMarkExactlyOneCharacter() {
        assertThat(new Wildcards("arn:aws:s3:::archive/payloads/*", false).matches("arn:aws:s3:::archive/payloads/")).isTrue();
        assertThat(new Wildcards("arn:aws:s3:::archive/payloads/*", false).matches("arn:aws:s3:::archive/payloads/a/b")).isTrue();
        assertThat(new Wildcards("arn:aws:s3:::archive/payloads/*", false).matches("arn:aws:s3:::archive/other/a")).isFalse();
        assertThat(new Wildcards("kms:GenerateDataKey*", true).matches("kms:GenerateDataKeyWithoutPlaintext")).isTrue();
        assertThat(new Wildcards("s3:Get?bject", true).matches("s3:GetObject")).isTrue();
        assertThat(new Wildcards("s3:Get?bject", true).matches("s3:GetObbject")).isFalse();
        assertThat(new Wildcards("*", false).matches("")).isTrue();
        assertThat(new Wildcards("a*b*c", false).matches("axxbyyc")).isTrue();
        assertThat(new Wildcards("a*b*c", false).matches("axxbyy")).isFalse();
    }

    @Test
    void everythingButTheWildcardsIsLiteral() {
        assertThat(new Wildcards("table/a.c", false).matches("table/abc")).isFalse();
        assertThat(new Wildcards("table/[ab]", false).matches("table/a")).isFalse();
        assertThat(new Wildcards("table/[ab]", false).matches("table/[ab]")).isTrue();
    }

    @Test
    void caseIsIgnoredOnlyWhenAsked() {
        assertThat(new Wildcards("sqs:SendMessage", true).matches("SQS:sendmessage")).isTrue();
        assertThat(new Wildcards("arn:aws:sqs:eu-west-1:1:Inbox", false).matches("arn:aws:sqs:eu-west-1:1:inbox")).isFalse();
    }

    @Test
    void aLongHostileValueAgainstManyStarsIsDecidedWithoutBacktrackingBlowUp() {
        String value = "a".repeat(20_000);
        // The regex .*a.*a.*a.*a.*b backtracks polynomially here; the matcher does value x pattern steps at most.
        assertThat(new Wildcards("*a*a*a*a*b", false).matches(value)).isFalse();
        assertThat(new Wildcards("*a*a*a*a*", false).matches(value)).isTrue();
    }
}
