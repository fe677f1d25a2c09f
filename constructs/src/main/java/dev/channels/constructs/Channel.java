package dev.channels.constructs;

import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * One channel: producers POST objects of one kind to {@code /<channel-kebab>}; the API queues them,
 * ingest stores the latest version of each in the table, and notify posts every change to Slack.
 * Every physical name is {@code <env>-<channel-kebab>-<role>}.
 *
 * <p>Composed of one class per concern, each creating its resources in this construct's scope (so logical
 * ids start with the channel's id): {@link ChannelQueues}, {@link ChannelStorage}, {@link ChannelFunctions}
 * (with {@link ChannelGrants} and {@link HandlerVariables}), {@link ChannelApi} and {@link ChannelMonitoring}.
 */
public class Channel extends Construct {
    private final ChannelProps props;
    private final ChannelQueues queues;
    private final ChannelStorage storage;
    private final ChannelFunctions functions;
    private final ChannelApi api;

    public Channel(Construct scope, String id, ChannelsEnvironment environment, ChannelProps props) {
        super(scope, id);
        environment.register(props.name());
        this.props = props;
        this.queues = new ChannelQueues(this, environment, props);
        this.storage = new ChannelStorage(this, environment, props);
        this.functions = new ChannelFunctions(this, environment, props, queues, storage);
        this.api = new ChannelApi(this, environment, props, queues.inbox());
        new ChannelMonitoring(this, environment, props, queues, functions);
    }

    public ChannelProps props() {
        return props;
    }

    public Queue inbox() {
        return queues.inbox();
    }

    public Queue inboxDlq() {
        return queues.inboxDlq();
    }

    public Queue notifyDlq() {
        return queues.notifyDlq();
    }

    /** Where notify parks the changes it gave up on, for {@code tools redrive-notices}. */
    public Queue noticesQueue() {
        return queues.notices();
    }

    public Table table() {
        return storage.table();
    }

    public Bucket archiveBucket() {
        return storage.archiveBucket();
    }

    public Function ingestFunction() {
        return functions.ingestFunction();
    }

    public Alias ingestAlias() {
        return functions.ingestAlias();
    }

    public Function notifyFunction() {
        return functions.notifyFunction();
    }

    public Alias notifyAlias() {
        return functions.notifyAlias();
    }

    public EventSourceMapping inboxSource() {
        return functions.inboxSource();
    }

    public EventSourceMapping streamSource() {
        return functions.streamSource();
    }

    public Resource route() {
        return api.route();
    }

    public Method postMethod() {
        return api.postMethod();
    }

    public Role apiRole() {
        return api.apiRole();
    }
}
