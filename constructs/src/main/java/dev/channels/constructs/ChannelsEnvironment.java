package dev.channels.constructs;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.channels.constructs.Naming.Kind;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.GatewayResponse;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * What all channels of one environment share, composed of one class per concern: the KMS key
 * ({@link EnvironmentKey}), the server-access-log bucket ({@link AccessLogBucket}), the alarm topic and the
 * alarm factory ({@link EnvironmentAlarms}), the REST API ({@link EnvironmentApi}), the dashboard, the Slack
 * webhook secret ({@link SlackWebhookSecret}), notify's idempotency table ({@link NotifyLedger}) and the
 * Lambda code.
 */
public class ChannelsEnvironment extends Construct {

    private final ChannelsEnvironmentProps props;
    private final Naming naming;
    private final EnvironmentKey key;
    private final AccessLogBucket accessLogBucket;
    private final EnvironmentAlarms alarms;
    private final EnvironmentApi api;
    private final Dashboard dashboard;
    private final Secret slackSecret;
    private final Table idempotencyTable;
    private final Code lambdaCode;
    private final Set<String> channelKebabs = new HashSet<>();

    public ChannelsEnvironment(Construct scope, String id, ChannelsEnvironmentProps props) {
        super(scope, id);
        this.props = props;
        this.naming = Naming.forEnv(props.envName());
        this.key = new EnvironmentKey(this, naming, props.retain());
        this.accessLogBucket = new AccessLogBucket(this, naming, props.retain());
        this.alarms = new EnvironmentAlarms(this, naming, key.key(), props.retain(), props.alarmEmail());
        this.api = new EnvironmentApi(this, naming, props,
                logGroup(this, "ApiAccessLogs", naming.shared(Kind.LOG_GROUP, "api-access")));
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(naming.sharedName(Kind.DASHBOARD))
                .build();
        // CloudFormation takes Tags on a dashboard (CDK tags it since 2.257); cfn-lint 1.51's schema predates
        // that and reports E3002. The suppression names that one rule on this one resource.
        ((CfnResource) dashboard.getNode().getDefaultChild()).addMetadata("cfn-lint",
                Map.of("config", Map.of("ignore_checks", List.of("E3002"))));
        this.slackSecret = SlackWebhookSecret.create(this, naming, props, key.key());
        this.idempotencyTable = NotifyLedger.create(this, naming, key.key(), props.retain());
        this.lambdaCode = props.lambdaCode().orElseGet(HandlerJar::bundled);
        alarms.alarmOnUndeliveredNotifications();
    }

    /** A log group with the env's retention and removal policy. */
    LogGroup logGroup(Construct scope, String id, String logGroupName) {
        return LogGroup.Builder.create(scope, id)
                .logGroupName(logGroupName)
                .retention(Defaults.LOG_RETENTION)
                .removalPolicy(removalPolicy())
                .build();
    }

    /** An alarm that fires when {@code metric} exceeds {@code threshold} and notifies the alarm topic. */
    Alarm alarm(Construct scope, String id, String name, String description, IMetric metric, double threshold) {
        return alarms.alarm(scope, id, name, description, metric, threshold);
    }

    /** Sends the server access logs of {@code bucket} to the env's log bucket, under {@code prefix}. */
    void logServerAccess(Bucket bucket, String prefix) {
        accessLogBucket.logServerAccess(bucket, prefix);
    }

    /** Lets {@code grantee} use the env key for {@code actions}, only through {@code service}. */
    void grantKeyVia(IGrantable grantee, String service, String... actions) {
        key.grantVia(grantee, service, actions);
    }

    /** Claims a channel name in this env; a second channel with the same name fails here, before any resource. */
    void register(String channelName) {
        if (!channelKebabs.add(Naming.kebab(channelName))) {
            throw new IllegalArgumentException("channel '" + channelName + "' is defined twice in env '" + naming.env()
                    + "': list each channel once (its resource names would collide)");
        }
    }

    RemovalPolicy removalPolicy() {
        return Defaults.removalPolicy(props.retain());
    }

    String account() {
        return Stack.of(this).getAccount();
    }

    String region() {
        return Stack.of(this).getRegion();
    }

    public Naming naming() {
        return naming;
    }

    public boolean retain() {
        return props.retain();
    }

    public Key key() {
        return key.key();
    }

    public RestApi api() {
        return api.api();
    }

    public RequestValidator requestValidator() {
        return api.requestValidator();
    }

    /** The 400 of a body the channel's schema refuses, naming what is wrong. */
    public GatewayResponse badRequestBody() {
        return api.badRequestBody();
    }

    public Topic alarmTopic() {
        return alarms.topic();
    }

    public Queue alarmDeliveryDlq() {
        return alarms.deliveryDlq();
    }

    public Bucket accessLogBucket() {
        return accessLogBucket.bucket();
    }

    public LogGroup apiAccessLogs() {
        return api.accessLogs();
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public Secret slackSecret() {
        return slackSecret;
    }

    /** The notify ledger: partition key {@value NotifyLedger#KEY} (string), TTL attribute {@value NotifyLedger#TTL}. */
    public Table idempotencyTable() {
        return idempotencyTable;
    }

    public Code lambdaCode() {
        return lambdaCode;
    }
}
