package dev.channels.local.service;

import dev.channels.local.assembly.StackArtifact;
import dev.channels.local.iam.IamEnforcement;
import dev.channels.local.template.PseudoParameters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link LocalService} is created from: the stack, where to keep files, the console and clock, and the
 * services registered before it (the foundation's and earlier layers'; their endpoints are known once
 * {@link LocalService#start()} ran, i.e. from {@link LocalService#provision} on).
 */
public final class ServiceContext {
    private final StackArtifact artifact;
    private final PseudoParameters pseudo;
    private final Path workDirectory;
    private final Optional<Path> dataDirectory;
    private final PrintStream console;
    private final Clock clock;
    private final List<LocalService> registered;
    private final IamEnforcement iam;

    /**
     * @param registered the services created so far, in registration order (read at each lookup)
     * @param iam        the local cloud's IAM, bound to the stack once it is resolved (before provision)
     */
    public ServiceContext(StackArtifact artifact, PseudoParameters pseudo, Path workDirectory, Optional<Path> dataDirectory,
            PrintStream console, Clock clock, List<LocalService> registered, IamEnforcement iam) {
        this.artifact = Objects.requireNonNull(artifact, "artifact");
        this.pseudo = Objects.requireNonNull(pseudo, "pseudo");
        this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory");
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        this.console = Objects.requireNonNull(console, "console");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registered = Objects.requireNonNull(registered, "registered");
        this.iam = Objects.requireNonNull(iam, "iam");
    }

    /**
     * IAM of this local cloud: the credentials it knows, the signature verifiers and the policy check. A service
     * puts an {@code iam.gate.ServiceGate} in front of its endpoint; a part acting as a role calls
     * {@link IamEnforcement#authorize} itself.
     */
    public IamEnforcement iam() {
        return iam;
    }

    public StackArtifact artifact() {
        return artifact;
    }

    public PseudoParameters pseudo() {
        return pseudo;
    }

    /** {@code <assembly>/local-cloud}, or the data directory when there is one. */
    public Path workDirectory() {
        return workDirectory;
    }

    /** The {@code --data} directory: state kept between runs. */
    public Optional<Path> dataDirectory() {
        return dataDirectory;
    }

    public PrintStream console() {
        return console;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * A registered service, by class: while a factory runs, one registered before it (a later one is not there
     * yet, and asking for it fails, naming it); from {@link LocalService#provision} on, any.
     */
    public <T extends LocalService> T service(Class<T> type) {
        return registered.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("No " + type.getSimpleName()
                        + " registered before this service: register it first"));
    }

    /**
     * Where datapoints go: the first registered service that is a {@link MetricsSink} (the local CloudWatch), looked
     * up at each datapoint so a service created before it can hold this; {@link MetricsSink#NONE}'s behaviour without one.
     */
    public MetricsSink metrics() {
        return (namespace, name, dimensions, value, unit) -> registered.stream().filter(MetricsSink.class::isInstance)
                .map(MetricsSink.class::cast).findFirst()
                .ifPresent(sink -> sink.put(namespace, name, dimensions, value, unit));
    }
}
