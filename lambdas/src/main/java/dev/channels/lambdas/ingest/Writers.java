package dev.channels.lambdas.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The threads a batch's writes run on: with one writer, the invocation's own thread; with more, a fixed pool built
 * once per execution environment, whose daemon threads wait between invocations (and, with SnapStart, are in the
 * snapshot). Plain platform threads and the SDK's blocking client: a handful of writes in flight need nothing
 * more (docs/design/ingest-concurrency.md has the measurements).
 */
final class Writers {
    /** Null with one writer. */
    private final ThreadPoolExecutor pool;
    /**
     * False until priming or a first batch has run the write path. Its first run in a JVM loads and links the
     * code, and five threads doing that at once cost more CPU than the waits they overlap (measured: about
     * 0.09 s more for a fresh JVM's first batch of 10, for no gain in wall time), so until then the tasks run
     * on the caller's thread.
     */
    private volatile boolean warm;

    Writers(int writers) {
        AtomicInteger created = new AtomicInteger();
        this.pool = writers == 1 ? null : new ThreadPoolExecutor(writers, writers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "ingest-writer-" + created.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * {@code work} applied to every task, as many at a time as there are writers (one after the other on the
     * caller's thread before the write path is warm); the results in the tasks' order. Returns once every task
     * is done, so nothing of this invocation runs after it. If {@code work} threw, that is rethrown here (the
     * first, in the tasks' order), as if it had run on the caller's thread.
     */
    <T, R> List<R> map(List<T> tasks, Function<T, R> work) {
        List<R> results = new ArrayList<>();
        if (pool == null || tasks.size() == 1 || !warm) {
            for (T task : tasks) {
                results.add(work.apply(task));
            }
            warm = true;
            return results;
        }
        List<Future<R>> running = new ArrayList<>();
        for (T task : tasks) {
            running.add(pool.submit(() -> work.apply(task)));
        }
        Throwable thrown = null;
        for (Future<R> result : running) {
            try {
                results.add(await(result));
            } catch (ExecutionException e) {
                thrown = thrown == null ? e.getCause() : thrown;
            }
        }
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        return results;
    }

    /**
     * For SnapStart priming, after the write path ran on the caller's thread: every writer thread started and
     * a handful of no-op tasks run on them; the first batch after a restore is written concurrently.
     */
    void prime() {
        if (pool != null) {
            pool.prestartAllCoreThreads();
            warm = true;
            map(List.of(1, 2), task -> task);
        }
    }

    private static <R> R await(Future<R> result) throws ExecutionException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            // Lambda never interrupts a handler's thread.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the batch's writes ran", e);
        }
    }
}
