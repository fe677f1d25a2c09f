package dev.channels.local.template;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.assembly.Asset;
import dev.channels.local.assembly.StackArtifact;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.template.Intrinsics;
import dev.channels.local.template.LocalAddresses;
import dev.channels.local.template.PseudoParameters;
import dev.channels.local.template.ResolveException;
import dev.channels.local.template.Template;
import dev.channels.local.template.TemplateResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stack of the assembly as the local cloud runs it: its template, the catalog and the resolver with the
 * local account, region and addresses. What a {@link LocalService} reads to create its resources.
 */
public final class ResolvedStack {
    private final StackArtifact artifact;
    private final Template template;
    private final ResourceCatalog catalog;
    private final Intrinsics intrinsics;

    private ResolvedStack(StackArtifact artifact, Template template, ResourceCatalog catalog, Intrinsics intrinsics) {
        this.artifact = artifact;
        this.template = template;
        this.catalog = catalog;
        this.intrinsics = intrinsics;
    }

    /**
     * @param parameters values for the template's {@code Parameters}; the others take their {@code Default}
     */
    public static ResolvedStack of(StackArtifact artifact, ResourceCatalog catalog, LocalAddresses addresses,
            Map<String, String> parameters) {
        Template template = Template.of(artifact.template());
        PseudoParameters pseudo = PseudoParameters.of(artifact.account(), artifact.region(), artifact.stackName());
        return new ResolvedStack(artifact, template, catalog, new Intrinsics(template, pseudo, catalog, addresses, parameters));
    }

    public StackArtifact artifact() {
        return artifact;
    }

    public String stackName() {
        return artifact.stackName();
    }

    public Template template() {
        return template;
    }

    public ResourceCatalog catalog() {
        return catalog;
    }

    public Intrinsics intrinsics() {
        return intrinsics;
    }

    public PseudoParameters pseudo() {
        return intrinsics.pseudo();
    }

    /** The created resources of a type (those whose condition, if any, is true), in template order. */
    public List<TemplateResource> resources(String type) {
        return template.resourcesOfType(type).stream().filter(intrinsics::isActive).toList();
    }

    public TemplateResource resource(String logicalId) {
        return template.resource(logicalId).orElseThrow(() -> new IllegalArgumentException(
                "No resource " + logicalId + " in stack " + stackName()));
    }

    /** The resource's properties with every intrinsic resolved; fails with the property path. */
    public ObjectNode properties(TemplateResource resource) {
        return intrinsics.properties(resource);
    }

    public String ref(String logicalId) {
        return intrinsics.ref(logicalId, logicalId);
    }

    public String getAtt(String logicalId, String attribute) {
        return intrinsics.getAtt(logicalId, attribute, logicalId + "." + attribute);
    }

    public String physicalName(String logicalId) {
        return intrinsics.physicalName(logicalId);
    }

    /** The asset a Lambda function's {@code Code} points at (its jar, or a directory CDK would zip). */
    public Asset codeAsset(TemplateResource function) {
        ObjectNode properties = properties(function);
        Optional<Asset> asset = artifact.assetForCode(properties.path("Code"));
        return asset.orElseThrow(() -> new ResolveException(function.logicalId() + ".Properties.Code",
                "no asset of the assembly has S3Key " + properties.path("Code").path("S3Key")
                        + " (inline ZipFile and ImageUri code are not supported)"));
    }
}
