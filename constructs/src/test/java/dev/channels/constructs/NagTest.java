package dev.channels.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.sqs.Queue;

/** cdk-nag AwsSolutions and Serverless: no unacknowledged finding, warnings included. */
class NagTest {

    @Test
    void twoChannelsInANonProductionEnvHaveNoFindings() {
        assertThat(findingsOfTwoChannels("dev", false)).isEmpty();
    }

    @Test
    void twoChannelsInARetainedEnvHaveNoFindings() {
        assertThat(findingsOfTwoChannels("prod", true)).isEmpty();
    }

    @Test
    void aChannelWithEveryOptionalSettingHasNoFindings() {
        Stack stack = TestEnvironments.stack(new App(), "dev");
        ChannelsEnvironment environment = TestEnvironments.environment(stack, TestEnvironments.envProps("dev").build());
        new Channel(stack, "Placement", environment, TestEnvironments.placement());
        Template.fromStack(stack);

        assertThat(NagChecks.findings(stack)).isEmpty();
    }

    @Test
    void aChannelThatOverridesTheDefaultsHasNoFindings() {
        Stack stack = TestEnvironments.stack(new App(), "dev");
        ChannelsEnvironment environment = TestEnvironments.environment(stack, TestEnvironments.envProps("dev").build());
        new Channel(stack, "Placement", environment, TestEnvironments.tuned());
        Template.fromStack(stack);

        assertThat(NagChecks.findings(stack)).isEmpty();
    }

    @Test
    void reportsWhatIsNotAcknowledged() {
        Stack stack = TestEnvironments.stack(new App(), "dev");
        Queue.Builder.create(stack, "Plain").build();
        Template.fromStack(stack);

        assertThat(NagChecks.findings(stack)).contains(
                "error AwsSolutions-SQS3 at dev-channels/Plain/Resource: The SQS queue is not used as a dead-letter "
                        + "queue (DLQ) and does not have a DLQ enabled.",
                "error AwsSolutions-SQS4 at dev-channels/Plain/Resource: The SQS queue does not require requests to "
                        + "use SSL.",
                "error Serverless-SQSRedrivePolicy at dev-channels/Plain/Resource: The SQS queue does not have a "
                        + "redrive policy configured.");
    }

    private static java.util.List<String> findingsOfTwoChannels(String env, boolean retain) {
        Stack stack = TestEnvironments.stack(new App(), env);
        ChannelsEnvironment environment = TestEnvironments.environment(stack,
                TestEnvironments.envProps(env).retain(retain).build());
        new Channel(stack, "JobOrder", environment, TestEnvironments.jobOrder());
        new Channel(stack, "Candidate", environment, TestEnvironments.candidate());
        // Synthesize first, so that whatever synthesis adds is checked as well.
        Template.fromStack(stack);
        return NagChecks.findings(stack);
    }
}
