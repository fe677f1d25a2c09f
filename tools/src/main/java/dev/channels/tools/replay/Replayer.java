package dev.channels.tools.replay;

import dev.channels.contract.ArchiveKeys;
import dev.channels.contract.ArchiveKeys.RawKey;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Re-sends archived bodies of a time range to a channel's inbox, oldest first. Lists only the hour
 * folders the range touches, cuts the range to the millisecond from the keys, and sends each body with
 * its original message id and SentTimestamp as attributes, so ingest orders it where it first arrived
 * (a replay never overwrites a newer version of an object). One failed send is reported and the
 * others go on. Prints keys and message ids, never bodies.
 */
public final class Replayer {
    private final Archive archive;
    private final Inbox inbox;
    private final PrintStream out;
    private final PrintStream err;

    /** What a run did. */
    public record Summary(int archived, int sent, int failed) {
    }

    public Replayer(Archive archive, Inbox inbox, PrintStream out, PrintStream err) {
        this.archive = archive;
        this.inbox = inbox;
        this.out = out;
        this.err = err;
    }

    /** The raw archive entries sent in [from, to), in the order they were first sent. */
    public List<RawKey> entries(Instant from, Instant to) {
        List<RawKey> entries = new ArrayList<>();
        for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); hour.isBefore(to); hour = hour.plus(1, ChronoUnit.HOURS)) {
            for (String key : archive.keys(ArchiveKeys.rawHourPrefix(hour))) {
                Optional<RawKey> entry = ArchiveKeys.parseRaw(key);
                if (entry.isPresent() && !entry.get().sentAt().isBefore(from) && entry.get().sentAt().isBefore(to)) {
                    entries.add(entry.get());
                }
            }
        }
        entries.sort(Comparator.comparing(RawKey::sentAt).thenComparing(RawKey::messageId));
        return entries;
    }

    public Summary replay(Instant from, Instant to, boolean dryRun) {
        List<RawKey> entries = entries(from, to);
        int sent = 0;
        int failed = 0;
        for (RawKey entry : entries) {
            if (dryRun) {
                out.println("would send " + entry.key());
                continue;
            }
            try {
                String messageId = inbox.send(archive.read(entry.key()), entry.messageId(), entry.sentAt());
                out.println("sent " + entry.key() + " as message " + messageId);
                sent++;
            } catch (RuntimeException e) {
                // SDK messages name the operation and the error, not the body.
                err.println("failed " + entry.key() + ": " + e.getMessage());
                failed++;
            }
        }
        out.println((dryRun ? "dry run: would send " : "replayed " + sent + " of ") + entries.size()
                + " archived bodies sent in [" + from + ", " + to + ")" + (failed > 0 ? ", " + failed + " failed" : ""));
        return new Summary(entries.size(), sent, failed);
    }
}
