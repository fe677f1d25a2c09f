package dev.channels.constructs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.channels.constructs.Naming.Kind;
import dev.channels.contract.ArchiveKeys;
import dev.channels.contract.DeadLetterAttributes;
import dev.channels.contract.HandlerEnv;
import dev.channels.contract.IndexKey;
import dev.channels.contract.LambdaHandler;
import dev.channels.contract.LedgerTable;
import dev.channels.contract.Metrics;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AwsIntegration;
import software.amazon.awscdk.services.apigateway.IntegrationOptions;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodProps;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.ModelProps;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.ResourceProps;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.TableProps;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * One channel: producers POST objects of one kind to {@code /<channel-kebab>}; the API queues them,
 * ingest stores the latest version of each in the table, and notify posts every change to Slack.
 * Every physical name is {@code <env>-<channel-kebab>-<role>}.
 */
public class Channel extends Construct {
    /** What a producer gets when the queue did not take the message for a reason a retry can fix. */
    private static final String RETRY_LATER =
            "{\"message\":\"The channel's queue did not accept the message; retry later.\"}";
    /** What a producer gets when the body is bigger than the inbox takes: retrying the same body cannot help. */
    private static final String TOO_LARGE = "{\"message\":\"The body is larger than the channel accepts: at most "
            + Defaults.INBOX_MAX_MESSAGE_SIZE_BYTES + " bytes. Send a smaller object; retrying this one fails "
            + "again.\"}";
    /**
     * What a producer gets when SQS refused characters of the body (InvalidMessageContents): retrying the same
     * body cannot help.
     */
    private static final String CHARACTERS_REFUSED = "{\"message\":\"The body contains characters SQS does not "
            + "accept (allowed: U+0009, U+000A, U+000D, U+0020 to U+D7FF, U+E000 to U+FFFD, U+10000 to U+10FFFF). "
            + "Remove them; retrying this body fails again.\"}";
    /**
     * The response to an SQS 4xx. SQS (query protocol) answers a body over the queue's maximum message size
     * with 400 InvalidParameterValue, "... Reason: Message must be shorter than N bytes."; that becomes 413.
     * A body with characters outside SQS's allowed set gets 400 InvalidMessageContents; that becomes 400.
     * Both are the producer's to fix. Any other 4xx means our integration is misconfigured, not that the
     * producer sent something wrong: 500, so the producer retries instead of dropping the object.
     */
    private static final String SQS_REFUSAL_TEMPLATE = String.join("\n",
            "#if($input.body.contains(\"must be shorter than\"))",
            "#set($context.responseOverride.status = 413)",
            TOO_LARGE,
            "#else",
            "#if($input.body.contains(\"InvalidMessageContents\"))",
            "#set($context.responseOverride.status = 400)",
            CHARACTERS_REFUSED,
            "#else",
            "#set($context.responseOverride.status = 500)",
            RETRY_LATER,
            "#end",
            "#end");

    private final ChannelsEnvironment environment;
    private final ChannelProps props;
    private final Naming naming;
    private final String kebab;

    private final Queue inboxDlq;
    private final Queue inbox;
    private final Queue notifyDlq;
    private final Queue noticesQueue;
    private final Table table;
    private final Bucket archiveBucket;
    private final Function ingestFunction;
    private final Alias ingestAlias;
    private final Function notifyFunction;
    private final Alias notifyAlias;
    private final EventSourceMapping inboxSource;
    private final EventSourceMapping streamSource;
    private final Role apiRole;
    private final Resource route;
    private final Method postMethod;

    public Channel(Construct scope, String id, ChannelsEnvironment environment, ChannelProps props) {
        super(scope, id);
        environment.register(props.name());
        this.environment = environment;
        this.props = props;
        this.naming = environment.naming();
        this.kebab = Naming.kebab(props.name());

        // The DLQ takes the same size as the inbox, so any message the inbox accepted can be dead-lettered.
        this.inboxDlq = encryptedQueue("InboxDlq", "inbox-dlq")
                .retentionPeriod(Defaults.DLQ_RETENTION)
                .maxMessageSizeBytes(Defaults.INBOX_MAX_MESSAGE_SIZE_BYTES)
                .build();
        this.inbox = encryptedQueue("Inbox", "inbox")
                .retentionPeriod(Defaults.INBOX_RETENTION)
                .maxMessageSizeBytes(Defaults.INBOX_MAX_MESSAGE_SIZE_BYTES)
                .visibilityTimeout(Defaults.INBOX_VISIBILITY_TIMEOUT)
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(inboxDlq)
                        .maxReceiveCount(Defaults.MAX_RECEIVE_COUNT)
                        .build())
                .build();
        this.notifyDlq = encryptedQueue("NotifyDlq", "notify-dlq").retentionPeriod(Defaults.DLQ_RETENTION).build();
        this.noticesQueue = encryptedQueue("Notices", "notices").retentionPeriod(Defaults.NOTICES_RETENTION).build();
        this.table = createTable();
        this.archiveBucket = createArchiveBucket();

        this.ingestFunction = function("Ingest", LambdaHandler.INGEST, "ingest", Defaults.INGEST_MEMORY_MB,
                Defaults.INGEST_TIMEOUT, ingestVariables());
        this.ingestAlias = alias("Ingest", ingestFunction);
        this.notifyFunction = function("Notify", LambdaHandler.NOTIFY, "notify", Defaults.NOTIFY_MEMORY_MB,
                Defaults.NOTIFY_TIMEOUT, notifyVariables());
        this.notifyAlias = alias("Notify", notifyFunction);
        grantIngest();
        grantNotify();
        grantNotifyParking();
        this.inboxSource = createInboxSource();
        this.streamSource = createStreamSource();

        this.apiRole = createApiRole();
        this.route = new Resource(this, "Route", ResourceProps.builder()
                .parent(environment.api().getRoot())
                .pathPart(kebab)
                .build());
        this.postMethod = createPostMethod();

        createAlarms();
        addDashboardRow();
        acknowledgeNagFindings();
    }

    // Queues

    private Queue.Builder encryptedQueue(String id, String role) {
        return Queue.Builder.create(this, id)
                .queueName(naming.name(Kind.SQS_QUEUE, kebab, role))
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(environment.key())
                .enforceSsl(true)
                .removalPolicy(environment.removalPolicy());
    }

    // Storage

    private Table createTable() {
        Table created = new Table(this, "Table", TableProps.builder()
                .tableName(naming.channel(Kind.DYNAMODB_TABLE, kebab))
                .partitionKey(Attribute.builder().name(props.idProperty()).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(environment.key())
                .deletionProtection(environment.retain())
                .removalPolicy(environment.removalPolicy())
                .build());
        props.indexes().forEach(created::addGlobalSecondaryIndex);
        return created;
    }

    private Bucket createArchiveBucket() {
        Bucket bucket = new Bucket(this, "Archive", Defaults.bucket()
                .bucketName(naming.bucketName(kebab, "archive", environment.account(), environment.region()))
                .encryption(BucketEncryption.KMS)
                .encryptionKey(environment.key())
                // One data key per bucket instead of one KMS call per object.
                .bucketKeyEnabled(true)
                .versioned(true)
                // Current objects never expire: items in the table may point at them (claim check).
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("tier-and-clean-up")
                        .transitions(List.of(Transition.builder()
                                .storageClass(StorageClass.INFREQUENT_ACCESS)
                                .transitionAfter(Defaults.ARCHIVE_INFREQUENT_ACCESS_AFTER)
                                .build()))
                        .noncurrentVersionExpiration(Defaults.ARCHIVE_NONCURRENT_EXPIRATION)
                        .abortIncompleteMultipartUploadAfter(Defaults.ABORT_INCOMPLETE_UPLOAD_AFTER)
                        .build()))
                .removalPolicy(environment.removalPolicy())
                .autoDeleteObjects(!environment.retain())
                .build());
        environment.logServerAccess(bucket, kebab + "-archive/");
        return bucket;
    }

    // Functions

    /** What ingest reads at init (HandlerEnv); optional settings only when the channel sets them. */
    private Map<String, String> ingestVariables() {
        Map<String, String> variables = sharedVariables();
        variables.put(HandlerEnv.TABLE_NAME, table.getTableName());
        variables.put(HandlerEnv.RAW_ARCHIVE, Boolean.toString(props.rawArchive()));
        props.versionProperty().ifPresent(property -> variables.put(HandlerEnv.VERSION_PROPERTY, property));
        variables.put(HandlerEnv.INBOX_DLQ_URL, inboxDlq.getQueueUrl());
        List<String> indexKeys = indexKeys();
        if (!indexKeys.isEmpty()) {
            variables.put(HandlerEnv.INDEX_KEYS, String.join(",", indexKeys));
        }
        return variables;
    }

    /** Each index key property with its type and role, as ingest checks them before a write (IndexKey). */
    private List<String> indexKeys() {
        List<String> keys = new ArrayList<>();
        for (GlobalSecondaryIndexProps index : props.indexes()) {
            keys.add(indexKey(index.getPartitionKey(), IndexKey.Role.PARTITION));
            if (index.getSortKey() != null) {
                keys.add(indexKey(index.getSortKey(), IndexKey.Role.SORT));
            }
        }
        return keys;
    }

    private static String indexKey(Attribute attribute, IndexKey.Role role) {
        return new IndexKey(attribute.getName(), IndexKey.Type.valueOf(attribute.getType().name().substring(0, 1)), role)
                .format();
    }

    /** What notify reads at init (HandlerEnv); optional settings only when the channel sets them. */
    private Map<String, String> notifyVariables() {
        Map<String, String> variables = sharedVariables();
        variables.put(HandlerEnv.SLACK_SECRET_ARN, environment.slackSecret().getSecretArn());
        variables.put(HandlerEnv.IDEMPOTENCY_TABLE, environment.idempotencyTable().getTableName());
        variables.put(HandlerEnv.NOTIFY_EVENTS, String.join(",", notifyEvents()));
        variables.put(HandlerEnv.NOTICES_QUEUE_URL, noticesQueue.getQueueUrl());
        props.notifyProperties()
                .ifPresent(shown -> variables.put(HandlerEnv.NOTIFY_PROPERTIES, String.join(",", shown)));
        props.titleTemplate().ifPresent(template -> variables.put(HandlerEnv.TITLE_TEMPLATE, template));
        return variables;
    }

    private Map<String, String> sharedVariables() {
        Map<String, String> variables = new TreeMap<>();
        variables.put(HandlerEnv.ENV_NAME, naming.env());
        variables.put(HandlerEnv.CHANNEL_NAME, props.name());
        variables.put(HandlerEnv.ID_PROPERTY, props.idProperty());
        variables.put(HandlerEnv.ARCHIVE_BUCKET, archiveBucket.getBucketName());
        return variables;
    }

    /** The stream event names notify tells: the filter of its event source and its NOTIFY_EVENTS agree. */
    private List<String> notifyEvents() {
        return props.notifyOn().stream().map(Enum::name).toList();
    }

    private Function function(String id, LambdaHandler handler, String role, int memoryMb, Duration timeout,
                              Map<String, String> variables) {
        String functionName = naming.name(Kind.LAMBDA_FUNCTION, kebab, role);
        // An explicit role without AWSLambdaBasicExecutionRole: it may write to its own log group only.
        Role executionRole = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Execution role of " + functionName)
                .build();
        LogGroup logGroup = environment.logGroup(this, id + "Logs", naming.functionLogGroupName(functionName));
        logGroup.grantWrite(executionRole);
        return new Function(this, id, Defaults.function()
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
        Alias alias = Alias.Builder.create(this, id + "Alias")
                .aliasName(Defaults.ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish", "A version is "
                + "published on every code or configuration change (currentVersion) and invoked through this alias.");
        return alias;
    }

    /** The archive prefixes ingest writes: claim-checked bodies, and every body when the raw archive is on. */
    private List<String> ingestArchivePrefixes() {
        return props.rawArchive()
                ? List.of(ArchiveKeys.PAYLOAD_PREFIX, ArchiveKeys.RAW_PREFIX)
                : List.of(ArchiveKeys.PAYLOAD_PREFIX);
    }

    private void grantIngest() {
        // What the SQS event source mapping needs, with the key only through SQS (CDK's grantConsumeMessages
        // would add sqs:GetQueueUrl, sqs:ChangeMessageVisibility and a kms:Decrypt without any condition).
        ingestFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"))
                .resources(List.of(inbox.getQueueArn()))
                .build());
        grantKeyVia(ingestFunction, "sqs", "kms:Decrypt");
        // GetItem: the stored version when a refused conditional write comes back without it, and priming.
        ingestFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:PutItem", "dynamodb:GetItem"))
                .resources(List.of(table.getTableArn()))
                .build());
        grantKeyVia(ingestFunction, "dynamodb", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey");
        ingestFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(ingestArchivePrefixes().stream()
                        .map(prefix -> archiveBucket.arnForObjects(prefix + "*"))
                        .toList())
                .build());
        grantKeyVia(ingestFunction, "s3", "kms:GenerateDataKey");
        // Parks a message that can never be stored in the inbox DLQ on its first receive.
        ingestFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(inboxDlq.getQueueArn()))
                .build());
        grantKeyVia(ingestFunction, "sqs", "kms:Decrypt", "kms:GenerateDataKey");
    }

    private void grantNotify() {
        // What the stream event source mapping needs, with the key only through DynamoDB (CDK's grantStreamRead
        // would add kms:Decrypt and kms:DescribeKey without any condition). ListStreams has no resource-level
        // permissions.
        notifyFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"))
                .resources(List.of(table.getTableStreamArn()))
                .build());
        notifyFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:ListStreams"))
                .resources(List.of("*"))
                .build());
        grantKeyVia(notifyFunction, "dynamodb", "kms:Decrypt");
        notifyFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(environment.slackSecret().getSecretArn()))
                .build());
        grantKeyVia(notifyFunction, "secretsmanager", "kms:Decrypt");
        // The ledger's claim, complete, release and park (conditional updates) and read (a refused claim,
        // priming); the table is the env's, so only this channel's entries.
        notifyFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"))
                .resources(List.of(environment.idempotencyTable().getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of(
                        "dynamodb:LeadingKeys", List.of(LedgerTable.keyPrefix(props.name()) + "*"))))
                .build());
        grantKeyVia(notifyFunction, "dynamodb", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey");
        // Claim-checked bodies of items too big for DynamoDB.
        notifyFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(archiveBucket.arnForObjects(ArchiveKeys.PAYLOAD_PREFIX + "*")))
                .build());
        grantKeyVia(notifyFunction, "s3", "kms:Decrypt");
    }

    /** Notify parks the changes it gives up on in the notices queue (SQS encrypts them with the env key). */
    private void grantNotifyParking() {
        notifyFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(noticesQueue.getQueueArn()))
                .build());
        grantKeyVia(notifyFunction, "sqs", "kms:Decrypt", "kms:GenerateDataKey");
    }

    /** Lets {@code grantee} use the env key for {@code actions}, only through {@code service}. */
    private void grantKeyVia(IGrantable grantee, String service, String... actions) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(actions))
                .resources(List.of(environment.key().getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of(
                        "kms:ViaService", service + "." + environment.region() + ".amazonaws.com")))
                .build());
    }

    private EventSourceMapping createInboxSource() {
        return ingestAlias.addEventSourceMapping("InboxSource", EventSourceMappingOptions.builder()
                .eventSourceArn(inbox.getQueueArn())
                .batchSize(Defaults.INGEST_BATCH_SIZE)
                .maxConcurrency(Defaults.INGEST_MAX_CONCURRENCY)
                .reportBatchItemFailures(true)
                .build());
    }

    private EventSourceMapping createStreamSource() {
        String[] kinds = notifyEvents().toArray(String[]::new);
        return notifyAlias.addEventSourceMapping("StreamSource", EventSourceMappingOptions.builder()
                .eventSourceArn(table.getTableStreamArn())
                .startingPosition(Defaults.NOTIFY_STARTING_POSITION)
                .batchSize(Defaults.NOTIFY_BATCH_SIZE)
                .parallelizationFactor(Defaults.NOTIFY_PARALLELIZATION_FACTOR)
                .bisectBatchOnError(true)
                .retryAttempts(Defaults.NOTIFY_RETRY_ATTEMPTS)
                .maxRecordAge(Defaults.NOTIFY_MAX_RECORD_AGE)
                .reportBatchItemFailures(true)
                .onFailure(notifyFailureDestination())
                .filters(List.of(FilterCriteria.filter(Map.of("eventName", FilterRule.or(kinds)))))
                .build());
    }

    /**
     * The notify DLQ as the stream's on-failure destination, granting exactly what Lambda needs to send
     * to a KMS-encrypted queue (CDK's SqsDlq would also grant kms:ReEncrypt* and kms:GenerateDataKey*).
     */
    private IEventSourceDlq notifyFailureDestination() {
        return new IEventSourceDlq() {
            @Override
            public DlqDestinationConfig bind(IEventSourceMapping target, IFunction handler) {
                handler.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("sqs:SendMessage"))
                        .resources(List.of(notifyDlq.getQueueArn()))
                        .build());
                grantKeyVia(handler, "sqs", "kms:Decrypt", "kms:GenerateDataKey");
                return DlqDestinationConfig.builder().destination(notifyDlq.getQueueArn()).build();
            }
        };
    }

    // API

    /** API Gateway's own role for the direct integration: it may send to this inbox and nothing else. */
    private Role createApiRole() {
        Role role = Role.Builder.create(this, "ApiRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("Lets POST /" + kebab + " of env " + naming.env() + " send to its inbox queue")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(inbox.getQueueArn()))
                .build());
        grantKeyVia(role, "sqs", "kms:Decrypt", "kms:GenerateDataKey");
        return role;
    }

    private Method createPostMethod() {
        AwsIntegration integration = AwsIntegration.Builder.create()
                .service("sqs")
                .path(environment.account() + "/" + inbox.getQueueName())
                .integrationHttpMethod("POST")
                .options(IntegrationOptions.builder()
                        .credentialsRole(apiRole)
                        // Only JSON bodies reach the queue; anything else is refused with 415.
                        .passthroughBehavior(PassthroughBehavior.NEVER)
                        .requestParameters(Map.of("integration.request.header.Content-Type",
                                "'application/x-www-form-urlencoded'"))
                        .requestTemplates(Map.of("application/json",
                                "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"))
                        .integrationResponses(List.of(
                                IntegrationResponse.builder()
                                        .selectionPattern("2\\d{2}")
                                        .statusCode("200")
                                        .responseTemplates(Map.of("application/json", "{\"messageId\":\"$input.path("
                                                + "'$.SendMessageResponse.SendMessageResult.MessageId')\"}"))
                                        .build(),
                                // SQS refused the request: 413 for a body over the queue's size, 400 for characters it does
                                // not accept, else 500.
                                IntegrationResponse.builder()
                                        .selectionPattern("4\\d{2}")
                                        .statusCode("500")
                                        .responseTemplates(Map.of("application/json", SQS_REFUSAL_TEMPLATE))
                                        .build(),
                                // No selection pattern: every other SQS answer, so a refused message is never 2xx.
                                IntegrationResponse.builder()
                                        .statusCode("500")
                                        .responseTemplates(Map.of("application/json", RETRY_LATER))
                                        .build()))
                        .build())
                .build();
        MethodOptions.Builder options = MethodOptions.builder()
                .operationName("Send" + props.name())
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(environment.requestValidator())
                .methodResponses(List.of(
                        MethodResponse.builder().statusCode("200").build(),
                        MethodResponse.builder().statusCode("400").build(),
                        MethodResponse.builder().statusCode("413").build(),
                        MethodResponse.builder().statusCode("500").build()))
                // Every channel validates: the default schema, combined with the channel's own (RequestSchema).
                .requestModels(Map.of("application/json", new Model(this, "RequestModel", ModelProps.builder()
                        .restApi(environment.api())
                        .modelName(props.name() + "Request")
                        .contentType("application/json")
                        .schema(RequestSchema.of(props))
                        .build())));
        return new Method(this, "Post", MethodProps.builder()
                .resource(route)
                .httpMethod("POST")
                .integration(integration)
                .options(options.build())
                .build());
    }

    // Monitoring

    private void createAlarms() {
        MetricOptions maximum = MetricOptions.builder().statistic("Maximum").period(Defaults.ALARM_PERIOD).build();
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(Defaults.ALARM_PERIOD).build();
        alarm("InboxDlqDepthAlarm", "inbox-dlq-depth", "Messages that were not stored: parked by ingest at once "
                + "because they can never be stored (reason in the message attribute " + DeadLetterAttributes.REASON + "), "
                + "or failed " + Defaults.MAX_RECEIVE_COUNT + " receives. Read the reason, fix the cause, then redrive "
                + "the DLQ to the inbox (docs/operations.md)", inboxDlq.metricApproximateNumberOfMessagesVisible(maximum), 0);
        alarm("NotifyDlqDepthAlarm", "notify-dlq-depth", "Stream records notify could neither tell nor park (the "
                        + "notices queue refused them, or a record could not be read): the DLQ holds their shard and "
                        + "sequence numbers only; see docs/operations.md, 'The notify DLQ'",
                notifyDlq.metricApproximateNumberOfMessagesVisible(maximum), 0);
        alarm("NoticesDepthAlarm", "notices-depth", "Changes parked after Slack failed; fix Slack and run "
                        + "`java -jar tools/target/channels-tools.jar redrive-notices --queue-url "
                        + noticesQueue.getQueueUrl() + " --ledger-table " + environment.idempotencyTable().getTableName()
                        + " --secret-id " + environment.slackSecret().getSecretArn() + "` (docs/operations.md, "
                        + "'Redriving parked notices')",
                noticesQueue.metricApproximateNumberOfMessagesVisible(maximum), 0);
        alarm("InboxAgeAlarm", "inbox-age", "The oldest message in the inbox waited longer than "
                        + Defaults.INBOX_AGE_ALARM.toMinutes() + " minutes: ingest is down or far behind",
                inbox.metricApproximateAgeOfOldestMessage(maximum), Defaults.INBOX_AGE_ALARM.toSeconds().doubleValue());
        alarm("IngestErrorsAlarm", "ingest-errors", "Ingest invocations failed as a whole",
                ingestFunction.metricErrors(sum), 0);
        alarm("IngestThrottlesAlarm", "ingest-throttles", "Ingest invocations were throttled",
                ingestFunction.metricThrottles(sum), 0);
        alarm("NotifyErrorsAlarm", "notify-errors", "Notify invocations failed as a whole",
                notifyFunction.metricErrors(sum), 0);
        alarm("NotifyThrottlesAlarm", "notify-throttles", "Notify invocations were throttled",
                notifyFunction.metricThrottles(sum), 0);
        alarm("StreamIteratorAgeAlarm", "stream-iterator-age", "Notifications are more than "
                        + Defaults.ITERATOR_AGE_ALARM.toMinutes() + " minutes behind the table",
                notifyFunction.metric("IteratorAge", maximum), Defaults.ITERATOR_AGE_ALARM.toMilliseconds().doubleValue());
        alarm("Api5xxAlarm", "api-5xx", "POST /" + kebab + " answered 5xx: producers are retrying",
                apiMetric("5XXError", sum), 0);
        alarm("IngestFailedAlarm", "ingest-failed", "Ingest reported messages failed: SQS retries them and after "
                        + Defaults.MAX_RECEIVE_COUNT + " receives moves them to the inbox DLQ",
                handlerMetric(Metrics.INGEST_HANDLER, Metrics.FAILED, sum), 0);
        alarm("NotifyFailedAlarm", "notify-failed", "Notify reported stream records failed: the stream retries "
                        + "them; notify parks a change in the notices queue after " + Defaults.NOTIFY_PARK_AFTER_ATTEMPTS
                        + " failed deliveries, and what it cannot park reaches the notify DLQ",
                handlerMetric(Metrics.NOTIFY_HANDLER, Metrics.FAILED, sum), 0);
        alarm("SlackRejectedAlarm", "slack-rejected", "Slack refused messages for good (400/403/404/410): the "
                        + "webhook is gone or revoked, or a message is invalid. The changes are parked in the notices "
                        + "queue: set a working webhook in the secret, then run tools redrive-notices (see the "
                        + "notices-depth alarm)",
                handlerMetric(Metrics.NOTIFY_HANDLER, Metrics.SLACK_REJECTED, sum), 0);
    }

    private void alarm(String id, String role, String description, IMetric metric, double threshold) {
        environment.alarm(this, id, naming.name(Kind.ALARM, kebab, role), description, metric, threshold);
    }

    /** A metric of this route alone; the stage publishes per-route metrics because metricsEnabled is set. */
    private Metric apiMetric(String metricName, MetricOptions options) {
        return Metric.Builder.create()
                .namespace("AWS/ApiGateway")
                .metricName(metricName)
                .dimensionsMap(new TreeMap<>(Map.of(
                        "ApiName", environment.api().getRestApiName(),
                        "Stage", Defaults.STAGE_NAME,
                        "Resource", "/" + kebab,
                        "Method", "POST")))
                .statistic(options.getStatistic())
                .period(options.getPeriod())
                .build();
    }

    /**
     * A metric the handlers publish (embedded metric format) for this channel: namespace, dimensions and
     * names as {@link Metrics} defines them.
     */
    private Metric handlerMetric(String handler, String metricName, MetricOptions options) {
        return Metric.Builder.create()
                .namespace(Metrics.NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(new TreeMap<>(Map.of(
                        Metrics.ENV, naming.env(),
                        Metrics.CHANNEL, props.name(),
                        Metrics.HANDLER, handler)))
                .statistic(options.getStatistic())
                .period(options.getPeriod())
                .build();
    }

    private List<IMetric> handlerMetrics(String handler, List<String> metricNames, MetricOptions options) {
        return metricNames.stream().<IMetric>map(name -> handlerMetric(handler, name, options)).toList();
    }

    private void addDashboardRow() {
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(Defaults.ALARM_PERIOD).build();
        MetricOptions maximum = MetricOptions.builder().statistic("Maximum").period(Defaults.ALARM_PERIOD).build();
        environment.dashboard().addWidgets(TextWidget.Builder.create()
                .markdown("## " + props.name() + " (`POST /" + kebab + "`)")
                .width(24)
                .height(1)
                .build());
        environment.dashboard().addWidgets(
                graph("API", List.of(apiMetric("Count", sum), apiMetric("5XXError", sum), apiMetric("4XXError", sum))),
                graph("Inbox", List.of(inbox.metricApproximateNumberOfMessagesVisible(maximum),
                        inbox.metricApproximateAgeOfOldestMessage(maximum))),
                graph("Functions", List.of(ingestFunction.metricInvocations(sum), ingestFunction.metricErrors(sum),
                        notifyFunction.metricInvocations(sum), notifyFunction.metricErrors(sum),
                        notifyFunction.metric("IteratorAge", maximum))),
                graph("Dead letters", List.of(inboxDlq.metricApproximateNumberOfMessagesVisible(maximum),
                        notifyDlq.metricApproximateNumberOfMessagesVisible(maximum),
                        noticesQueue.metricApproximateNumberOfMessagesVisible(maximum))));
        environment.dashboard().addWidgets(
                graph("Ingest outcomes", handlerMetrics(Metrics.INGEST_HANDLER, Metrics.INGEST_METRICS, sum), 12),
                graph("Notify and Slack", handlerMetrics(Metrics.NOTIFY_HANDLER, Metrics.NOTIFY_METRICS, sum), 12));
    }

    private IWidget graph(String title, List<IMetric> metrics) {
        return graph(title, metrics, 6);
    }

    private IWidget graph(String title, List<IMetric> metrics, int width) {
        return GraphWidget.Builder.create()
                .title(props.name() + ": " + title)
                .left(metrics)
                .width(width)
                .build();
    }

    /** One place for this construct's cdk-nag acknowledgments, each on the narrowest scope that holds it. */
    private void acknowledgeNagFindings() {
        ChannelsEnvironment.acknowledge(postMethod, "AwsSolutions-COG4", "Producers are services and scripts "
                + "holding IAM credentials, not users of a Cognito user pool; the route requires SigV4 (AWS_IAM).");
        ChannelsEnvironment.acknowledge(inboxSource, "Serverless-LambdaEventSourceMappingDestination", "SQS event "
                + "sources take no on-failure destination; failed messages reach the inbox DLQ through the queue's "
                + "redrive policy after " + Defaults.MAX_RECEIVE_COUNT + " receives.");
        for (Function function : List.of(ingestFunction, notifyFunction)) {
            ChannelsEnvironment.acknowledge(function, "Serverless-LambdaDLQ", "The function is only invoked "
                    + "synchronously by its event source mapping; an async DLQ would never receive anything. "
                    + "Failures land in the inbox DLQ (redrive) or the notify DLQ (on-failure destination).");
        }
        ChannelsEnvironment.acknowledge(ingestFunction.getRole(), "AwsSolutions-IAM5[Resource::*]", "Only "
                + "xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource-level permissions.");
        ChannelsEnvironment.acknowledge(notifyFunction.getRole(), "AwsSolutions-IAM5[Resource::*]", "Only "
                + "xray:PutTraceSegments, xray:PutTelemetryRecords and dynamodb:ListStreams, none of which have "
                + "resource-level permissions.");
        ChannelsEnvironment.acknowledge(ingestFunction.getRole(), archiveObjectsFinding(ArchiveKeys.PAYLOAD_PREFIX),
                "Only s3:PutObject, only under payloads/ of this channel's own archive bucket: ingest writes one "
                        + "object per oversized message, keyed by a hash of the object id and the message id, so the "
                        + "keys cannot be named in advance.");
        if (props.rawArchive()) {
            ChannelsEnvironment.acknowledge(ingestFunction.getRole(), archiveObjectsFinding(ArchiveKeys.RAW_PREFIX),
                    "Only s3:PutObject, only under raw/ of this channel's own archive bucket: the raw archive writes "
                            + "one object per accepted message, keyed by hour and message id.");
        }
        ChannelsEnvironment.acknowledge(notifyFunction.getRole(), archiveObjectsFinding(ArchiveKeys.PAYLOAD_PREFIX),
                "Only s3:GetObject, only under payloads/ of this channel's own archive bucket: notify reads the "
                        + "body an oversized item points at, whose key is known only from the item.");
        for (Queue dlq : List.of(inboxDlq, notifyDlq)) {
            ChannelsEnvironment.acknowledge(dlq, "Serverless-SQSRedrivePolicy", "This queue is itself a "
                    + "dead-letter queue; a DLQ of a DLQ only moves the problem. Its depth raises an alarm.");
        }
        ChannelsEnvironment.acknowledge(notifyDlq, "AwsSolutions-SQS3", "This queue is the on-failure destination "
                + "of the table stream's event source mapping, which cdk-nag does not recognise as DLQ use.");
        String parkedOnly = "This queue is where notify parks the changes Slack did not take; they are told only "
                + "by an operator's tools redrive-notices, which deletes each notice once told and leaves the rest. "
                + "A dead-letter queue would move notices out of the redrive's reach. Its depth raises an alarm.";
        ChannelsEnvironment.acknowledge(noticesQueue, "AwsSolutions-SQS3", parkedOnly);
        ChannelsEnvironment.acknowledge(noticesQueue, "Serverless-SQSRedrivePolicy", parkedOnly);
    }

    /** How cdk-nag names a grant on the objects under {@code prefix} of this channel's archive bucket. */
    private String archiveObjectsFinding(String prefix) {
        Stack stack = Stack.of(this);
        Object logicalId = stack.resolve(stack.getLogicalId((CfnElement) archiveBucket.getNode().getDefaultChild()));
        return "AwsSolutions-IAM5[Resource::<" + logicalId + ".Arn>/" + prefix + "*]";
    }

    public ChannelProps props() {
        return props;
    }

    public Queue inbox() {
        return inbox;
    }

    public Queue inboxDlq() {
        return inboxDlq;
    }

    public Queue notifyDlq() {
        return notifyDlq;
    }

    /** Where notify parks the changes it gave up on, for {@code tools redrive-notices}. */
    public Queue noticesQueue() {
        return noticesQueue;
    }

    public Table table() {
        return table;
    }

    public Bucket archiveBucket() {
        return archiveBucket;
    }

    public Function ingestFunction() {
        return ingestFunction;
    }

    public Alias ingestAlias() {
        return ingestAlias;
    }

    public Function notifyFunction() {
        return notifyFunction;
    }

    public Alias notifyAlias() {
        return notifyAlias;
    }

    public EventSourceMapping inboxSource() {
        return inboxSource;
    }

    public EventSourceMapping streamSource() {
        return streamSource;
    }

    public Resource route() {
        return route;
    }

    public Method postMethod() {
        return postMethod;
    }

    public Role apiRole() {
        return apiRole;
    }
}
