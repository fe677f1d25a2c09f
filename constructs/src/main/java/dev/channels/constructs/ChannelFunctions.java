package dev.channels.constructs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.channels.constructs.Naming.Kind;
import dev.channels.contract.LambdaHandler;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * A channel's two functions and what invokes them: ingest fed by the inbox, notify fed by the table stream,
 * each with its own role and log group, and a {@code live} alias of its latest published (SnapStart)
 * version that the event source invokes. What the roles may do is {@link ChannelGrants}.
 */
final class ChannelFunctions {
    private final Construct scope;
    private final ChannelsEnvironment environment;
    private final ChannelProps props;
    private final String kebab;
    private final Function ingest;
    private final Alias ingestAlias;
    private final Function notify;
    private final Alias notifyAlias;
    private final EventSourceMapping inboxSource;
    private final EventSourceMapping streamSource;

    ChannelFunctions(Construct scope, ChannelsEnvironment environment, ChannelProps props, ChannelQueues queues,
                     ChannelStorage storage) {
        this.scope = scope;
        this.environment = environment;
        this.props = props;
        this.kebab = Naming.kebab(props.name());
        this.ingest = function("Ingest", LambdaHandler.INGEST, "ingest", props.ingestMemorySize(),
                props.ingestTimeout(), HandlerVariables.ingest(environment, props, queues, storage));
        this.ingestAlias = alias("Ingest", ingest);
        this.notify = function("Notify", LambdaHandler.NOTIFY, "notify", props.notifyMemorySize(),
                props.notifyTimeout(), HandlerVariables.notify(environment, props, queues, storage));
        this.notifyAlias = alias("Notify", notify);
        ChannelGrants grants = new ChannelGrants(environment, props, queues, storage);
        grants.forIngest(ingest);
        grants.forNotify(notify);

        this.inboxSource = ingestAlias.addEventSourceMapping("InboxSource", EventSourceMappingOptions.builder()
                .eventSourceArn(queues.inbox().getQueueArn())
                .batchSize(props.ingestBatchSize())
                .maxConcurrency(Defaults.INGEST_MAX_CONCURRENCY)
                .reportBatchItemFailures(true)
                .build());
        String[] kinds = HandlerVariables.notifyEvents(props).toArray(String[]::new);
        this.streamSource = notifyAlias.addEventSourceMapping("StreamSource", EventSourceMappingOptions.builder()
                .eventSourceArn(storage.table().getTableStreamArn())
                .startingPosition(Defaults.NOTIFY_STARTING_POSITION)
                .batchSize(props.notifyBatchSize())
                .parallelizationFactor(Defaults.NOTIFY_PARALLELIZATION_FACTOR)
                .bisectBatchOnError(true)
                .retryAttempts(Defaults.NOTIFY_RETRY_ATTEMPTS)
                .maxRecordAge(Defaults.NOTIFY_MAX_RECORD_AGE)
                .reportBatchItemFailures(true)
                .onFailure(grants.notifyFailureDestination())
                .filters(List.of(FilterCriteria.filter(Map.of("eventName", FilterRule.or(kinds)))))
                .build());
        acknowledgeNagFindings();
    }

    private Function function(String id, LambdaHandler handler, String role, int memoryMb, Duration timeout,
                              Map<String, String> variables) {
        Naming naming = environment.naming();
        String functionName = naming.name(Kind.LAMBDA_FUNCTION, kebab, role);
        // An explicit role without AWSLambdaBasicExecutionRole: it may write to its own log group only.
        Role executionRole = Role.Builder.create(scope, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Execution role of " + functionName)
                .build();
        LogGroup logGroup = environment.logGroup(scope, id + "Logs", naming.functionLogGroupName(functionName));
        logGroup.grantWrite(executionRole);
        return new Function(scope, id, Defaults.function()
                .functionName(functionName)
                .description(role + " of channel " + props.name() + " in env " + naming.env())
                .code(environment.lambdaCode())
                .handler(handler.handler())
                .memorySize(memoryMb)
                .timeout(timeout)
                .role(executionRole)
                .logGroup(logGroup)
                // Sorted, so the template does not depend on the iteration order of the caller's map.
                .environment(new TreeMap<>(variables))
                .build());
    }

    /** SnapStart snapshots published versions only, so event sources invoke this alias of the latest one. */
    private Alias alias(String id, Function function) {
        Alias alias = Alias.Builder.create(scope, id + "Alias")
                .aliasName(Defaults.ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish", "A version is "
                + "published on every code or configuration change (currentVersion) and invoked through this alias.");
        return alias;
    }

    private void acknowledgeNagFindings() {
        NagChecks.acknowledge(inboxSource, "Serverless-LambdaEventSourceMappingDestination", "SQS event sources "
                + "take no on-failure destination; failed messages reach the inbox DLQ through the queue's redrive "
                + "policy after " + Defaults.MAX_RECEIVE_COUNT + " receives.");
        for (Function function : List.of(ingest, notify)) {
            NagChecks.acknowledge(function, "Serverless-LambdaDLQ", "The function is only invoked synchronously by "
                    + "its event source mapping; an async DLQ would never receive anything. Failures land in the "
                    + "inbox DLQ (redrive) or the notify DLQ (on-failure destination).");
        }
    }

    Function ingestFunction() {
        return ingest;
    }

    Alias ingestAlias() {
        return ingestAlias;
    }

    Function notifyFunction() {
        return notify;
    }

    Alias notifyAlias() {
        return notifyAlias;
    }

    EventSourceMapping inboxSource() {
        return inboxSource;
    }

    EventSourceMapping streamSource() {
        return streamSource;
    }
}
