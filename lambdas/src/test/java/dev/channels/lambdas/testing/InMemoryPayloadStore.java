package dev.channels.lambdas.testing;

import dev.channels.lambdas.payload.PayloadStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The archive bucket as a sorted map, for handler tests; the S3 implementation has its own test. */
public final class InMemoryPayloadStore implements PayloadStore {
    private final Map<String, String> objects = new TreeMap<>();
    private final AtomicInteger primes = new AtomicInteger();
    private RuntimeException failPuts;

    @Override
    public synchronized void put(String key, String json) {
        if (failPuts != null) {
            throw failPuts;
        }
        objects.put(key, json);
    }

    @Override
    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    @Override
    public void prime() {
        primes.incrementAndGet();
    }

    /** Every stored object, by key. */
    public synchronized Map<String, String> objects() {
        return Map.copyOf(objects);
    }

    public synchronized void delete(String key) {
        objects.remove(key);
    }

    /** From now on every put throws this. */
    public synchronized void failPutsWith(RuntimeException failure) {
        failPuts = failure;
    }

    public int primes() {
        return primes.get();
    }
}
