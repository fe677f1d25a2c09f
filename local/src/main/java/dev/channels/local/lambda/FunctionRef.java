package dev.channels.local.lambda;

import java.util.Optional;

/**
 * A function as callers name it: {@code name}, {@code name:qualifier}, {@code 123456789012:function:name[:qualifier]}
 * or {@code arn:aws:lambda:region:account:function:name[:qualifier]}.
 */
public record FunctionRef(String name, Optional<String> qualifier) {

    public static FunctionRef parse(String nameOrArn) {
        String[] parts = nameOrArn.split(":");
        if (nameOrArn.startsWith("arn:")) {
            if (parts.length < 7 || !parts[5].equals("function")) {
                throw new IllegalArgumentException("Not a function ARN: " + nameOrArn);
            }
            return new FunctionRef(parts[6], parts.length > 7 ? Optional.of(parts[7]) : Optional.empty());
        }
        if (parts.length >= 3 && parts[1].equals("function")) {
            return new FunctionRef(parts[2], parts.length > 3 ? Optional.of(parts[3]) : Optional.empty());
        }
        if (parts.length == 2) {
            return new FunctionRef(parts[0], Optional.of(parts[1]));
        }
        if (parts.length == 1 && !nameOrArn.isEmpty()) {
            return new FunctionRef(nameOrArn, Optional.empty());
        }
        throw new IllegalArgumentException("Not a function name or ARN: " + nameOrArn);
    }
}
