package dev.channels.lambdas.notify;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Tells one parked notice, still exactly once per change: the redrive's side of the ledger. It claims the
 * record's entry (a PARKED one, or none, or one released or abandoned), posts the parked message with
 * notify's own delivery rules (429 waits, 5xx backoff, permanent 4xx), and marks it COMPLETED; when Slack
 * fails again the entry is PARKED again for the next redrive. An entry already COMPLETED means the change
 * was told (a notice parked twice, or a redrive that died after posting): nothing is posted.
 */
public final class NoticeTeller {
    /** What telling one notice came to; TOLD and TOLD_BEFORE mean its message may be deleted. */
    public enum Outcome { TOLD, TOLD_BEFORE, BUSY, FAILED, REJECTED }

    /** {@code reason}: loggable, never the URL. */
    public record Result(Outcome outcome, String reason) {
        public boolean done() {
            return outcome == Outcome.TOLD || outcome == Outcome.TOLD_BEFORE;
        }
    }

    private final DynamoDbClient dynamo;
    private final String ledgerTable;
    private final SlackDelivery delivery;
    private final Clock clock;

    NoticeTeller(DynamoDbClient dynamo, String ledgerTable, SlackDelivery delivery, Clock clock) {
        this.dynamo = dynamo;
        this.ledgerTable = ledgerTable;
        this.delivery = delivery;
        this.clock = clock;
    }

    /** Posting to {@code webhookUrl} with notify's timeouts and retry policy, really waiting between retries. */
    public static NoticeTeller create(DynamoDbClient dynamo, String ledgerTable, URI webhookUrl, Clock clock) {
        SecureRandom random = new SecureRandom();
        return new NoticeTeller(dynamo, ledgerTable, new SlackDelivery(SlackWebhook.create(webhookUrl), Sleeper.REAL,
                random::nextDouble, SlackDelivery.Policy.DEFAULT), clock);
    }

    /**
     * Tells the notice as {@code owner}, within {@code budget} (the claim's lease ends a second after it,
     * so a redrive that dies leaves the notice to the next one soon).
     */
    public Result tell(ParkedNotice notice, String owner, Duration budget) {
        Deadline deadline = Deadline.after(clock, budget);
        Instant leaseUntil = deadline.at().plus(PostLedger.LEASE_GRACE);
        PostLedger ledger = new PostLedger(dynamo, ledgerTable, notice.channel(), clock);
        PostLedger.Claim claim = ledger.claimParked(notice.eventId(), owner, leaseUntil);
        switch (claim.state()) {
            case ALREADY_POSTED:
                return new Result(Outcome.TOLD_BEFORE, "already told");
            case HELD:
                return new Result(Outcome.BUSY, "held by another teller until "
                        + claim.heldUntil().map(Instant::toString).orElse("(unknown)"));
            default:
                break;
        }
        SlackDelivery.Result result = delivery.deliver(notice.slackMessage(), deadline);
        switch (result.status()) {
            case POSTED:
                if (!ledger.complete(notice.eventId(), owner, PostLedger.PARKED_RETENTION)) {
                    return new Result(Outcome.TOLD, "posted, but the claim had ended and was taken");
                }
                return new Result(Outcome.TOLD, result.reason());
            case REJECTED:
                ledger.unpark(notice.eventId(), owner);
                return new Result(Outcome.REJECTED, result.reason() + "; permanent: the webhook is gone or the message"
                        + " is invalid");
            default:
                ledger.unpark(notice.eventId(), owner);
                return new Result(Outcome.FAILED, result.reason());
        }
    }
}
