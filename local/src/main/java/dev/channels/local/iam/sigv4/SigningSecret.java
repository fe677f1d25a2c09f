package dev.channels.local.iam.sigv4;

import java.util.Objects;
import java.util.Optional;

/**
 * What the verifier needs to know about an access key: its secret, and the session token a temporary key must be
 * sent with.
 */
public record SigningSecret(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
    public SigningSecret {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
    }

    @Override
    public String toString() { // never the secret or the token, wherever this ends up
        return "SigningSecret[" + accessKeyId + "]";
    }
}
