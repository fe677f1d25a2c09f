package dev.channels.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelsEnvironmentPropsTest {

    private static ChannelsEnvironmentProps.Builder valid() {
        return ChannelsEnvironmentProps.builder().envName("dev").alarmEmail("alarms@example.com").throttle(50, 100);
    }

    @Test
    void keepsWhatItWasGiven() {
        ChannelsEnvironmentProps props = valid().retain(true).slackSecretName("dev/slack").build();

        assertThat(props.envName()).isEqualTo("dev");
        assertThat(props.retain()).isTrue();
        assertThat(props.alarmEmail()).isEqualTo("alarms@example.com");
        assertThat(props.throttleRateLimit()).isEqualTo(50);
        assertThat(props.throttleBurstLimit()).isEqualTo(100);
        assertThat(props.slackSecretName()).contains("dev/slack");
        assertThat(props.lambdaCode()).isEmpty();
    }

    @Test
    void defaultsToNotRetainingAndTheDefaultSecretName() {
        ChannelsEnvironmentProps props = valid().build();

        assertThat(props.retain()).isFalse();
        assertThat(props.slackSecretName()).isEmpty();
    }

    @Test
    void rejectsBadEnvNames() {
        assertThatThrownBy(() -> valid().envName("Prod").build())
                .hasMessageStartingWith("env name 'Prod' is not usable");
    }

    @Test
    void requiresAnAlarmRecipient() {
        assertThatThrownBy(() -> valid().alarmEmail(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("alarmEmail is required: alarms of env 'dev' need a recipient (set alarmEmail in cdk.json, "
                        + "channels:envs)");
        assertThatThrownBy(() -> valid().alarmEmail("oncall").build())
                .hasMessage("alarmEmail 'oncall' of env 'dev' is not an email address, e.g. channels-alarms@example.com");
    }

    @Test
    void requiresPositiveThrottling() {
        assertThatThrownBy(() -> valid().throttle(0, 100).build())
                .hasMessage("throttle of env 'dev' must have rateLimit > 0 and burstLimit >= 1 (requests per second "
                        + "and burst size), got rateLimit 0.0 and burstLimit 100");
        assertThatThrownBy(() -> ChannelsEnvironmentProps.builder().envName("dev").alarmEmail("a@b.io").build())
                .hasMessageStartingWith("throttle of env 'dev' must have rateLimit > 0");
    }

    @Test
    void requiresTheEnvPrefixOnACustomSecretName() {
        assertThatThrownBy(() -> valid().slackSecretName("shared/slack").build())
                .hasMessageStartingWith("secret name 'shared/slack' must be a literal string starting with 'dev/'");
    }
}
