package dev.channels.support.packages;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * Which packages of one module use which, read by the JDK's jdeps from the compiled classes, so a test can
 * prove the module's packages depend on each other in one direction only.
 */
public final class PackageGraph {
    private final Map<String, Set<String>> uses;

    private PackageGraph(Map<String, Set<String>> uses) {
        this.uses = uses;
    }

    /** The packages under {@code root} in the classes folder (or jar) that holds {@code member}. */
    public static PackageGraph of(Class<?> member, String root) {
        Path classes;
        try {
            classes = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no location for " + member, e);
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "-e", Pattern.quote(root) + ".*", classes.toString());
        if (status != 0) {
            throw new IllegalStateException("jdeps failed (" + status + "): " + err);
        }
        Pattern edgePattern = Pattern.compile("^\\s*(" + Pattern.quote(root) + "[\\w.]*)\\s+->\\s+("
                + Pattern.quote(root) + "[\\w.]*)\\s");
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher edge = edgePattern.matcher(line);
            if (edge.find()) {
                Set<String> targets = uses.computeIfAbsent(edge.group(1), key -> new TreeSet<>());
                if (!edge.group(1).equals(edge.group(2))) {
                    targets.add(edge.group(2));
                }
            }
        }
        return new PackageGraph(uses);
    }

    /** Every package jdeps saw using one of the module's packages (itself included). */
    public Set<String> packages() {
        return uses.keySet();
    }

    /** The other packages of the module that {@code pkg} uses. */
    public Set<String> uses(String pkg) {
        return uses.getOrDefault(pkg, Set.of());
    }

    /** Each cycle as {@code a -> b -> a}, one per package that can reach itself again; empty when there is none. */
    public List<String> cycles() {
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            List<String> path = pathBack(start);
            if (!path.isEmpty()) {
                cycles.add(String.join(" -> ", path));
            }
        }
        return cycles;
    }

    /** A path {@code start -> ... -> start}, or empty when {@code start} cannot reach itself. */
    private List<String> pathBack(String start) {
        Map<String, String> cameFrom = new TreeMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String at = queue.removeFirst();
            for (String next : uses(at)) {
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
