package dev.channels.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.support.packages.PackageGraph;
import org.junit.jupiter.api.Test;

/** The command packages use the shared command-line package, never the other way round. */
class PackageCyclesTest {

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        PackageGraph graph = PackageGraph.of(Main.class, "dev.channels.tools");

        assertThat(graph.packages()).as("jdeps found the packages").contains("dev.channels.tools",
                "dev.channels.tools.post", "dev.channels.tools.capacity");
        assertThat(graph.cycles()).as("package cycles").isEmpty();
    }
}
