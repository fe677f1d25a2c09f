package dev.channels.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud's JVM started as the README does ({@code java -jar}, no flags) compiles its hot code with C1 only: a
 * method hot enough for C2 is compiled at tier 1 to 3 and never at tier 4 once {@link CloudCompiler#excludeC2()}
 * ran, and {@code -Dchannels.cloud.c2=on} leaves C2 on. Each case runs in a JVM of its own (the directive is for the
 * whole JVM), which prints its compilations ({@code -XX:+PrintCompilation}: the tier is the third column).
 */
class CloudCompilerTest {

    @Test
    void aHotMethodIsNeverCompiledByC2AfterTheDirective(@TempDir Path directory) throws Exception {
        List<String> compilations = run(directory, List.of());

        assertThat(compilations).as("the probe's output").contains(Probe.DIRECTIVE + "true");
        assertThat(tiers(compilations)).as("tiers of %s", Probe.HOT).isNotEmpty().doesNotContain("4");
    }

    @Test
    void theSystemPropertyLeavesC2On(@TempDir Path directory) throws Exception {
        List<String> compilations = run(directory, List.of("-D" + CloudCompiler.KEEP_C2_PROPERTY + "=on"));

        assertThat(compilations).as("the probe's output").contains(Probe.DIRECTIVE + "false");
        assertThat(tiers(compilations)).as("tiers of %s", Probe.HOT).contains("4");
    }

    private static List<String> run(Path directory, List<String> properties) throws IOException, InterruptedException {
        Path log = directory.resolve("probe.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+PrintCompilation"));
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the probe ends").isTrue();
            assertThat(process.exitValue()).as("the probe's exit code: %s", Files.readString(log)).isZero();
            return Files.readAllLines(log);
        } finally {
            process.destroyForcibly();
        }
    }

    /** The tiers the hot method was compiled at, e.g. 3 then 4; the OSR compilations ({@code %}) too. */
    private static List<String> tiers(List<String> compilations) {
        return compilations.stream()
                // compilations only: "made not compilable on level 4 <method>" is the directive at work, not one
                .filter(line -> line.contains(Probe.HOT + " ") && !line.contains("not compilable"))
                .map(line -> line.trim().split("\\s+"))
                // "<ms> <id> <flags...> <tier> <method> (<size> bytes)": the tier is the token before the method
                .map(fields -> {
                    for (int i = 1; i < fields.length; i++) {
                        if (fields[i].startsWith(Probe.HOT)) {
                            return fields[i - 1];
                        }
                    }
                    return "?";
                })
                .toList();
    }

    /** Adds the directive as Main does, then runs one method long enough for C2 to want it. */
    public static final class Probe {
        static final String DIRECTIVE = "probe: directive in force: ";
        static final String HOT = "dev.channels.local.CloudCompilerTest$Probe::spin";

        public static void main(String[] args) {
            System.out.println(DIRECTIVE + CloudCompiler.excludeC2());
            long sum = 0;
            for (int i = 0; i < 200_000; i++) {
                sum += spin(i);
            }
            System.out.println("probe: " + sum);
        }

        static long spin(int seed) {
            long value = seed;
            for (int i = 0; i < 100; i++) {
                value = value * 31 + (value >>> 7) + i;
            }
            return value;
        }
    }
}
