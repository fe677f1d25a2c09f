package dev.channels.lambdas;

import java.util.Map;

/**
 * The environment variables a handler reads at init. A record over a plain map so tests can hand a
 * handler exactly the environment they mean, without touching the process environment.
 */
public record EnvVars(Map<String, String> values) {

    public EnvVars {
        values = Map.copyOf(values);
    }

    public static EnvVars system() {
        return new EnvVars(System.getenv());
    }

    /** The variable's value; a missing or blank one fails init with the variable's name. */
    public String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Missing environment variable " + name
                    + ": the Channel construct sets it on the function; set it when running a handler by hand");
        }
        return value;
    }

    public String optional(String name, String fallback) {
        String value = values.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
