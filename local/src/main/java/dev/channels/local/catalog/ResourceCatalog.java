package dev.channels.local.catalog;

import static dev.channels.local.catalog.ResourceType.accepted;
import static dev.channels.local.catalog.ResourceType.emulated;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one table of every CloudFormation resource type the local cloud knows: whether it is emulated or
 * accepted-not-emulated, how its physical name is found, and what {@code Ref} / {@code Fn::GetAtt} give
 * locally. A type not in the table is listed at start as unknown, never silently dropped.
 *
 * <p>To emulate a type, a layer adds a {@code LocalService} that claims it and changes its row here to
 * {@code emulated(...)} (or calls {@link #with(ResourceType)} on the default catalog). {@code LocalCloud}
 * refuses to start when an emulated type has no service, so the table cannot claim more than runs.
 */
public final class ResourceCatalog {
    /** The stream label in local stream ARNs: fixed, so a persisted table keeps its stream ARN across runs. */
    public static final String STREAM_LABEL = "2000-01-01T00:00:00.000";

    private static final ResourceCatalog DEFAULT = new ResourceCatalog(List.of(
            // --- emulated by this layer -------------------------------------------------------------------
            emulated("AWS::DynamoDB::Table", "dynalite, with stream capture in front of it")
                    .named("TableName", 255)
                    .attr("Arn", r -> r.arn("dynamodb", "table/" + r.name()))
                    .attr("StreamArn", r -> tableStreamArn(r.partition(), r.region(), r.accountId(), r.name()))
                    .build(),
            emulated("AWS::SQS::Queue", "ElasticMQ")
                    .named("QueueName", 80)
                    .ref(r -> r.queueUrl(r.name()))
                    .attr("Arn", r -> r.arn("sqs", r.name()))
                    .attr("QueueName", AttributeContext::name)
                    .attr("QueueUrl", r -> r.queueUrl(r.name()))
                    .build(),
            emulated("AWS::S3::Bucket", "S3Mock")
                    .namedLowerCase("BucketName", 63)
                    .attr("Arn", r -> r.globalArn("s3", "", r.name()))
                    .attr("DomainName", r -> r.name() + ".s3." + r.urlSuffix())
                    .attr("RegionalDomainName", r -> r.name() + ".s3." + r.region() + "." + r.urlSuffix())
                    .attr("DualStackDomainName", r -> r.name() + ".s3.dualstack." + r.region() + "." + r.urlSuffix())
                    .attr("WebsiteURL", r -> "http://" + r.name() + ".s3-website-" + r.region() + "." + r.urlSuffix())
                    .build(),
            emulated("AWS::SecretsManager::Secret", "GetSecretValue / DescribeSecret, values from the secrets file")
                    .named("Name", 512)
                    .ref(ResourceCatalog::secretArn)
                    .attr("Id", ResourceCatalog::secretArn)
                    .build(),

            // --- run by the next layer (Lambda runtime, event source mappings, REST API) --------------------
            accepted("AWS::Lambda::Function", "not run yet: the Lambda runtime is the next layer")
                    .named("FunctionName", 64)
                    .attr("Arn", r -> r.arn("lambda", "function:" + r.name()))
                    .build(),
            accepted("AWS::Lambda::Version", "resolves to version 1 of its function")
                    .ref(r -> functionArn(r) + ":1")
                    .attr("Version", r -> "1")
                    .attr("FunctionArn", r -> functionArn(r))
                    .build(),
            accepted("AWS::Lambda::Alias", "resolves to its function")
                    .ref(r -> functionArn(r) + ":" + r.property("Name"))
                    .attr("AliasArn", r -> functionArn(r) + ":" + r.property("Name"))
                    .build(),
            accepted("AWS::Lambda::EventSourceMapping", "not polled yet: event source mappings are the next layer")
                    .ref(AttributeContext::uuid)
                    .attr("Id", AttributeContext::uuid)
                    .attr("EventSourceMappingArn", r -> r.arn("lambda", "event-source-mapping:" + r.uuid()))
                    .build(),
            accepted("AWS::Lambda::Permission", "no resource policies locally").generatedId().build(),
            accepted("AWS::ApiGateway::RestApi", "not served yet: the REST API is the next layer")
                    .generatedId()
                    .attr("RestApiId", AttributeContext::name)
                    .attr("RootResourceId", r -> r.id("root", 10))
                    .build(),
            accepted("AWS::ApiGateway::Resource", "not served yet: the REST API is the next layer")
                    .generatedId().attr("ResourceId", AttributeContext::name).build(),
            accepted("AWS::ApiGateway::Method", "not served yet: the REST API is the next layer").generatedId().build(),
            accepted("AWS::ApiGateway::Model", "not served yet: the REST API is the next layer").named("Name", 128).build(),
            accepted("AWS::ApiGateway::RequestValidator", "not served yet: the REST API is the next layer")
                    .generatedId().attr("RequestValidatorId", AttributeContext::name).build(),
            accepted("AWS::ApiGateway::Deployment", "one local deployment per API")
                    .generatedId().attr("DeploymentId", AttributeContext::name).build(),
            accepted("AWS::ApiGateway::Stage", "the stage name is the local base path").named("StageName", 128).build(),
            accepted("AWS::ApiGateway::GatewayResponse", "not served yet: the REST API is the next layer")
                    .generatedId().build(),
            accepted("AWS::ApiGateway::Account", "no CloudWatch role locally").generatedId().build(),

            // --- accepted, not emulated -----------------------------------------------------------------
            accepted("AWS::SQS::QueuePolicy", "no resource policies locally").generatedId().build(),
            accepted("AWS::S3::BucketPolicy", "no resource policies locally (TLS-only is not enforced)").generatedId().build(),
            accepted("AWS::IAM::Role", "not created: its policies are enforced on the calls of its sessions (functions, mappings, API integrations)")
                    .named("RoleName", 64)
                    .attr("Arn", r -> r.globalArn("iam", r.accountId(), "role/" + r.name()))
                    .attr("RoleId", r -> "AROA" + r.id("role", 17).toUpperCase(java.util.Locale.ROOT))
                    .build(),
            accepted("AWS::IAM::Policy", "not created: enforced on the calls of its roles").named("PolicyName", 128).build(),
            accepted("AWS::IAM::ManagedPolicy", "no IAM locally")
                    .named("ManagedPolicyName", 128)
                    .ref(r -> r.globalArn("iam", r.accountId(), "policy/" + r.name()))
                    .attr("PolicyArn", r -> r.globalArn("iam", r.accountId(), "policy/" + r.name()))
                    .build(),
            accepted("AWS::KMS::Key", "no encryption at rest locally")
                    .ref(AttributeContext::uuid)
                    .attr("Arn", r -> r.arn("kms", "key/" + r.uuid()))
                    .attr("KeyId", AttributeContext::uuid)
                    .build(),
            accepted("AWS::KMS::Alias", "no encryption at rest locally").ref(r -> r.property("AliasName")).build(),
            accepted("AWS::Logs::LogGroup", "function output goes to the console and local log files")
                    .named("LogGroupName", 512)
                    .attr("Arn", r -> r.arn("logs", "log-group:" + r.name() + ":*"))
                    .build(),
            accepted("AWS::SNS::Topic", "alarm notifications are not delivered locally")
                    .named("TopicName", 256)
                    .ref(r -> r.arn("sns", r.name()))
                    .attr("TopicArn", r -> r.arn("sns", r.name()))
                    .attr("TopicName", AttributeContext::name)
                    .build(),
            accepted("AWS::SNS::TopicPolicy", "no resource policies locally").generatedId().build(),
            accepted("AWS::SNS::Subscription", "alarm notifications are not delivered locally")
                    .ref(r -> r.arn("sns", "subscription:" + r.uuid()))
                    .build(),
            accepted("AWS::CloudWatch::Alarm", "alarms are not evaluated locally")
                    .named("AlarmName", 255)
                    .attr("Arn", r -> r.arn("cloudwatch", "alarm:" + r.name()))
                    .build(),
            accepted("AWS::CloudWatch::CompositeAlarm", "composite alarms are not evaluated locally")
                    .named("AlarmName", 255)
                    .attr("Arn", r -> r.arn("cloudwatch", "alarm:" + r.name()))
                    .build(),
            accepted("AWS::CloudWatch::Dashboard", "no dashboards locally").named("DashboardName", 255).build(),
            accepted("AWS::SSM::Parameter", "no Parameter Store locally").named("Name", 2048).build(),
            accepted("AWS::CDK::Metadata", "CDK's own bookkeeping").generatedId().build(),
            accepted("Custom::*", "custom resources are not run locally (e.g. S3 auto-delete-objects)").generatedId().build(),
            accepted("AWS::CloudFormation::CustomResource", "custom resources are not run locally").generatedId().build()));

    private final List<ResourceType> types;

    public ResourceCatalog(List<ResourceType> types) {
        this.types = List.copyOf(types);
    }

    /** The catalog this layer ships. */
    public static ResourceCatalog defaults() {
        return DEFAULT;
    }

    /** A copy in which {@code replacement} takes the row of its type (or is added). */
    public ResourceCatalog with(ResourceType replacement) {
        List<ResourceType> copy = new ArrayList<>(types);
        int index = -1;
        for (int i = 0; i < copy.size() && index < 0; i++) {
            index = copy.get(i).type().equals(replacement.type()) ? i : -1;
        }
        if (index >= 0) {
            copy.set(index, replacement);
        } else {
            copy.add(0, replacement);
        }
        return new ResourceCatalog(copy);
    }

    /** The row for a type; the first match wins, so exact rows go before prefix rows. */
    public Optional<ResourceType> find(String resourceType) {
        return types.stream().filter(type -> type.matches(resourceType)).findFirst();
    }

    public Emulation emulation(String resourceType) {
        return find(resourceType).map(ResourceType::emulation).orElse(Emulation.UNKNOWN);
    }

    public List<ResourceType> types() {
        return types;
    }

    /** A table's stream ARN; also used for tables created at run time through the local DynamoDB endpoint. */
    public static String tableStreamArn(String partition, String region, String accountId, String tableName) {
        return "arn:" + partition + ":dynamodb:" + region + ":" + accountId + ":table/" + tableName + "/stream/" + STREAM_LABEL;
    }

    private static String secretArn(AttributeContext r) {
        return r.arn("secretsmanager", "secret:" + r.name() + "-" + r.id("secret", 6));
    }

    /** A function's ARN from the {@code FunctionName} property of a version or alias (a name or an ARN). */
    private static String functionArn(AttributeContext r) {
        String function = r.property("FunctionName");
        return function.startsWith("arn:") ? function : r.arn("lambda", "function:" + function);
    }
}
