package dev.channels.local.iam;

import dev.channels.local.iam.sigv4.SigningSecret;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access keys this local cloud knows, and who each one is. The operator's key, {@code local} / {@code local}
 * (what the README, the tests and the tools have always used), is the account root. Every function gets a session
 * of its execution role per run (an {@code ASIA...} key, a secret and a session token, as Lambda hands them out);
 * with API auth on, producers get a key of their own. Any other key is unknown, as on AWS.
 */
public final class LocalCredentials {
    public static final String OPERATOR_KEY_ID = "local";
    public static final String OPERATOR_SECRET = "local";
    private static final char[] KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /** An access key and whose it is. */
    public record Identity(SigningSecret secret, Caller caller) {
        public Identity {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(caller, "caller");
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final String account;
    private final Map<String, Identity> byKeyId = new ConcurrentHashMap<>();

    public LocalCredentials(String account) {
        this.account = Objects.requireNonNull(account, "account");
        byKeyId.put(OPERATOR_KEY_ID, new Identity(new SigningSecret(OPERATOR_KEY_ID, OPERATOR_SECRET, Optional.empty()),
                Caller.accountRoot(account)));
    }

    public Optional<Identity> identity(String accessKeyId) {
        return Optional.ofNullable(byKeyId.get(accessKeyId));
    }

    public Optional<SigningSecret> secret(String accessKeyId) {
        return identity(accessKeyId).map(Identity::secret);
    }

    /** New temporary credentials of a role's session, e.g. a function's for this run. */
    public Identity issueSession(String roleArn, String sessionName) {
        return register(new Identity(new SigningSecret("ASIA" + randomKeyChars(), randomSecret(),
                Optional.of(Base64.getEncoder().encodeToString(randomBytes(96)))), Caller.roleSession(roleArn, sessionName)));
    }

    /** A long-term key of the account (no session token): the local producer's, with API auth on. */
    public Identity issueAccountKey() {
        return register(new Identity(new SigningSecret("AKIA" + randomKeyChars(), randomSecret(), Optional.empty()),
                Caller.accountRoot(account)));
    }

    private Identity register(Identity identity) {
        byKeyId.put(identity.secret().accessKeyId(), identity);
        return identity;
    }

    private String randomKeyChars() {
        StringBuilder out = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            out.append(KEY_ALPHABET[random.nextInt(KEY_ALPHABET.length)]);
        }
        return out.toString();
    }

    private String randomSecret() {
        return Base64.getEncoder().encodeToString(randomBytes(30)); // 40 characters, like AWS's
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
