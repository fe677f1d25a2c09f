package dev.channels.tools.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The tools' command-line flags: {@code --name value} pairs and bare {@code --switch}es, each command
 * naming the ones it knows; a wrong argument becomes that command's own usage exception.
 */
public final class Flags {
    private Flags() {
    }

    /**
     * The value of every flag given, by name ({@code "true"} for a switch); a flag without its value, an
     * unknown flag or a stray argument is refused through {@code usage}.
     */
    public static <E extends Exception> Map<String, String> parse(String[] args, Set<String> valued,
            Set<String> switches, Function<String, E> usage) throws E {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (switches.contains(flag)) {
                flags.put(flag, "true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw usage.apply(flag.startsWith("--") ? flag + " needs a value" : "unexpected argument '" + flag + "'");
            }
            if (!valued.contains(flag)) {
                throw usage.apply("unknown flag '" + flag + "'");
            }
            flags.put(flag, args[++i]);
        }
        return flags;
    }
}
