// A bare Node CDK app of the same size as the default Java app, only for timing synth against it
// (scripts/synth-vs-node.mjs; docs/design/synth-speed.md). Not a second implementation of the construct: it builds
// the same channels (JobOrder with its status/updatedAt index, Candidate) from the same L2 constructs with the same
// settings, under the same cdk.json context, with cdk-nag's AwsSolutions and Serverless packs on, so that its
// template has the same resources (synth-vs-node.mjs compares the counts by type and refuses to time apps that
// differ). Names, descriptions and policies follow constructs/src/main/java/dev/channels/constructs; exact strings
// do not matter for timing and are shortened. CommonJS, so it resolves aws-cdk-lib, constructs and cdk-nag from
// the node_modules next to it, which synth-vs-node.mjs unpacks from the Java app's own jars.

const cdk = require('aws-cdk-lib');
const { AwsSolutionsChecks, ServerlessChecks } = require('cdk-nag');
const apigw = require('aws-cdk-lib/aws-apigateway');
const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
const actions = require('aws-cdk-lib/aws-cloudwatch-actions');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const lambda = require('aws-cdk-lib/aws-lambda');
const logs = require('aws-cdk-lib/aws-logs');
const s3 = require('aws-cdk-lib/aws-s3');
const secrets = require('aws-cdk-lib/aws-secretsmanager');
const sns = require('aws-cdk-lib/aws-sns');
const subscriptions = require('aws-cdk-lib/aws-sns-subscriptions');
const sqs = require('aws-cdk-lib/aws-sqs');
const { Duration, RemovalPolicy, Stack, Validations } = cdk;
const { Construct } = require('constructs');

const HANDLER_JAR = process.env.CHANNELS_HANDLER_JAR; // the Java app's own asset: lambdas/target/channels-lambdas.jar
const CHANNELS = [
  { name: 'JobOrder', kebab: 'job-order', index: ['status', 'updatedAt'], version: 'updatedAt' },
  { name: 'Candidate', kebab: 'candidate' },
];

const ack = (scope, id, reason = 'as the Java app acknowledges it') => Validations.of(scope).acknowledge({ id, reason });

class Environment {
  constructor(stack, env, settings) {
    const scope = new Construct(stack, 'Environment');
    this.scope = scope;
    this.env = env;
    this.stack = stack;
    this.removal = settings.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.key = new kms.Key(scope, 'Key', {
      alias: `alias/${env}-key`, description: `Encrypts env ${env}`, enableKeyRotation: true,
      pendingWindow: Duration.days(7), removalPolicy: this.removal,
    });
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopic', principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
    this.accessLogs = new s3.Bucket(scope, 'AccessLogBucket', {
      bucketName: `${env}-channels-access-logs-${stack.account}-${stack.region}`, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true, encryption: s3.BucketEncryption.S3_MANAGED, objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: this.removal, autoDeleteObjects: !settings.retain,
    });
    this.accessLogs.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowServerAccessLogsOfThisEnv', principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'], resources: [this.accessLogs.arnForObjects('*')],
      conditions: { ArnLike: { 'aws:SourceArn': `arn:${cdk.Aws.PARTITION}:s3:::${env}-*` }, StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
    this.deliveryDlq = this.queue(scope, 'AlarmDeliveryDlq', `${env}-alarm-delivery-dlq`, Duration.days(14));
    ack(this.deliveryDlq, 'AwsSolutions-SQS3');
    ack(this.deliveryDlq, 'Serverless-SQSRedrivePolicy');
    const topicName = `${env}-alarms`;
    this.topic = new sns.Topic(scope, 'AlarmTopic', { topicName, displayName: `Channels alarms (${env})`, masterKey: this.key, enforceSSL: true });
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsOfThisAccount', principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'], resources: [this.topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowAlarmTopicToUseAlarmDeliveryDlq', principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: ['*'],
      conditions: { ArnEquals: { 'aws:SourceArn': stack.formatArn({ service: 'sns', resource: topicName }) } },
    }));
    this.topic.addSubscription(new subscriptions.EmailSubscription(settings.alarmEmail, { deadLetterQueue: this.deliveryDlq }));
    this.api = new apigw.RestApi(scope, 'Api', {
      restApiName: `${env}-api`, endpointTypes: [apigw.EndpointType.REGIONAL], cloudWatchRole: false,
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
      deployOptions: {
        stageName: 'v1', accessLogDestination: new apigw.LogGroupLogDestination(this.logGroup(scope, 'ApiAccessLogs', `/channels/${env}/api-access`)),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(), tracingEnabled: true, metricsEnabled: true,
        throttlingRateLimit: settings.throttle.rateLimit, throttlingBurstLimit: settings.throttle.burstLimit,
      },
    });
    this.validator = this.api.addRequestValidator('RequestValidator', { requestValidatorName: `${env}-validate-request`, validateRequestBody: true, validateRequestParameters: true });
    this.api.addGatewayResponse('BadRequestBody', {
      type: apigw.ResponseType.BAD_REQUEST_BODY, statusCode: '400',
      templates: { 'application/json': '{"message":"$context.error.message: $context.error.validationErrorString"}' },
    });
    ack(this.api.deploymentStage, 'AwsSolutions-APIG3');
    ack(this.api.deploymentStage, 'AwsSolutions-APIG6');
    this.dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', { dashboardName: `${env}-channels` });
    this.secret = new secrets.Secret(scope, 'SlackWebhook', { secretName: settings.slackSecretName, encryptionKey: this.key, removalPolicy: this.removal });
    ack(this.secret, 'AwsSolutions-SMG4');
    this.ledger = new dynamodb.Table(scope, 'IdempotencyTable', {
      ...this.tableDefaults(), tableName: `${env}-notify-ledger`, partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt', deletionProtection: settings.retain, removalPolicy: this.removal,
    });
    this.code = lambda.Code.fromAsset(HANDLER_JAR);
    this.alarm(scope, 'AlarmDeliveryDlqDepth', `${env}-alarm-delivery-dlq-depth`,
      this.deliveryDlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) }), 0);
  }

  tableDefaults() {
    return {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: this.key,
    };
  }

  queue(scope, id, queueName, retentionPeriod, more = {}) {
    return new sqs.Queue(scope, id, {
      encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: this.key, enforceSSL: true, queueName, retentionPeriod,
      removalPolicy: this.removal, ...more,
    });
  }

  logGroup(scope, id, logGroupName) {
    return new logs.LogGroup(scope, id, { logGroupName, retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: this.removal });
  }

  alarm(scope, id, alarmName, metric, threshold) {
    const alarm = new cloudwatch.Alarm(scope, id, {
      alarmName, alarmDescription: alarmName, metric, threshold, evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
  }

  grantKeyVia(grantee, service, ...keyActions) {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: keyActions, resources: [this.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `${service}.${this.stack.region}.amazonaws.com` } },
    }));
  }
}

function channel(stack, environment, props) {
  const scope = new Construct(stack, props.name);
  const env = environment.env;
  const name = (role) => `${env}-${props.kebab}-${role}`;
  // Queues
  const inboxDlq = environment.queue(scope, 'InboxDlq', name('inbox-dlq'), Duration.days(14), { maxMessageSizeBytes: 1048576 });
  const inbox = environment.queue(scope, 'Inbox', name('inbox'), Duration.days(4), {
    maxMessageSizeBytes: 1048576, visibilityTimeout: Duration.seconds(180), deadLetterQueue: { queue: inboxDlq, maxReceiveCount: 5 },
  });
  const notifyDlq = environment.queue(scope, 'NotifyDlq', name('notify-dlq'), Duration.days(14));
  const notices = environment.queue(scope, 'Notices', name('notices'), Duration.days(14));
  for (const dlq of [inboxDlq, notifyDlq]) ack(dlq, 'Serverless-SQSRedrivePolicy');
  ack(notifyDlq, 'AwsSolutions-SQS3');
  ack(notices, 'AwsSolutions-SQS3');
  ack(notices, 'Serverless-SQSRedrivePolicy');
  // Storage
  const table = new dynamodb.Table(scope, 'Table', {
    ...environment.tableDefaults(), tableName: `${env}-${props.kebab}`, partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES, deletionProtection: false, removalPolicy: environment.removal,
  });
  if (props.index) {
    table.addGlobalSecondaryIndex({
      indexName: `${props.index[0]}-${props.index[1]}`, partitionKey: { name: props.index[0], type: dynamodb.AttributeType.STRING },
      sortKey: { name: props.index[1], type: dynamodb.AttributeType.STRING },
    });
  }
  const archive = new s3.Bucket(scope, 'Archive', {
    bucketName: `${env}-${props.kebab}-archive-${stack.account}-${stack.region}`, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true, encryption: s3.BucketEncryption.KMS, encryptionKey: environment.key, bucketKeyEnabled: true, versioned: true,
    lifecycleRules: [{
      id: 'tier-and-clean-up', transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
      noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7),
    }],
    removalPolicy: environment.removal, autoDeleteObjects: true,
  });
  archive.node.defaultChild.loggingConfiguration = { destinationBucketName: environment.accessLogs.bucketName, logFilePrefix: `${props.kebab}-archive/` };
  archive.node.addDependency(environment.accessLogs.policy);
  const archiveFinding = (prefix) => `AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(archive.node.defaultChild))}.Arn>/${prefix}*]`;
  // Functions
  const shared = { ENV_NAME: env, CHANNEL_NAME: props.name, ID_PROPERTY: 'id', ARCHIVE_BUCKET: archive.bucketName };
  const fn = (id, handler, role, timeout, variables) => {
    const functionName = name(role);
    const executionRole = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `Execution role of ${functionName}` });
    const logGroup = environment.logGroup(scope, `${id}Logs`, `/aws/lambda/${functionName}`);
    logGroup.grantWrite(executionRole);
    const created = new lambda.Function(scope, id, {
      runtime: lambda.Runtime.JAVA_25, architecture: lambda.Architecture.ARM_64, snapStart: lambda.SnapStartConf.ON_PUBLISHED_VERSIONS,
      tracing: lambda.Tracing.ACTIVE, loggingFormat: lambda.LoggingFormat.TEXT, functionName, description: `${role} of channel ${props.name} in env ${env}`,
      code: environment.code, handler, memorySize: 1024, timeout, role: executionRole, logGroup, environment: variables,
    });
    const alias = new lambda.Alias(scope, `${id}Alias`, { aliasName: 'live', version: created.currentVersion });
    cdk.Annotations.of(created).acknowledgeWarning('@aws-cdk/aws-lambda:snapStartRequirePublish', 'published and invoked through the alias');
    ack(created, 'Serverless-LambdaDLQ');
    return { fn: created, alias };
  };
  const ingest = fn('Ingest', 'dev.channels.lambdas.ingest.IngestHandler::handleRequest', 'ingest', Duration.seconds(30), {
    ...shared, TABLE_NAME: table.tableName, RAW_ARCHIVE: 'false', INBOX_DLQ_URL: inboxDlq.queueUrl,
    ...(props.version ? { VERSION_PROPERTY: props.version } : {}),
    ...(props.index ? { INDEX_KEYS: `${props.index[0]}=S/partition,${props.index[1]}=S/sort` } : {}),
  });
  const notify = fn('Notify', 'dev.channels.lambdas.notify.NotifyHandler::handleRequest', 'notify', Duration.seconds(60), {
    ...shared, SLACK_SECRET_ARN: environment.secret.secretArn, IDEMPOTENCY_TABLE: environment.ledger.tableName,
    NOTIFY_EVENTS: 'INSERT,MODIFY', NOTICES_QUEUE_URL: notices.queueUrl,
  });
  // Grants
  const allow = (target, actionList, resources, conditions) => target.addToRolePolicy(new iam.PolicyStatement({ actions: actionList, resources, conditions }));
  allow(ingest.fn, ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], [inbox.queueArn]);
  environment.grantKeyVia(ingest.fn, 'sqs', 'kms:Decrypt');
  allow(ingest.fn, ['dynamodb:PutItem', 'dynamodb:GetItem'], [table.tableArn]);
  environment.grantKeyVia(ingest.fn, 'dynamodb', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
  allow(ingest.fn, ['s3:PutObject'], [archive.arnForObjects('payloads/*')]);
  environment.grantKeyVia(ingest.fn, 's3', 'kms:GenerateDataKey');
  allow(ingest.fn, ['sqs:SendMessage'], [inboxDlq.queueArn]);
  environment.grantKeyVia(ingest.fn, 'sqs', 'kms:Decrypt', 'kms:GenerateDataKey');
  ack(ingest.fn.role, 'AwsSolutions-IAM5[Resource::*]');
  ack(ingest.fn.role, archiveFinding('payloads/'));
  allow(notify.fn, ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], [table.tableStreamArn]);
  allow(notify.fn, ['dynamodb:ListStreams'], ['*']);
  environment.grantKeyVia(notify.fn, 'dynamodb', 'kms:Decrypt');
  allow(notify.fn, ['secretsmanager:GetSecretValue'], [environment.secret.secretArn]);
  environment.grantKeyVia(notify.fn, 'secretsmanager', 'kms:Decrypt');
  allow(notify.fn, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [environment.ledger.tableArn],
    { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${props.name}#*`] } });
  environment.grantKeyVia(notify.fn, 'dynamodb', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
  allow(notify.fn, ['s3:GetObject'], [archive.arnForObjects('payloads/*')]);
  environment.grantKeyVia(notify.fn, 's3', 'kms:Decrypt');
  allow(notify.fn, ['sqs:SendMessage'], [notices.queueArn]);
  environment.grantKeyVia(notify.fn, 'sqs', 'kms:Decrypt', 'kms:GenerateDataKey');
  ack(notify.fn.role, 'AwsSolutions-IAM5[Resource::*]');
  ack(notify.fn.role, archiveFinding('payloads/'));
  const inboxSource = ingest.alias.addEventSourceMapping('InboxSource', {
    eventSourceArn: inbox.queueArn, batchSize: 10, maxConcurrency: 10, reportBatchItemFailures: true,
  });
  ack(inboxSource, 'Serverless-LambdaEventSourceMappingDestination');
  notify.alias.addEventSourceMapping('StreamSource', {
    eventSourceArn: table.tableStreamArn, startingPosition: lambda.StartingPosition.TRIM_HORIZON, batchSize: 20, parallelizationFactor: 1,
    bisectBatchOnError: true, retryAttempts: 5, maxRecordAge: Duration.hours(1), reportBatchItemFailures: true,
    onFailure: {
      bind: (_target, handler) => {
        allow(handler, ['sqs:SendMessage'], [notifyDlq.queueArn]);
        environment.grantKeyVia(handler, 'sqs', 'kms:Decrypt', 'kms:GenerateDataKey');
        return { destination: notifyDlq.queueArn };
      },
    },
    filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.or('INSERT', 'MODIFY') })],
  });
  // API
  const apiRole = new iam.Role(scope, 'ApiRole', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'), description: `POST /${props.kebab} to its inbox` });
  apiRole.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [inbox.queueArn] }));
  environment.grantKeyVia(apiRole, 'sqs', 'kms:Decrypt', 'kms:GenerateDataKey');
  const route = new apigw.Resource(scope, 'Route', { parent: environment.api.root, pathPart: props.kebab });
  const properties = { id: { type: [apigw.JsonSchemaType.STRING, apigw.JsonSchemaType.INTEGER], minLength: 1, maxLength: 512, pattern: '\\S' } };
  for (const key of props.index ?? []) properties[key] = { type: apigw.JsonSchemaType.STRING, minLength: 1, maxLength: 512 };
  const post = new apigw.Method(scope, 'Post', {
    resource: route, httpMethod: 'POST',
    integration: new apigw.AwsIntegration({
      service: 'sqs', path: `${stack.account}/${inbox.queueName}`, integrationHttpMethod: 'POST',
      options: {
        credentialsRole: apiRole, passthroughBehavior: apigw.PassthroughBehavior.NEVER,
        requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
        requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
        integrationResponses: [
          { selectionPattern: '2\\d{2}', statusCode: '200', responseTemplates: { 'application/json': '{"messageId":"$input.path(\'$.SendMessageResponse.SendMessageResult.MessageId\')"}' } },
          { selectionPattern: '4\\d{2}', statusCode: '500', responseTemplates: { 'application/json': '{"message":"refused"}' } },
          { statusCode: '500', responseTemplates: { 'application/json': '{"message":"retry later"}' } },
        ],
      },
    }),
    options: {
      operationName: `Send${props.name}`, authorizationType: apigw.AuthorizationType.IAM, requestValidator: environment.validator,
      methodResponses: ['200', '400', '413', '500'].map((statusCode) => ({ statusCode })),
      requestModels: {
        'application/json': new apigw.Model(scope, 'RequestModel', {
          restApi: environment.api, modelName: `${props.name}Request`, contentType: 'application/json',
          schema: { schema: apigw.JsonSchemaVersion.DRAFT4, title: props.name, type: apigw.JsonSchemaType.OBJECT, properties, required: ['id'] },
        }),
      },
    },
  });
  ack(post, 'AwsSolutions-COG4');
  // Monitoring: the same thirteen alarms and dashboard row as ChannelMonitoring
  const maximum = { statistic: 'Maximum', period: Duration.minutes(5) };
  const sum = { statistic: 'Sum', period: Duration.minutes(5) };
  const apiMetric = (metricName) => new cloudwatch.Metric({
    namespace: 'AWS/ApiGateway', metricName, ...sum,
    dimensionsMap: { ApiName: environment.api.restApiName, Stage: 'v1', Resource: `/${props.kebab}`, Method: 'POST' },
  });
  const handlerMetric = (handler, metricName) => new cloudwatch.Metric({
    namespace: 'Channels', metricName, ...sum, dimensionsMap: { Env: env, Channel: props.name, Handler: handler },
  });
  const alarms = {
    InboxDlqDepthAlarm: inboxDlq.metricApproximateNumberOfMessagesVisible(maximum),
    NotifyDlqDepthAlarm: notifyDlq.metricApproximateNumberOfMessagesVisible(maximum),
    NoticesDepthAlarm: notices.metricApproximateNumberOfMessagesVisible(maximum),
    InboxAgeAlarm: inbox.metricApproximateAgeOfOldestMessage(maximum),
    IngestErrorsAlarm: ingest.fn.metricErrors(sum),
    IngestThrottlesAlarm: ingest.fn.metricThrottles(sum),
    NotifyErrorsAlarm: notify.fn.metricErrors(sum),
    NotifyThrottlesAlarm: notify.fn.metricThrottles(sum),
    StreamIteratorAgeAlarm: notify.fn.metric('IteratorAge', maximum),
    Api5xxAlarm: apiMetric('5XXError'),
    IngestFailedAlarm: handlerMetric('ingest', 'Failed'),
    NotifyFailedAlarm: handlerMetric('notify', 'Failed'),
    SlackRejectedAlarm: handlerMetric('notify', 'SlackRejected'),
  };
  for (const [id, metric] of Object.entries(alarms)) environment.alarm(scope, id, name(id.replace(/Alarm$/, '').toLowerCase()), metric, 0);
  const graph = (title, left, width = 6) => new cloudwatch.GraphWidget({ title: `${props.name}: ${title}`, left, width });
  environment.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `## ${props.name} (\`POST /${props.kebab}\`)`, width: 24, height: 1 }));
  environment.dashboard.addWidgets(
    graph('API', ['Count', '5XXError', '4XXError'].map(apiMetric)),
    graph('Inbox', [inbox.metricApproximateNumberOfMessagesVisible(maximum), inbox.metricApproximateAgeOfOldestMessage(maximum)]),
    graph('Functions', [ingest.fn.metricInvocations(sum), ingest.fn.metricErrors(sum), notify.fn.metricInvocations(sum), notify.fn.metricErrors(sum)]),
    graph('Dead letters', [inboxDlq, notifyDlq, notices].map((queue) => queue.metricApproximateNumberOfMessagesVisible(maximum))));
  environment.dashboard.addWidgets(
    graph('Ingest outcomes', ['Stored', 'Stale', 'Failed'].map((metric) => handlerMetric('ingest', metric)), 12),
    graph('Notify and Slack', ['Told', 'Parked', 'Failed', 'SlackRejected'].map((metric) => handlerMetric('notify', metric)), 12));
}

const app = new cdk.App();
const envName = app.node.tryGetContext('env') ?? 'dev';
const settings = app.node.tryGetContext('channels:envs')[envName];
const stack = new Stack(app, `${envName}-channels`, {
  stackName: `${envName}-channels`, env: { account: settings.account, region: settings.region }, terminationProtection: settings.retain,
  description: `Channels of env ${envName} (bare Node app for timing synth)`,
});
const environment = new Environment(stack, envName, settings);
for (const props of CHANNELS) channel(stack, environment, props);
cdk.Tags.of(stack).add('channels:env', envName);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
app.synth();
