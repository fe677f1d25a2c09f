package dev.channels.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.channels.constructs.Channel;
import dev.channels.constructs.ChannelProps;
import dev.channels.constructs.ChannelsEnvironment;
import dev.channels.constructs.Naming;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/** One environment: its shared resources and one {@link Channel} per entry of the channel list. */
public class ChannelsStack extends Stack {
    private final EnvSettings settings;
    private final ChannelsEnvironment environment;
    private final List<Channel> channels = new ArrayList<>();

    public ChannelsStack(Construct scope, EnvSettings settings, List<ChannelProps> channels) {
        super(scope, Naming.forEnv(settings.name()).stackName(), StackProps.builder()
                .stackName(Naming.forEnv(settings.name()).stackName())
                .description("Channels of env " + settings.name() + ": API -> SQS -> Lambda -> DynamoDB -> Slack")
                .env(Environment.builder().account(settings.account()).region(settings.region()).build())
                .terminationProtection(settings.retain())
                .build());
        requireUniqueNames(channels);
        this.settings = settings;
        this.environment = new ChannelsEnvironment(this, "Environment", settings.environmentProps().build());
        for (ChannelProps channel : channels) {
            this.channels.add(new Channel(this, channel.name(), environment, channel));
        }
        Tags.of(this).add("channels:env", settings.name());
    }

    /** Fails before any resource exists when a channel is listed twice, rather than on a construct id clash. */
    private static void requireUniqueNames(List<ChannelProps> channels) {
        Set<String> seen = new HashSet<>();
        for (ChannelProps channel : channels) {
            if (!seen.add(Naming.kebab(channel.name()))) {
                throw new IllegalArgumentException("channel '" + channel.name() + "' is listed twice: list each "
                        + "channel once (its resource names would collide)");
            }
        }
    }

    public EnvSettings settings() {
        return settings;
    }

    public ChannelsEnvironment channelsEnvironment() {
        return environment;
    }

    public List<Channel> channels() {
        return List.copyOf(channels);
    }
}
