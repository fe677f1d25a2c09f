package dev.channels.constructs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.channels.constructs.Naming.Kind;
import dev.channels.contract.LambdaHandler;
import dev.channels.contract.LedgerTable;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.apigateway.AccessLogField;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponse;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.TableProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscriptionProps;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * What all channels of one environment share: the KMS key, the REST API, the alarm topic, the
 * server-access-log bucket, the dashboard, the Slack webhook secret, notify's idempotency table and the
 * Lambda code.
 */
public class ChannelsEnvironment extends Construct {
    private static final String CDK_JSON = "cdk.json";
    /**
     * The body of API Gateway's 400 for a body the route's model refuses: its own message and the validator's
     * errors, e.g. {@code {"message":"Invalid request body: [object has missing required properties
     * ([\"id\"])]"}}. A gateway response template is not VTL, only variable substitution, so the errors are
     * placed inside a JSON string as is; that API Gateway escapes their quotes there is not checked against AWS
     * (no account here). The local cloud answers the same shape, escaped.
     */
    static final String BAD_REQUEST_BODY_TEMPLATE =
            "{\"message\":\"$context.error.message: $context.error.validationErrorString\"}";

    private final ChannelsEnvironmentProps props;
    private final Naming naming;
    private final Key key;
    private final Bucket accessLogBucket;
    private final Topic alarmTopic;
    private final Queue alarmDeliveryDlq;
    private final LogGroup apiAccessLogs;
    private final RestApi api;
    private final RequestValidator requestValidator;
    private final GatewayResponse badRequestBody;
    private final Dashboard dashboard;
    private final Secret slackSecret;
    private final Table idempotencyTable;
    private final Code lambdaCode;
    private final Set<String> channelKebabs = new HashSet<>();

    public ChannelsEnvironment(Construct scope, String id, ChannelsEnvironmentProps props) {
        super(scope, id);
        this.props = props;
        this.naming = Naming.forEnv(props.envName());
        this.key = createKey();
        this.accessLogBucket = createAccessLogBucket();
        this.alarmDeliveryDlq = createAlarmDeliveryDlq();
        this.alarmTopic = createAlarmTopic();
        this.apiAccessLogs = logGroup(this, "ApiAccessLogs", naming.shared(Kind.LOG_GROUP, "api-access"));
        this.api = createApi();
        // Parameters too: a route that later declares required headers or query strings gets them checked.
        this.requestValidator = api.addRequestValidator("RequestValidator", RequestValidatorOptions.builder()
                .requestValidatorName(naming.shared(Kind.REST_API, "validate-request"))
                .validateRequestBody(true)
                .validateRequestParameters(true)
                .build());
        this.badRequestBody = api.addGatewayResponse("BadRequestBody", GatewayResponseOptions.builder()
                .type(ResponseType.BAD_REQUEST_BODY)
                .statusCode("400")
                .templates(Map.of("application/json", BAD_REQUEST_BODY_TEMPLATE))
                .build());
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(naming.sharedName(Kind.DASHBOARD))
                .build();
        // CloudFormation takes Tags on a dashboard (CDK tags it since 2.257); cfn-lint 1.51's schema predates
        // that and reports E3002. The suppression names that one rule on this one resource.
        ((CfnResource) dashboard.getNode().getDefaultChild()).addMetadata("cfn-lint",
                Map.of("config", Map.of("ignore_checks", List.of("E3002"))));
        this.slackSecret = createSlackSecret();
        this.idempotencyTable = createIdempotencyTable();
        this.lambdaCode = props.lambdaCode().orElseGet(ChannelsEnvironment::defaultLambdaCode);
        alarm("AlarmDeliveryDlqDepth", "alarm-delivery-dlq-depth",
                "Alarm notifications that SNS could not deliver to " + props.alarmEmail(),
                alarmDeliveryDlq.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().statistic("Maximum").period(Defaults.ALARM_PERIOD).build()),
                0);
        acknowledgeNagFindings();
    }

    /**
     * The jar built by {@code mvn package} in {@code lambdas/}, found from the working directory by
     * walking up to the folder that holds {@code cdk.json}.
     */
    public static Code defaultLambdaCode() {
        return lambdaCodeAbove(Path.of("").toAbsolutePath());
    }

    /** The jar next to the first {@code cdk.json} found in {@code start} or a folder above it. */
    static Code lambdaCodeAbove(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(CDK_JSON))) {
                Path jar = dir.resolve("lambdas").resolve("target").resolve(LambdaHandler.JAR_NAME);
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException("Lambda jar " + jar + " is missing: build it with mvn package "
                            + "(cd " + dir + " && mvn -B -pl lambdas -am package -DskipTests)");
                }
                return Code.fromAsset(jar.toString());
            }
        }
        throw new IllegalStateException("no " + CDK_JSON + " in " + start + " or any folder above it: run from the "
                + "project folder, or pass lambdaCode in ChannelsEnvironmentProps");
    }

    private Key createKey() {
        Key created = Key.Builder.create(this, "Key")
                .alias("alias/" + naming.shared(Kind.KMS_ALIAS, "key"))
                .description("Encrypts the queues, tables, buckets, topic and secret of env " + naming.env())
                .enableKeyRotation(true)
                .pendingWindow(props.retain() ? null : Defaults.KEY_PENDING_WINDOW_NON_RETAINED)
                .removalPolicy(removalPolicy())
                .build();
        // CloudWatch publishes alarm notifications to the encrypted topic; SNS needs the key to do so. Only
        // for alarms of this account: without the condition, CloudWatch acting for any account could use it.
        created.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsToPublishToEncryptedTopic")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", account())))
                .build());
        return created;
    }

    private Bucket createAccessLogBucket() {
        Bucket bucket = new Bucket(this, "AccessLogBucket", Defaults.bucket()
                .bucketName(naming.bucketName(Naming.SHARED, "access-logs", account(), region()))
                // S3 server access logging only delivers to buckets encrypted with S3-managed keys.
                .encryption(BucketEncryption.S3_MANAGED)
                // No ACLs: S3 delivers the logs under the bucket policy below.
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Defaults.ACCESS_LOG_EXPIRATION)
                        .abortIncompleteMultipartUploadAfter(Defaults.ABORT_INCOMPLETE_UPLOAD_AFTER)
                        .build()))
                .removalPolicy(removalPolicy())
                .autoDeleteObjects(!props.retain())
                .build());
        // One statement for every bucket of this env, so that adding a channel leaves this policy unchanged
        // (CDK's serverAccessLogsBucket would add a statement per logged bucket).
        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowServerAccessLogsOfThisEnv")
                .principals(List.of(new ServicePrincipal("logging.s3.amazonaws.com")))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(bucket.arnForObjects("*")))
                .conditions(new TreeMap<>(Map.of(
                        "ArnLike", Map.of("aws:SourceArn", "arn:" + Aws.PARTITION + ":s3:::" + naming.env() + "-*"),
                        "StringEquals", Map.of("aws:SourceAccount", account()))))
                .build());
        return bucket;
    }

    /** Sends the server access logs of {@code bucket} to the env's log bucket, under {@code prefix}. */
    void logServerAccess(Bucket bucket, String prefix) {
        ((CfnBucket) bucket.getNode().getDefaultChild()).setLoggingConfiguration(
                CfnBucket.LoggingConfigurationProperty.builder()
                        .destinationBucketName(accessLogBucket.getBucketName())
                        .logFilePrefix(prefix)
                        .build());
        bucket.getNode().addDependency(accessLogBucket.getPolicy());
    }

    private Queue createAlarmDeliveryDlq() {
        return Queue.Builder.create(this, "AlarmDeliveryDlq")
                .queueName(naming.shared(Kind.SQS_QUEUE, "alarm-delivery-dlq"))
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .enforceSsl(true)
                .retentionPeriod(Defaults.DLQ_RETENTION)
                .removalPolicy(removalPolicy())
                .build();
    }

    private Topic createAlarmTopic() {
        String topicName = naming.shared(Kind.SNS_TOPIC, "alarms");
        Topic topic = Topic.Builder.create(this, "AlarmTopic")
                .topicName(topicName)
                .displayName("Channels alarms (" + naming.env() + ")")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        // The topic policy replaces SNS's default one, so CloudWatch alarms of this account get an explicit grant.
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsOfThisAccount")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(new TreeMap<>(Map.of(
                        "ArnLike", Map.of("aws:SourceArn", "arn:" + Aws.PARTITION + ":cloudwatch:" + region() + ":"
                                + account() + ":alarm:" + naming.env() + "-*"),
                        "StringEquals", Map.of("aws:SourceAccount", account()))))
                .build());
        // SNS writes undeliverable notifications to the encrypted DLQ; it needs the key for that topic only.
        // The ARN is built from the name: referencing the topic would make key and topic depend on each other.
        String topicArn = Stack.of(this).formatArn(ArnComponents.builder()
                .service("sns")
                .resource(topicName)
                .build());
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowAlarmTopicToUseAlarmDeliveryDlq")
                .principals(List.of(new ServicePrincipal("sns.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", topicArn)))
                .build());
        topic.addSubscription(new EmailSubscription(props.alarmEmail(), EmailSubscriptionProps.builder()
                .deadLetterQueue(alarmDeliveryDlq)
                .build()));
        return topic;
    }

    private RestApi createApi() {
        return RestApi.Builder.create(this, "Api")
                .restApiName(naming.shared(Kind.REST_API, "api"))
                .description("Producers POST objects to the channels of env " + naming.env())
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // The account-wide CloudWatch role is a regional singleton that one env's stack must not own.
                .cloudWatchRole(false)
                .defaultMethodOptions(MethodOptions.builder().authorizationType(AuthorizationType.IAM).build())
                .deployOptions(StageOptions.builder()
                        .stageName(Defaults.STAGE_NAME)
                        .accessLogDestination(new LogGroupLogDestination(apiAccessLogs))
                        .accessLogFormat(accessLogFormat())
                        .tracingEnabled(true)
                        // Per-route metrics, so each channel can alarm on its own 5xx.
                        .metricsEnabled(true)
                        .throttlingRateLimit(props.throttleRateLimit())
                        .throttlingBurstLimit(props.throttleBurstLimit())
                        .build())
                .build();
    }

    /** JSON access log lines with who called, what happened at the integration, and the trace to follow. */
    private static AccessLogFormat accessLogFormat() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("requestId", AccessLogField.contextRequestId());
        fields.put("requestTime", AccessLogField.contextRequestTime());
        fields.put("caller", AccessLogField.contextIdentityUserArn());
        fields.put("sourceIp", AccessLogField.contextIdentitySourceIp());
        fields.put("httpMethod", AccessLogField.contextHttpMethod());
        fields.put("resourcePath", AccessLogField.contextResourcePath());
        fields.put("status", AccessLogField.contextStatus());
        fields.put("responseLength", AccessLogField.contextResponseLength());
        fields.put("integrationStatus", AccessLogField.contextIntegrationStatus());
        fields.put("integrationError", AccessLogField.contextIntegrationErrorMessage());
        fields.put("error", AccessLogField.contextErrorMessage());
        fields.put("validationError", AccessLogField.contextErrorValidationErrorString());
        fields.put("xrayTraceId", AccessLogField.contextXrayTraceId());
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                .append('"').append(name).append("\":\"").append(value).append('"'));
        return AccessLogFormat.custom(json.append('}').toString());
    }

    private Secret createSlackSecret() {
        String name = props.slackSecretName().map(naming::secretName).orElseGet(naming::slackSecretName);
        // Created with a generated placeholder: the webhook URL never appears in the template, and the
        // operator sets it once with `aws secretsmanager put-secret-value`.
        return Secret.Builder.create(this, "SlackWebhook")
                .secretName(name)
                .description("Slack incoming-webhook URL for env " + naming.env() + ". Set it with: aws "
                        + "secretsmanager put-secret-value --secret-id " + name + " --secret-string <webhook URL>")
                .encryptionKey(key)
                .removalPolicy(removalPolicy())
                .build();
    }

    /**
     * Which stream records notify has posted to Slack, so a redelivered record is not posted twice. One per
     * env, shared by every channel's notify function (the handler prefixes keys with the channel); entries
     * expire by TTL once their stream record can no longer come back.
     */
    private Table createIdempotencyTable() {
        return new Table(this, "IdempotencyTable", TableProps.builder()
                .tableName(naming.shared(Kind.DYNAMODB_TABLE, "notify-ledger"))
                .partitionKey(Attribute.builder().name(LedgerTable.KEY).type(AttributeType.STRING).build())
                .timeToLiveAttribute(LedgerTable.EXPIRES_AT)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(key)
                .deletionProtection(props.retain())
                .removalPolicy(removalPolicy())
                .build());
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
        Alarm alarm = Alarm.Builder.create(scope, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(alarmTopic));
        return alarm;
    }

    private void alarm(String id, String role, String description, IMetric metric, double threshold) {
        alarm(this, id, naming.shared(Kind.ALARM, role), description, metric, threshold);
    }

    /** Claims a channel name in this env; a second channel with the same name fails here, before any resource. */
    void register(String channelName) {
        if (!channelKebabs.add(Naming.kebab(channelName))) {
            throw new IllegalArgumentException("channel '" + channelName + "' is defined twice in env '" + naming.env()
                    + "': list each channel once (its resource names would collide)");
        }
    }

    /** One place for this construct's cdk-nag acknowledgments, each on the narrowest scope that holds it. */
    private void acknowledgeNagFindings() {
        acknowledge(api.getDeploymentStage(), "AwsSolutions-APIG3", "Every route requires SigV4 (AWS_IAM) from "
                + "principals of our own accounts and the stage is throttled; a WAF adds cost but no control over "
                + "already-authenticated IAM principals.");
        acknowledge(api.getDeploymentStage(), "AwsSolutions-APIG6", "Execution logging needs the account-wide "
                + "API Gateway CloudWatch role, a regional singleton that per-env stacks sharing an account cannot "
                + "own; JSON access logs with integration status and error, plus X-Ray traces, cover each request.");
        acknowledge(slackSecret, "AwsSolutions-SMG4", "The value is a Slack incoming-webhook URL issued by Slack; "
                + "no rotation Lambda can re-issue it. It is rotated by creating a new webhook in Slack and running "
                + "put-secret-value.");
        acknowledge(alarmDeliveryDlq, "AwsSolutions-SQS3", "This queue is itself the dead-letter queue of the alarm "
                + "topic's email subscription (SNS redrive policy), which cdk-nag does not recognise as DLQ use.");
        acknowledge(alarmDeliveryDlq, "Serverless-SQSRedrivePolicy", "This queue is itself a dead-letter queue; a "
                + "DLQ of a DLQ only moves the problem. Its depth raises an alarm.");
    }

    static void acknowledge(IConstruct scope, String ruleId, String reason) {
        Validations.of(scope).acknowledge(Acknowledgment.builder().id(ruleId).reason(reason).build());
    }

    RemovalPolicy removalPolicy() {
        return props.retain() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
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
        return key;
    }

    public RestApi api() {
        return api;
    }

    public RequestValidator requestValidator() {
        return requestValidator;
    }

    /** The 400 of a body the channel's schema refuses, naming what is wrong. */
    public GatewayResponse badRequestBody() {
        return badRequestBody;
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public Queue alarmDeliveryDlq() {
        return alarmDeliveryDlq;
    }

    public Bucket accessLogBucket() {
        return accessLogBucket;
    }

    public LogGroup apiAccessLogs() {
        return apiAccessLogs;
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public Secret slackSecret() {
        return slackSecret;
    }

    /** The notify ledger: partition key and TTL attribute as {@link LedgerTable} names them. */
    public Table idempotencyTable() {
        return idempotencyTable;
    }

    public Code lambdaCode() {
        return lambdaCode;
    }
}
