package dev.channels.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.lambdas.HandlerEnv;
import dev.channels.local.slack.SlackSink;
import org.junit.jupiter.api.Test;

/** The local module cannot see the handlers' HandlerEnv; this pins the one variable both sides name. */
class LocalSlackSinkSettingTest {

    @Test
    void theLocalCloudSetsTheVariableNotifyReads() {
        assertThat(SlackSink.FUNCTION_ENV).isEqualTo(HandlerEnv.LOCAL_SLACK_SINK_URL);
    }
}
