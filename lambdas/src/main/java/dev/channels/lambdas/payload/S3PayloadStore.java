package dev.channels.lambdas.payload;

import dev.channels.contract.ArchiveKeys;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Bodies in the channel's archive bucket. Sends no server-side-encryption headers: the bucket's
 * default encryption applies its KMS key, so the handlers need no key id and no {@code kms:} grant
 * beyond what the bucket's key policy gives the function role through S3.
 *
 * <p>The S3 client is built on first use, not at init: most channels never need it (no raw archive,
 * no body near 400 KB), and an S3 client is the most expensive SDK client to load on a cold start.
 * With SnapStart, {@link #prime()} builds it before the snapshot.
 */
public final class S3PayloadStore implements PayloadStore {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    /** Under the prefix the function may read, but never written: object keys there end in {@code .json}. */
    static final String PRIMING_KEY = ArchiveKeys.PAYLOAD_PREFIX + "priming-probe-never-written";

    private final String bucket;
    private final Supplier<S3Client> factory;
    private S3Client client;

    public S3PayloadStore(String bucket, Supplier<S3Client> factory) {
        this.bucket = bucket;
        this.factory = factory;
    }

    @Override
    public void put(String key, String json) {
        client().putObject(request -> request.bucket(bucket).key(key).contentType(CONTENT_TYPE),
                RequestBody.fromString(json, StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> get(String key) {
        try {
            return Optional.of(client().getObjectAsBytes(request -> request.bucket(bucket).key(key))
                    .asString(StandardCharsets.UTF_8));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** A GET of a key that is never written: 404 (or 403 without list permission), both expected. */
    @Override
    public void prime() {
        try {
            get(PRIMING_KEY);
        } catch (S3Exception expected) {
            // Access denied on a missing key, when the role may not list the bucket: the client is primed all the same.
        }
    }

    private synchronized S3Client client() {
        if (client == null) {
            client = factory.get();
        }
        return client;
    }
}
