package dev.channels.local.esm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.local.lambda.LambdaFixtures;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What CreateEventSourceMapping refuses, the local cloud refuses at start. */
class MappingValidationTest {
    @Test
    void aQueueWhoseVisibilityTimeoutIsShorterThanTheFunctionTimeoutFailsStart() throws Exception {
        Path directory = Files.createTempDirectory("esm-validation-test-");
        Path assembly = LambdaFixtures.assembly(directory);
        Path template = assembly.resolve("lambda-channels.template.json");
        Files.writeString(template, Files.readString(template).replace("\"VisibilityTimeout\": 5", "\"VisibilityTimeout\": 1"));
        assertThatThrownBy(() -> LambdaFixtures.start(assembly, Files.createDirectories(directory.resolve("output")),
                new ByteArrayOutputStream()))
                .hasMessageContaining("InboxSource: Queue visibility timeout: 1 seconds is less than Function timeout: 3 seconds");
    }
}
