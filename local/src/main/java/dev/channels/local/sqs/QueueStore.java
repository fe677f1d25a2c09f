package dev.channels.local.sqs;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.collection.immutable.List$;
import scala.util.Either;
import scalikejdbc.ConnectionPool$;

/**
 * ElasticMQ's own message persistence (its SQL store, an H2 database in a directory): every queue, message,
 * receive count and visibility deadline is written as it changes, and {@link #restore()} brings them back
 * before the template's queues are provisioned, so a restarted local cloud redelivers what it had not
 * finished, with the same message ids and sent timestamps.
 *
 * <p>ElasticMQ reaches its database through scalikejdbc's JVM-wide default connection pool, so one JVM runs
 * at most one open store at a time; a second gets a clear error instead of sharing the first one's data.
 */
final class QueueStore implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicReference<Path> OPEN = new AtomicReference<>();

    private final Path directory;
    private final ActorRef persistence;
    private final ActorRef queueManager;

    private QueueStore(Path directory, ActorRef persistence, ActorRef queueManager) {
        this.directory = directory;
        this.persistence = persistence;
        this.queueManager = queueManager;
    }

    /**
     * Opens (or creates) the store in {@code directory}, its actors in {@code system} (which the caller
     * terminates after {@link #close()}); fails when this JVM has another store open.
     */
    static QueueStore open(Path directory, ActorSystem system) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (!OPEN.compareAndSet(null, absolute)) {
            throw new IllegalStateException("Cannot keep queues in " + absolute + ": this JVM already keeps them in "
                    + OPEN.get() + " (ElasticMQ's message store is one per JVM); run one persisted local cloud per JVM");
        }
        try {
            // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook must not close the database before ours has
            // stopped ElasticMQ, or the last deletes of a Ctrl-C would be lost.
            String uri = "jdbc:h2:file:" + absolute.resolve("elasticmq") + ";DB_CLOSE_ON_EXIT=FALSE";
            checkNotInUse(absolute, uri);
            pointConnectionPoolAt(uri);
            SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", uri, "sa", "", false);
            ActorRef persistence = system.actorOf(Props.create(SqlQueuePersistenceActor.class, config, List$.MODULE$.empty()));
            ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class, new NowProvider(),
                    StrictSQSLimits$.MODULE$, Option.apply(persistence)));
            return new QueueStore(absolute, persistence, manager);
        } catch (RuntimeException e) {
            closeConnectionPool();
            OPEN.set(null);
            throw new IllegalStateException("Cannot open the queue store in " + absolute + ": " + e.getMessage(), e);
        }
    }

    ActorRef queueManager() {
        return queueManager;
    }

    ActorRef eventListener() {
        return persistence;
    }

    /** Recreates the kept queues with their messages; call once, before creating any queue. */
    void restore() {
        Object reply;
        try {
            reply = Patterns.ask(persistence, new QueueEvent.Restore(queueManager), TIMEOUT)
                    .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while restoring the queues kept in " + directory, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot restore the queues kept in " + directory + " (is another local cloud "
                    + "using this data directory?): " + rootMessage(e), e);
        }
        if (reply instanceof Either<?, ?> either && either.isLeft()) {
            throw new IllegalStateException("Cannot restore the queues kept in " + directory + ": " + either.left().get());
        }
    }

    /**
     * Closes the database, which flushes it; call after ElasticMQ's HTTP server has stopped, so no message
     * changes after.
     */
    @Override
    public void close() {
        persistence.tell(org.apache.pekko.actor.PoisonPill.getInstance(), ActorRef.noSender());
        closeConnectionPool();
        OPEN.compareAndSet(directory, null);
    }

    /** Fails fast, with a clear message, when another process (another local cloud) has the database open. */
    private static void checkNotInUse(Path directory, String uri) {
        try (Connection connection = DriverManager.getConnection(uri, "sa", "")) {
            connection.isValid(1);
        } catch (SQLException e) {
            throw new IllegalStateException(directory + " is in use (by another local cloud?) or not a queue store: "
                    + e.getMessage(), e);
        }
    }

    /**
     * ElasticMQ sets scalikejdbc's default pool only on the first store of a JVM; pointing it here makes a
     * later store (another directory, after the first was closed) use its own database.
     */
    private static void pointConnectionPoolAt(String uri) {
        ConnectionPool$ pools = ConnectionPool$.MODULE$;
        var settings = pools.singleton$default$4();
        pools.singleton(uri, "sa", "", settings, pools.singleton$default$5(uri, "sa", "", settings));
    }

    private static void closeConnectionPool() {
        ConnectionPool$ pools = ConnectionPool$.MODULE$;
        pools.close(pools.close$default$1());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
