package dev.channels.constructs;

import java.util.Objects;
import java.util.Optional;

import software.amazon.awscdk.services.lambda.Code;

/** What one environment needs to know: its name, whether it keeps its data, where alarms go, throttling. */
public final class ChannelsEnvironmentProps {
    private final String envName;
    private final boolean retain;
    private final String alarmEmail;
    private final double throttleRateLimit;
    private final int throttleBurstLimit;
    private final String slackSecretName;
    private final Code lambdaCode;

    private ChannelsEnvironmentProps(Builder builder) {
        this.envName = builder.envName;
        this.retain = builder.retain;
        this.alarmEmail = builder.alarmEmail;
        this.throttleRateLimit = builder.throttleRateLimit;
        this.throttleBurstLimit = builder.throttleBurstLimit;
        this.slackSecretName = builder.slackSecretName;
        this.lambdaCode = builder.lambdaCode;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String envName() {
        return envName;
    }

    /** True for production: stateful resources are retained and protected from deletion. */
    public boolean retain() {
        return retain;
    }

    public String alarmEmail() {
        return alarmEmail;
    }

    /** Steady-state requests per second the stage accepts across all routes. */
    public double throttleRateLimit() {
        return throttleRateLimit;
    }

    /** Requests the stage accepts in a burst above the rate limit. */
    public int throttleBurstLimit() {
        return throttleBurstLimit;
    }

    /** The Slack webhook secret's name, when the settings chose one (else {@link Naming#slackSecretName()}). */
    public Optional<String> slackSecretName() {
        return Optional.ofNullable(slackSecretName);
    }

    /**
     * Your own Lambda code for the handlers, when given (a jar with the same handler classes, e.g. one you built
     * or patched); else the handler jar this artifact carries is used.
     */
    public Optional<Code> lambdaCode() {
        return Optional.ofNullable(lambdaCode);
    }

    public static final class Builder {
        private String envName;
        private boolean retain;
        private String alarmEmail;
        private double throttleRateLimit;
        private int throttleBurstLimit;
        private String slackSecretName;
        private Code lambdaCode;

        private Builder() {
        }

        public Builder envName(String envName) {
            this.envName = envName;
            return this;
        }

        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        public Builder alarmEmail(String alarmEmail) {
            this.alarmEmail = alarmEmail;
            return this;
        }

        public Builder throttle(double rateLimit, int burstLimit) {
            this.throttleRateLimit = rateLimit;
            this.throttleBurstLimit = burstLimit;
            return this;
        }

        public Builder slackSecretName(String slackSecretName) {
            this.slackSecretName = slackSecretName;
            return this;
        }

        public Builder lambdaCode(Code lambdaCode) {
            this.lambdaCode = lambdaCode;
            return this;
        }

        public ChannelsEnvironmentProps build() {
            Naming.forEnv(envName);
            Objects.requireNonNull(alarmEmail, "alarmEmail is required: alarms of env '" + envName
                    + "' need a recipient (set alarmEmail in cdk.json, channels:envs)");
            if (!alarmEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new IllegalArgumentException("alarmEmail '" + alarmEmail + "' of env '" + envName
                        + "' is not an email address, e.g. channels-alarms@example.com");
            }
            if (!(throttleRateLimit > 0) || throttleBurstLimit < 1) {
                throw new IllegalArgumentException("throttle of env '" + envName + "' must have rateLimit > 0 and "
                        + "burstLimit >= 1 (requests per second and burst size), got rateLimit " + throttleRateLimit
                        + " and burstLimit " + throttleBurstLimit);
            }
            if (slackSecretName != null) {
                Naming.forEnv(envName).secretName(slackSecretName);
            }
            return new ChannelsEnvironmentProps(this);
        }
    }
}
