package dev.channels.lambdas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    /** The variable's value, or empty when it is missing or blank. */
    public Optional<String> optional(String name) {
        return Optional.ofNullable(optional(name, null));
    }

    /** {@code true} or {@code false} (any case); anything else fails init with the variable's name. */
    public boolean flag(String name, String fallback) {
        String value = optional(name, fallback).trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalStateException("Environment variable " + name
                    + " must be true or false, not '" + value + "'");
        };
    }

    /** A whole number from {@code min} to {@code max}; anything else fails init with the variable's name. */
    public int integer(String name, String fallback, int min, int max) {
        String value = optional(name, fallback).trim();
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Said below, with the variable's name.
        }
        throw new IllegalStateException("Environment variable " + name + " must be a whole number from " + min
                + " to " + max + ", not '" + value + "'");
    }

    /** A comma list, entries trimmed, empty entries dropped; empty when the variable is missing or blank. */
    public List<String> list(String name, String fallback) {
        String value = optional(name, fallback);
        if (value == null) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        return List.copyOf(entries);
    }
}
