package dev.channels.local.iam;

import dev.channels.local.iam.sigv4.SigV4Verifier;
import dev.channels.local.text.TerminalText;
import dev.channels.local.template.ResolvedStack;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IAM in a running local cloud: the credentials it knows, a SigV4 verifier per service, and the one place every
 * call's permissions are checked ({@link #authorize}), by the service endpoints (for signed requests) and by the
 * local cloud's own parts acting as a role (event source mappings, the REST API's integration). A new local service
 * checks its calls here too: verify with {@link #verifier}, map the call to {@link Permission}s, {@link #authorize}.
 *
 * <p>With enforcement {@link Mode#OFF} (only to measure what it costs) nothing is verified or checked, and any
 * credentials are accepted, as before IAM was enforced.
 */
public final class IamEnforcement {
    public enum Mode { ON, OFF }

    private final Mode mode;
    private final boolean apiAuth;
    private final EvaluatorFactory evaluators;
    private final PrintStream console;
    private final Clock clock;
    private final String region;
    private final LocalCredentials credentials;
    private final Map<String, SigV4Verifier> verifiers = new ConcurrentHashMap<>();
    private volatile AccessEvaluator evaluator;
    private volatile StackResources resources;
    private volatile LocalCredentials.Identity producer;

    public IamEnforcement(Mode mode, boolean apiAuth, EvaluatorFactory evaluators, String region, String account,
            PrintStream console, Clock clock) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.apiAuth = apiAuth;
        this.evaluators = Objects.requireNonNull(evaluators, "evaluators");
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = new LocalCredentials(account);
        this.console = Objects.requireNonNull(console, "console");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Evaluates the stack's policies from now on; reports what the template uses that is not supported. */
    public void bind(ResolvedStack stack) {
        resources = StackResources.of(stack);
        if (mode == Mode.ON) {
            List<String> unsupported = new ArrayList<>();
            evaluator = evaluators.create(stack, unsupported::add);
            unsupported.forEach(what -> console.println("iam: not supported, never treated as true: " + TerminalText.escape(what)));
        }
        if (apiAuth) {
            producer = credentials.issueAccountKey();
        }
    }

    public boolean enforced() {
        return mode == Mode.ON;
    }

    public boolean apiAuth() {
        return apiAuth;
    }

    public LocalCredentials credentials() {
        return credentials;
    }

    public StackResources resources() {
        return Objects.requireNonNull(resources, "IAM is bound to the stack once it is resolved");
    }

    public String region() {
        return region;
    }

    /** The local producer's key (API auth on), written to {@code local-endpoints.json} and printed at start. */
    public Optional<LocalCredentials.Identity> producer() {
        return Optional.ofNullable(producer);
    }

    /** The verifier of one service's signing name ({@code dynamodb}, {@code sqs}, {@code s3}, ...). */
    public SigV4Verifier verifier(String signingName) {
        return verifiers.computeIfAbsent(signingName, name -> new SigV4Verifier(region, name, credentials::secret, clock));
    }

    /** The session of a function's execution role for this run: its credentials go into the function's environment. */
    public LocalCredentials.Identity functionSession(String functionName, String roleArn) {
        return credentials.issueSession(roleArn, functionName);
    }

    /**
     * The first permission the caller lacks, logged on the console in one line; empty when it has them all (or
     * enforcement is off). Checked in order, as the service would: the call's own action before its key's.
     */
    public Optional<Denial> authorize(Caller caller, List<Permission> permissions) {
        if (mode == Mode.OFF) {
            return Optional.empty();
        }
        AccessEvaluator current = Objects.requireNonNull(evaluator, "IAM is bound to the stack once it is resolved");
        for (Permission permission : permissions) {
            Map<String, List<String>> context = new LinkedHashMap<>(permission.context());
            // Local endpoints are plain HTTP on loopback standing for AWS's TLS endpoints (docs/design/local-iam.md).
            context.putIfAbsent("aws:SecureTransport", List.of("true"));
            context.putIfAbsent("aws:PrincipalArn", List.of(caller.principal().arn()));
            context.putIfAbsent("aws:PrincipalAccount", List.of(caller.principal().account()));
            context.putIfAbsent("aws:RequestedRegion", List.of(region));
            AccessDecision decision = current.evaluate(new AccessRequest(caller.principal(), permission.action(),
                    permission.resourceArn(), context));
            if (!decision.allowed()) {
                Denial denial = new Denial(caller, permission, decision);
                console.println("iam: denied " + TerminalText.escape(denial.message()) + " [" + TerminalText.escape(decision.reason()) + "]");
                return Optional.of(denial);
            }
        }
        return Optional.empty();
    }
}
