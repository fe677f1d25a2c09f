package dev.channels.tools.notices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.lambdas.notify.NoticeTeller;
import dev.channels.lambdas.notify.NoticeTeller.Outcome;
import dev.channels.lambdas.notify.ParkedNotice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The redrive loop against a notices queue and a teller in memory (the teller's ledger is tested in lambdas). */
class NoticeRedriverTest {
    private final InMemoryQueue queue = new InMemoryQueue();
    private final ScriptedTeller teller = new ScriptedTeller();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final NoticeRedriver redriver = new NoticeRedriver(queue, teller, print(out), print(err));

    @Test
    void tellsEveryNoticeInStreamOrderAndDeletesWhatWasTold() {
        queue.add("m-3", notice("evt-3", "1000000000000000000003"));
        queue.add("m-1", notice("evt-1", "999999999999999999999"));
        queue.add("m-2", notice("evt-2", "1000000000000000000002"));

        NoticeRedriver.Summary summary = redriver.redrive(1000);

        assertThat(summary).isEqualTo(new NoticeRedriver.Summary(3, 3, 0, 0));
        assertThat(teller.told).containsExactly("evt-1", "evt-2", "evt-3");
        assertThat(queue.messages).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("told JobOrder JO-evt-1 MODIFY (event evt-1)",
                "redrove 3 parked notices: 3 told, 0 already told, 0 left in the queue").doesNotContain("blocks");
    }

    @Test
    void aNoticeAlreadyToldIsDeletedWithoutPostingAndOneSlackFailsStaysInTheQueue() {
        queue.add("m-1", notice("evt-1", "1"));
        queue.add("m-2", notice("evt-2", "2"));
        queue.add("m-3", notice("evt-3", "3"));
        teller.script.put("evt-1", Outcome.TOLD_BEFORE);
        teller.script.put("evt-2", Outcome.FAILED);
        teller.script.put("evt-3", Outcome.BUSY);

        NoticeRedriver.Summary summary = redriver.redrive(1000);

        assertThat(summary).isEqualTo(new NoticeRedriver.Summary(3, 0, 1, 2));
        assertThat(queue.messages.keySet()).containsExactly("m-2", "m-3");
        assertThat(queue.givenBack).containsExactly("m-2", "m-3");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("already told JobOrder JO-evt-1 MODIFY (event evt-1)",
                "1 already told, 2 left in the queue (run again once Slack is fixed)");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                "left JobOrder JO-evt-2 MODIFY (event evt-2): FAILED, Slack answered HTTP 500 (4 attempts)",
                "left JobOrder JO-evt-3 MODIFY (event evt-3): BUSY");
    }

    @Test
    void aMessageThatIsNoNoticeIsLeftAndTheOthersGoOn() {
        queue.add("m-1", "{\"not\":\"a notice\"}");
        queue.add("m-2", notice("evt-2", "2"));

        NoticeRedriver.Summary summary = redriver.redrive(1000);

        assertThat(summary).isEqualTo(new NoticeRedriver.Summary(2, 1, 0, 1));
        assertThat(queue.messages.keySet()).containsExactly("m-1");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("left message m-1: parked notice format null is not 1");
    }

    @Test
    void aMessageReceivedTwiceIsToldOnceWithItsNewestHandle() {
        queue.add("m-1", notice("evt-1", "1"));
        queue.redeliverFirstOnce = true;

        NoticeRedriver.Summary summary = redriver.redrive(1000);

        assertThat(summary.received()).isEqualTo(1);
        assertThat(teller.told).containsExactly("evt-1");
        assertThat(queue.deletedHandles).containsExactly("m-1#2");
    }

    @Test
    void takesAtMostMaxNotices() {
        for (int i = 0; i < 25; i++) {
            queue.add("m-" + i, notice("evt-" + i, Integer.toString(i)));
        }

        assertThat(redriver.redrive(10).received()).isEqualTo(10);
        assertThat(queue.messages).hasSize(15);
    }

    private static String notice(String eventId, String sequenceNumber) {
        return new ParkedNotice("JobOrder", eventId, sequenceNumber, "JO-" + eventId, "MODIFY",
                Optional.of(Instant.parse("2025-11-25T09:30:00Z")), Instant.parse("2025-11-25T10:00:00Z"), 3,
                "Slack answered HTTP 500 (4 attempts)", "{\"text\":\"" + eventId + "\",\"blocks\":[]}").toJson();
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    /** Receives what is visible, ten at a time; a received message is hidden until deleted or given back. */
    private static final class InMemoryQueue implements NoticesQueue {
        final Map<String, String> messages = new LinkedHashMap<>();
        final List<String> hidden = new ArrayList<>();
        final List<String> givenBack = new ArrayList<>();
        final List<String> deletedHandles = new ArrayList<>();
        boolean redeliverFirstOnce;
        int receives;

        void add(String id, String body) {
            messages.put(id, body);
        }

        @Override
        public List<Received> receive(Duration visibility) {
            receives++;
            List<Received> batch = new ArrayList<>();
            for (Map.Entry<String, String> message : messages.entrySet()) {
                if (batch.size() < 10 && !hidden.contains(message.getKey())) {
                    batch.add(new Received(message.getKey(), message.getKey() + "#" + receives, message.getValue()));
                    hidden.add(message.getKey());
                }
            }
            if (redeliverFirstOnce && receives == 1) {
                // Its visibility ran out: the next receive returns it again, with a new handle.
                redeliverFirstOnce = false;
                hidden.remove(batch.get(0).messageId());
            }
            return batch;
        }

        @Override
        public void delete(String receiptHandle) {
            deletedHandles.add(receiptHandle);
            messages.remove(receiptHandle.substring(0, receiptHandle.indexOf('#')));
        }

        @Override
        public void giveBack(String receiptHandle) {
            String id = receiptHandle.substring(0, receiptHandle.indexOf('#'));
            givenBack.add(id);
            hidden.remove(id);
        }
    }

    private static final class ScriptedTeller implements java.util.function.Function<ParkedNotice, NoticeTeller.Result> {
        final Map<String, Outcome> script = new LinkedHashMap<>();
        final List<String> told = new ArrayList<>();

        @Override
        public NoticeTeller.Result apply(ParkedNotice notice) {
            Outcome outcome = script.getOrDefault(notice.eventId(), Outcome.TOLD);
            if (outcome == Outcome.TOLD) {
                told.add(notice.eventId());
            }
            return new NoticeTeller.Result(outcome, outcome == Outcome.FAILED ? notice.reason() : outcome.name());
        }
    }
}
