package dev.channels.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.channels.constructs.Naming.Kind;
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
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The env's REST API that every channel adds its route to: regional, IAM-authorised, one throttled stage
 * with JSON access logs and traces, a request validator, and the 400 that names what a body got wrong.
 */
final class EnvironmentApi {
    /**
     * The body of API Gateway's 400 for a body the route's model refuses: its own message and the validator's
     * errors, e.g. {@code {"message":"Invalid request body: [object has missing required properties
     * ([\"id\"])]"}}. A gateway response template is not VTL, only variable substitution, so the errors are
     * placed inside a JSON string as is; that API Gateway escapes their quotes there is not checked against AWS
     * (no account here). The local cloud answers the same shape, escaped.
     */
    static final String BAD_REQUEST_BODY_TEMPLATE =
            "{\"message\":\"$context.error.message: $context.error.validationErrorString\"}";

    private final LogGroup accessLogs;
    private final RestApi api;
    private final RequestValidator requestValidator;
    private final GatewayResponse badRequestBody;

    EnvironmentApi(Construct scope, Naming naming, ChannelsEnvironmentProps props, LogGroup accessLogs) {
        this.accessLogs = accessLogs;
        this.api = RestApi.Builder.create(scope, "Api")
                .restApiName(naming.shared(Kind.REST_API, "api"))
                .description("Producers POST objects to the channels of env " + naming.env())
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // The account-wide CloudWatch role is a regional singleton that one env's stack must not own.
                .cloudWatchRole(false)
                .defaultMethodOptions(MethodOptions.builder().authorizationType(AuthorizationType.IAM).build())
                .deployOptions(StageOptions.builder()
                        .stageName(Defaults.STAGE_NAME)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(accessLogFormat())
                        .tracingEnabled(true)
                        // Per-route metrics, so each channel can alarm on its own 5xx.
                        .metricsEnabled(true)
                        .throttlingRateLimit(props.throttleRateLimit())
                        .throttlingBurstLimit(props.throttleBurstLimit())
                        .build())
                .build();
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
        NagChecks.acknowledge(api.getDeploymentStage(), "AwsSolutions-APIG3", "Every route requires SigV4 (AWS_IAM) "
                + "from principals of our own accounts and the stage is throttled; a WAF adds cost but no control "
                + "over already-authenticated IAM principals.");
        NagChecks.acknowledge(api.getDeploymentStage(), "AwsSolutions-APIG6", "Execution logging needs the "
                + "account-wide API Gateway CloudWatch role, a regional singleton that per-env stacks sharing an "
                + "account cannot own; JSON access logs with integration status and error, plus X-Ray traces, cover "
                + "each request.");
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

    LogGroup accessLogs() {
        return accessLogs;
    }

    RestApi api() {
        return api;
    }

    RequestValidator requestValidator() {
        return requestValidator;
    }

    GatewayResponse badRequestBody() {
        return badRequestBody;
    }
}
