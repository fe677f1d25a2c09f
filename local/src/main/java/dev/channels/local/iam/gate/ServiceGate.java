package dev.channels.local.iam.gate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.channels.local.iam.Denial;
import dev.channels.local.iam.IamEnforcement;
import dev.channels.local.iam.LocalCredentials;
import dev.channels.local.iam.sigv4.SignedRequest;
import dev.channels.local.iam.sigv4.Verification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * In front of a local service's handler: verifies the request's signature, maps the call to the permissions it
 * needs, has IAM check them for the signer, and only then hands the request (its body restored) to the service.
 * With enforcement off it hands every request straight on.
 */
public final class ServiceGate implements HttpHandler {
    private final IamEnforcement iam;
    private final ServiceProtocol protocol;
    private final HttpHandler service;

    private ServiceGate(IamEnforcement iam, ServiceProtocol protocol, HttpHandler service) {
        this.iam = Objects.requireNonNull(iam, "iam");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.service = Objects.requireNonNull(service, "service");
    }

    /** Wraps a service's handler: what a service is given to put in front of its own. */
    public static UnaryOperator<HttpHandler> of(IamEnforcement iam, ServiceProtocol protocol) {
        return service -> iam.enforced() ? new ServiceGate(iam, protocol, service) : service;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        SignedRequest request = new SignedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
        Verification verification = iam.verifier(protocol.signingName()).verify(request);
        if (verification instanceof Verification.Refused refused) {
            protocol.refuse(exchange, request, refused);
            return;
        }
        String keyId = ((Verification.Verified) verification).accessKeyId();
        LocalCredentials.Identity identity = iam.credentials().identity(keyId).orElseThrow();
        Optional<Denial> denial = iam.authorize(identity.caller(), protocol.permissions(request, iam.resources(), identity.caller()));
        if (denial.isPresent()) {
            protocol.deny(exchange, request, denial.get());
            return;
        }
        exchange.setStreams(new ByteArrayInputStream(body), null);
        service.handle(exchange);
    }
}
