package dev.channels.local.lambda.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramedLoggerTest {

    @Test
    void eachLogCallIsOneLineAsLambdaFramesOneEventPerCall() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FramedLogger logger = new FramedLogger(new PrintStream(out, true, StandardCharsets.UTF_8));
        logger.log("{\"outcome\":\"written\"}");
        logger.log("{\"_aws\":{}}\n");
        logger.log("");
        logger.log("é 🚀".getBytes(StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"outcome\":\"written\"}\n{\"_aws\":{}}\n\né 🚀\n");
    }

    @Test
    void installedAsTheLoggerLambdaRuntimeGives() throws Exception {
        Field field = LambdaRuntime.class.getDeclaredField("logger");
        field.setAccessible(true);
        LambdaLogger original = (LambdaLogger) field.get(null);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FramedLogger.install(new PrintStream(out, true, StandardCharsets.UTF_8));
            LambdaRuntime.getLogger().log("a");
            LambdaRuntime.getLogger().log("b");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\nb\n");
        } finally {
            field.set(null, original);
        }
    }
}
