package dev.channels.local.iam.gate;

import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.iam.Caller;
import dev.channels.local.iam.Denial;
import dev.channels.local.iam.Permission;
import dev.channels.local.iam.StackResources;
import dev.channels.local.iam.sigv4.SignedRequest;
import dev.channels.local.iam.sigv4.Verification;
import java.io.IOException;
import java.util.List;

/**
 * CloudWatch in AWS JSON 1.0 ({@code X-Amz-Target: GraniteServiceVersion20100801.<Action>}, signing name
 * {@code monitoring}): {@code cloudwatch:<Action>} on {@code *}, as the actions the local CloudWatch serves (metric
 * reads and writes, alarm descriptions and state, dashboards) take no resource-level permission there except alarm
 * and dashboard ARNs, which no policy of the template names.
 */
public final class CloudWatchProtocol implements ServiceProtocol {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    @Override
    public String signingName() {
        return "monitoring";
    }

    @Override
    public List<Permission> permissions(SignedRequest request, StackResources resources, Caller caller) {
        String target = request.header("x-amz-target").orElse("");
        return List.of(Permission.of("cloudwatch:" + target.substring(target.indexOf('.') + 1), "*"));
    }

    @Override
    public void refuse(HttpExchange exchange, SignedRequest request, Verification.Refused refused) throws IOException {
        JsonErrors.send(exchange, CONTENT_TYPE, 400, JsonErrors.authenticationType(refused.failure()), refused.message());
    }

    @Override
    public void deny(HttpExchange exchange, SignedRequest request, Denial denial) throws IOException {
        JsonErrors.send(exchange, CONTENT_TYPE, 400, "AccessDeniedException", denial.message());
    }
}
