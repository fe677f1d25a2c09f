package dev.channels.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FunctionRefTest {
    @Test
    void parsesNamesQualifiersAndArns() {
        assertThat(FunctionRef.parse("fn")).isEqualTo(new FunctionRef("fn", Optional.empty()));
        assertThat(FunctionRef.parse("fn:live")).isEqualTo(new FunctionRef("fn", Optional.of("live")));
        assertThat(FunctionRef.parse("arn:aws:lambda:eu-west-1:123456789012:function:fn"))
                .isEqualTo(new FunctionRef("fn", Optional.empty()));
        assertThat(FunctionRef.parse("arn:aws:lambda:eu-west-1:123456789012:function:fn:$LATEST"))
                .isEqualTo(new FunctionRef("fn", Optional.of("$LATEST")));
        assertThat(FunctionRef.parse("123456789012:function:fn:1")).isEqualTo(new FunctionRef("fn", Optional.of("1")));
        assertThatThrownBy(() -> FunctionRef.parse("arn:aws:sqs:eu-west-1:123456789012:queue")).isInstanceOf(IllegalArgumentException.class);
    }
}
