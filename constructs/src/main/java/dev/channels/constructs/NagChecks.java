package dev.channels.constructs;

import java.util.ArrayList;
import java.util.List;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPack;
import io.github.cdklabs.cdknag.ServerlessChecks;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.PolicyViolatingResource;
import software.amazon.awscdk.PolicyViolation;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

/**
 * The cdk-nag packs every environment must pass: AwsSolutions and Serverless. Warnings count as
 * findings too; a finding is either fixed or acknowledged with a reason next to the resource.
 */
public final class NagChecks {

    private NagChecks() {
    }

    /** Registers both packs as policy-validation plugins, so synth fails on any unacknowledged finding. */
    public static void addTo(App app) {
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
    }

    /** Acknowledges {@code ruleId} on {@code scope}, with the reason a reviewer reads next to the resource. */
    static void acknowledge(IConstruct scope, String ruleId, String reason) {
        Validations.of(scope).acknowledge(Acknowledgment.builder().id(ruleId).reason(reason).build());
    }

    /**
     * Runs both packs over {@code scope} now and lists each unacknowledged finding as
     * {@code "<severity> <rule id> at <construct path>: <description>"}; synthesize first, so that
     * everything added during synthesis is checked too.
     */
    public static List<String> findings(IConstruct scope) {
        List<String> findings = new ArrayList<>();
        for (NagPack pack : List.of(new AwsSolutionsChecks(), new ServerlessChecks())) {
            for (PolicyViolation violation : pack.validateScope(scope).getViolations()) {
                for (PolicyViolatingResource resource : violation.getViolatingResources()) {
                    findings.add(violation.getSeverity() + " " + violation.getRuleName() + " at "
                            + resource.getConstructPath() + ": " + violation.getDescription());
                }
            }
        }
        return findings;
    }
}
