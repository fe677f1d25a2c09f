package dev.channels.local.api;

import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.iam.Denial;
import dev.channels.local.iam.IamEnforcement;
import dev.channels.local.iam.LocalCredentials;
import dev.channels.local.iam.Permission;
import dev.channels.local.iam.sigv4.SignedRequest;
import dev.channels.local.iam.sigv4.Verification;
import java.util.List;
import java.util.Optional;

/**
 * {@code --api-auth}: an {@code AWS_IAM} method checks its caller as API Gateway does: a SigV4 signature for
 * {@code execute-api}, then {@code execute-api:Invoke} on the method's ARN,
 * {@code arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<METHOD>/<path>}. Refusals are 403s through the
 * API's gateway responses ({@code MISSING_AUTHENTICATION_TOKEN}, {@code INVALID_SIGNATURE}, {@code ACCESS_DENIED}).
 */
final class ApiAuthorization {
    /** The session name the REST API's integration assumes its {@code Credentials} role with, locally. */
    static final String INTEGRATION_SESSION = "apigateway";

    private ApiAuthorization() {
    }

    /** The refusal to send, or empty when the caller may invoke the method. */
    static Optional<GatewayResponses.Answer> check(IamEnforcement iam, RestApi api, String stage, RestApi.Method method,
            HttpExchange exchange, byte[] body, String requestId) {
        SignedRequest request = new SignedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
        Verification verification = iam.verifier("execute-api").verify(request);
        if (verification instanceof Verification.Refused refused) {
            GatewayResponses.Kind kind = refused.failure() == Verification.Failure.MISSING
                    ? GatewayResponses.Kind.MISSING_AUTHENTICATION_TOKEN : GatewayResponses.Kind.INVALID_SIGNATURE;
            String message = refused.failure() == Verification.Failure.MISSING ? "Missing Authentication Token"
                    : refused.failure() == Verification.Failure.BAD_SIGNATURE && refused.message().startsWith("The request signature")
                    ? "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key "
                            + "and signing method. Consult the service documentation for details."
                    : refused.message();
            return Optional.of(api.gatewayResponses().answer(kind, message, "", requestId));
        }
        LocalCredentials.Identity identity = iam.credentials().identity(((Verification.Verified) verification).accessKeyId()).orElseThrow();
        String methodArn = "arn:aws:execute-api:" + iam.region() + ":" + iam.resources().account() + ":" + api.apiId() + "/" + stage + "/"
                + method.httpMethod() + method.path();
        Optional<Denial> denial = iam.authorize(identity.caller(), List.of(Permission.of("execute-api:Invoke", methodArn)));
        return denial.map(denied -> api.gatewayResponses().answer(GatewayResponses.Kind.ACCESS_DENIED, denied.message(), "", requestId));
    }
}
