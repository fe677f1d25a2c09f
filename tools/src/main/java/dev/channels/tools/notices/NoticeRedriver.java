package dev.channels.tools.notices;

import dev.channels.lambdas.notify.NoticeTeller;
import dev.channels.lambdas.notify.ParkedNotice;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Tells the notices parked in a channel's notices queue, oldest change first, each exactly once (the
 * teller claims it in notify's ledger). It first receives every visible notice (at most {@code max}),
 * hidden for {@link #VISIBILITY} while it works, then tells them in stream order: a notice told (now or
 * before) is deleted; one Slack failed again, or another redrive holds, is given back to the queue for
 * the next run. Prints event ids and object ids, never messages.
 */
public final class NoticeRedriver {
    /** Long enough to tell a full receive of notices, each within its budget, before any reappears. */
    static final Duration VISIBILITY = Duration.ofMinutes(15);

    private final NoticesQueue queue;
    private final Function<ParkedNotice, NoticeTeller.Result> teller;
    private final PrintStream out;
    private final PrintStream err;

    /** What a run did; {@code left} notices are still in the queue (failed, busy or unreadable). */
    public record Summary(int received, int told, int toldBefore, int left) {
    }

    public NoticeRedriver(NoticesQueue queue, Function<ParkedNotice, NoticeTeller.Result> teller, PrintStream out,
            PrintStream err) {
        this.queue = queue;
        this.teller = teller;
        this.out = out;
        this.err = err;
    }

    public Summary redrive(int max) {
        // By message id: a message received twice (its visibility ran out) keeps its newest handle.
        Map<String, NoticesQueue.Received> received = new LinkedHashMap<>();
        while (received.size() < max) {
            List<NoticesQueue.Received> batch = queue.receive(VISIBILITY);
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(message -> received.put(message.messageId(), message));
        }
        List<Parked> notices = new ArrayList<>();
        int left = 0;
        for (NoticesQueue.Received message : received.values()) {
            try {
                notices.add(new Parked(message, ParkedNotice.parse(message.body())));
            } catch (IllegalArgumentException e) {
                err.println("left message " + message.messageId() + ": " + e.getMessage());
                giveBack(message);
                left++;
            }
        }
        notices.sort(Comparator.comparing((Parked parked) -> parked.notice().channel())
                .thenComparing(parked -> sequence(parked.notice().sequenceNumber()))
                .thenComparing(parked -> parked.notice().sequenceNumber()));
        int told = 0;
        int toldBefore = 0;
        for (Parked parked : notices) {
            ParkedNotice notice = parked.notice();
            String what = notice.channel() + " " + notice.objectId() + " " + notice.kind() + " (event " + notice.eventId() + ")";
            NoticeTeller.Result result;
            try {
                result = teller.apply(notice);
            } catch (RuntimeException e) {
                // SDK messages name the operation and the error, never a message body or the webhook.
                result = new NoticeTeller.Result(NoticeTeller.Outcome.FAILED, e.getMessage());
            }
            if (!result.done()) {
                err.println("left " + what + ": " + result.outcome() + ", " + result.reason());
                giveBack(parked.message());
                left++;
                continue;
            }
            if (result.outcome() == NoticeTeller.Outcome.TOLD) {
                out.println("told " + what);
                told++;
            } else {
                out.println("already told " + what + ", deleting the copy");
                toldBefore++;
            }
            try {
                queue.delete(parked.message().receiptHandle());
            } catch (RuntimeException e) {
                // Told and marked: the next redrive finds it COMPLETED and deletes it.
                err.println("told " + what + ", but could not delete its message: " + e.getMessage());
            }
        }
        out.println("redrove " + received.size() + " parked notices: " + told + " told, " + toldBefore
                + " already told, " + left + " left in the queue" + (left > 0 ? " (run again once Slack is fixed)" : ""));
        return new Summary(received.size(), told, toldBefore, left);
    }

    private void giveBack(NoticesQueue.Received message) {
        try {
            queue.giveBack(message.receiptHandle());
        } catch (RuntimeException e) {
            // It reappears when its visibility timeout ends anyway.
            err.println("could not give back message " + message.messageId() + ": " + e.getMessage());
        }
    }

    /** Stream sequence numbers are decimal and grow within a shard; anything else sorts last, by its text. */
    private static BigInteger sequence(String sequenceNumber) {
        try {
            return new BigInteger(sequenceNumber);
        } catch (NumberFormatException e) {
            return BigInteger.TWO.pow(256);
        }
    }

    private record Parked(NoticesQueue.Received message, ParkedNotice notice) {
    }
}
