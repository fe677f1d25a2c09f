package dev.channels.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.lambdas.ingest.IngestHandler;
import dev.channels.support.packages.PackageGraph;
import org.junit.jupiter.api.Test;

/** The handlers' packages depend on each other in one direction only. */
class PackageCyclesTest {

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        PackageGraph graph = PackageGraph.of(IngestHandler.class, "dev.channels.lambdas");

        assertThat(graph.packages()).as("jdeps found the packages").contains("dev.channels.lambdas.ingest",
                "dev.channels.lambdas.notify", "dev.channels.lambdas.observe");
        assertThat(graph.cycles()).as("package cycles").isEmpty();
    }
}
