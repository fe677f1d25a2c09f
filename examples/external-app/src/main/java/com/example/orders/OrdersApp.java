package com.example.orders;

import dev.channels.constructs.Channel;
import dev.channels.constructs.ChannelProps;
import dev.channels.constructs.ChannelsEnvironment;
import dev.channels.constructs.ChannelsEnvironmentProps;
import dev.channels.constructs.NagChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/** A CDK app outside the Channels repository: one environment and one channel, from the installed artifacts. */
public final class OrdersApp {

    private OrdersApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        String account = setting(app, "account", "CDK_DEFAULT_ACCOUNT");
        String region = setting(app, "region", "CDK_DEFAULT_REGION");
        Stack stack = new Stack(app, "orders-channels", StackProps.builder()
                .env(Environment.builder().account(account).region(region).build())
                .build());

        ChannelsEnvironment environment = new ChannelsEnvironment(stack, "Environment", ChannelsEnvironmentProps.builder()
                .envName("orders")
                .alarmEmail((String) app.getNode().tryGetContext("orders:alarmEmail"))
                .throttle(50, 100)
                .build());
        new Channel(stack, "Order", environment, ChannelProps.builder().name("Order").index("status").build());

        NagChecks.addTo(app);
        app.synth();
    }

    /** {@code -c name=...}, else what the CDK CLI found in your credentials; else say what to pass. */
    private static String setting(App app, String name, String cliVariable) {
        Object fromContext = app.getNode().tryGetContext(name);
        String value = fromContext != null ? fromContext.toString() : System.getenv(cliVariable);
        if (value == null || value.isBlank()) {
            System.err.println("orders: no " + name + ": pass -c " + name + "=... or configure AWS credentials");
            System.exit(1);
        }
        return value;
    }
}
