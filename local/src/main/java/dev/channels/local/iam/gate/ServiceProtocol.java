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

/** One AWS service's side of enforcement: its signing name, what a call needs, and how it says no. */
public interface ServiceProtocol {

    /** The service's SigV4 signing name, e.g. {@code dynamodb}. */
    String signingName();

    /** The permissions the call needs, the call's own action first, then what its resources' encryption implies. */
    List<Permission> permissions(SignedRequest request, StackResources resources, Caller caller);

    /** Answers a request whose signature was refused, as the service does. */
    void refuse(HttpExchange exchange, SignedRequest request, Verification.Refused refused) throws IOException;

    /** Answers a call IAM denied, as the service does (a KMS permission as the service reports KMS's answer). */
    void deny(HttpExchange exchange, SignedRequest request, Denial denial) throws IOException;
}
