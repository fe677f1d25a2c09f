package dev.channels.lambdas.payload;

import java.util.Optional;

/**
 * Where JSON bodies go that do not fit (claim check) or must be kept (raw archive): the channel's
 * archive bucket on AWS, a map in tests. Keys come from {@link dev.channels.contract.ArchiveKeys}.
 */
public interface PayloadStore {

    /** Stores the body under the key, replacing what was there (keys are deterministic, so that is the same body). */
    void put(String key, String json);

    /** The body stored under the key, or empty when there is none. */
    Optional<String> get(String key);

    /** Exercises the client before a SnapStart snapshot without writing anything. */
    void prime();
}
