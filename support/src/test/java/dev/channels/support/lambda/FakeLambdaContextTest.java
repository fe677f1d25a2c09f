package dev.channels.support.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FakeLambdaContextTest {

    @Test
    void keepsWhatTheHandlerLoggedInOrder() {
        FakeLambdaContext context = new FakeLambdaContext("req-1", 12_000);

        context.getLogger().log("first");
        context.getLogger().log("second".getBytes(StandardCharsets.UTF_8));
        context.getLogger().log("third", LogLevel.WARN);

        assertThat(context.logLines()).containsExactly("first", "second", "WARN third");
        assertThat(context.getAwsRequestId()).isEqualTo("req-1");
        assertThat(context.getRemainingTimeInMillis()).isEqualTo(12_000);
        assertThat(context.getFunctionName()).isEqualTo("test-function");
    }

    @Test
    void aContextWithItsOwnLoggerHasNoLinesToShow() {
        LambdaLogger elsewhere = new LambdaLogger() {
            @Override
            public void log(String message) {
            }

            @Override
            public void log(byte[] message) {
            }
        };
        FakeLambdaContext context = new FakeLambdaContext("bench-job-order-ingest", "req-2", 60_000, elsewhere);

        assertThat(context.getLogger()).isSameAs(elsewhere);
        assertThat(context.getInvokedFunctionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:bench-job-order-ingest");
        assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/bench-job-order-ingest");
        assertThatThrownBy(context::logLines).isInstanceOf(IllegalStateException.class);
    }
}
