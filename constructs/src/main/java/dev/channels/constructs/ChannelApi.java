package dev.channels.constructs;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.services.apigateway.AuthorizationType;
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
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * A channel's route on the env's REST API: {@code POST /<channel-kebab>}, IAM-authorised, validated against
 * the channel's model ({@link RequestSchema}), sent straight to the inbox by API Gateway's own role, with
 * response templates that never answer 2xx unless SQS took the message.
 */
final class ChannelApi {
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

    private final Construct scope;
    private final ChannelsEnvironment environment;
    private final ChannelProps props;
    private final String kebab;
    private final Queue inbox;
    private final Role apiRole;
    private final Resource route;
    private final Method postMethod;

    ChannelApi(Construct scope, ChannelsEnvironment environment, ChannelProps props, Queue inbox) {
        this.scope = scope;
        this.environment = environment;
        this.props = props;
        this.kebab = Naming.kebab(props.name());
        this.inbox = inbox;
        this.apiRole = createApiRole();
        this.route = new Resource(scope, "Route", ResourceProps.builder()
                .parent(environment.api().getRoot())
                .pathPart(kebab)
                .build());
        this.postMethod = createPostMethod();
        NagChecks.acknowledge(postMethod, "AwsSolutions-COG4", "Producers are services and scripts holding IAM "
                + "credentials, not users of a Cognito user pool; the route requires SigV4 (AWS_IAM).");
    }

    /** API Gateway's own role for the direct integration: it may send to this inbox and nothing else. */
    private Role createApiRole() {
        Role role = Role.Builder.create(scope, "ApiRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("Lets POST /" + kebab + " of env " + environment.naming().env()
                        + " send to its inbox queue")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(inbox.getQueueArn()))
                .build());
        environment.grantKeyVia(role, "sqs", "kms:Decrypt", "kms:GenerateDataKey");
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
                .requestModels(Map.of("application/json", new Model(scope, "RequestModel", ModelProps.builder()
                        .restApi(environment.api())
                        .modelName(props.name() + "Request")
                        .contentType("application/json")
                        .schema(RequestSchema.of(props))
                        .build())));
        return new Method(scope, "Post", MethodProps.builder()
                .resource(route)
                .httpMethod("POST")
                .integration(integration)
                .options(options.build())
                .build());
    }

    Role apiRole() {
        return apiRole;
    }

    Resource route() {
        return route;
    }

    Method postMethod() {
        return postMethod;
    }
}
