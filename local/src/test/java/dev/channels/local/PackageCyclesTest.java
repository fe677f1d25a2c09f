package dev.channels.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.support.packages.PackageGraph;
import org.junit.jupiter.api.Test;

/** The packages of the local cloud depend on each other in one direction only. */
class PackageCyclesTest {
    private static final String ROOT = "dev.channels.local";

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        PackageGraph graph = PackageGraph.of(LocalCloud.class, ROOT);

        assertThat(graph.packages()).as("jdeps found the packages").contains(ROOT, ROOT + ".lambda", ROOT + ".esm");
        assertThat(graph.cycles()).as("package cycles").isEmpty();
    }

    @Test
    void theFunctionBootstrapUsesNoOtherPackageOfTheLocalCloud() {
        assertThat(PackageGraph.of(LocalCloud.class, ROOT).uses(ROOT + ".lambda.bootstrap")).isEmpty();
    }
}
