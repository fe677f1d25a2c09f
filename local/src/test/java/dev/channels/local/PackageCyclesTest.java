package dev.channels.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packages of the local cloud depend on each other in one direction only: the JDK's jdeps reads the
 * compiled classes, and any package that can reach itself again is a cycle, printed as a path.
 */
class PackageCyclesTest {
    private static final String ROOT = "dev.channels.local";
    private static final Pattern EDGE = Pattern.compile("^\\s*(" + Pattern.quote(ROOT) + "[\\w.]*)\\s+->\\s+("
            + Pattern.quote(ROOT) + "[\\w.]*)\\s");

    @Test
    void noPackageDependsOnItselfThroughOthers() throws URISyntaxException {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph).as("jdeps found the packages").containsKeys(ROOT, ROOT + ".lambda", ROOT + ".esm");

        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            List<String> path = pathBack(graph, start);
            if (!path.isEmpty()) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void theFunctionBootstrapUsesNoOtherPackageOfTheLocalCloud() throws URISyntaxException {
        assertThat(packageGraph().getOrDefault(ROOT + ".lambda.bootstrap", Set.of())).isEmpty();
    }

    /** Package to the packages of this module it uses (itself excluded), from {@code jdeps -verbose:package}. */
    private static Map<String, Set<String>> packageGraph() throws URISyntaxException {
        Path classes = Path.of(LocalCloud.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "-e", Pattern.quote(ROOT) + ".*", classes.toString());
        assertThat(status).as("jdeps: " + err).isZero();

        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find()) {
                Set<String> targets = graph.computeIfAbsent(edge.group(1), key -> new TreeSet<>());
                if (!edge.group(1).equals(edge.group(2))) {
                    targets.add(edge.group(2));
                }
            }
        }
        return graph;
    }

    /** A path {@code start -> ... -> start}, or empty when {@code start} cannot reach itself. */
    private static List<String> pathBack(Map<String, Set<String>> graph, String start) {
        Map<String, String> cameFrom = new TreeMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String at = queue.removeFirst();
            for (String next : graph.getOrDefault(at, Set.of())) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String step = at; !step.equals(start); step = cameFrom.get(step)) {
                        path.add(1, step);
                    }
                    path.add(start);
                    return path;
                }
                if (!cameFrom.containsKey(next)) {
                    cameFrom.put(next, at);
                    queue.addLast(next);
                }
            }
        }
        return List.of();
    }
}
