package dev.channels.test.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.lambdas.archive.ReplayAttributes;
import dev.channels.lambdas.ingest.DeadLetters;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A producer sends bodies the API accepts but DynamoDB can never store: ingest parks each in the inbox
 * DLQ on its first receive, body intact and the reason in a message attribute, and writes its neighbours.
 * The inbox keeps the template's visibility timeout (180 s): five receives would take fifteen minutes,
 * so a parked message within the harness's bound was parked on its first receive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnstorableMessagesEndToEndTest {
    private static final String TABLE = "dev-candidate";
    private static final String INBOX = "dev-candidate-inbox";
    private static final String INBOX_DLQ = "dev-candidate-inbox-dlq";

    private LocalChannels local;

    @BeforeAll
    void startLocalCloudFromTheSynthesizedApp() {
        local = LocalChannels.start(Optional.empty());
    }

    @AfterAll
    void stopLocalCloud() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void whatCanNeverBeStoredIsParkedAtOnceWithItsReasonAndTheNeighboursAreWritten() throws Exception {
        URI candidateApi = local.api("candidate");
        String tooDeep = "{\"id\":\"" + LocalChannels.newId("deep") + "\",\"history\":" + nested(32) + "}";
        String tooPrecise = "{\"id\":\"" + LocalChannels.newId("digits") + "\",\"score\":1234567890123456789012345678901234567.89}";
        List<String> neighbours = List.of(LocalChannels.newId("neighbour"), LocalChannels.newId("neighbour"));
        List<String> bodies = new ArrayList<>(List.of(tooDeep, tooPrecise));
        neighbours.forEach(id -> bodies.add("{\"id\":\"" + id + "\",\"name\":\"Ana\",\"history\":" + nested(31) + "}"));
        for (String body : bodies) {
            assertThat(local.post(candidateApi, body).statusCode()).as(body).isEqualTo(200);
        }

        for (String id : neighbours) {
            local.awaitItem(TABLE, id, item -> true);
        }
        String dlq = local.queueUrl(INBOX_DLQ);
        Map<String, Message> parked = new HashMap<>();
        LocalChannels.await("both unstorable messages in " + INBOX_DLQ, () -> {
            local.sqs().receiveMessage(request -> request.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages().forEach(message -> parked.put(message.body(), message));
            return parked.size() >= 2 ? Optional.of(parked) : Optional.empty();
        });

        assertThat(parked).containsOnlyKeys(tooDeep, tooPrecise);
        assertThat(reason(parked.get(tooDeep)))
                .isEqualTo("property 'history' nests maps and lists deeper than DynamoDB's 32 levels");
        assertThat(reason(parked.get(tooPrecise)))
                .isEqualTo("property 'score' holds a number with more than 38 significant digits, DynamoDB's limit");
        for (Message message : parked.values()) {
            Map<String, MessageAttributeValue> attributes = message.messageAttributes();
            assertThat(attributes.get(DeadLetters.PARKED_BY).stringValue()).isEqualTo("ingest");
            assertThat(attributes).containsKeys(ReplayAttributes.ORIGINAL_MESSAGE_ID, ReplayAttributes.ORIGINAL_SENT_TIMESTAMP);
        }
        LocalChannels.await("an empty " + INBOX, () -> inboxCounts().equals(List.of(0, 0))
                ? Optional.of(true) : Optional.empty());
    }

    private static String reason(Message message) {
        return message.messageAttributes().get(DeadLetters.REASON).stringValue();
    }

    /** [visible, in flight] of the inbox. */
    private List<Integer> inboxCounts() {
        Map<QueueAttributeName, String> attributes = local.sqs().getQueueAttributes(request -> request
                .queueUrl(local.queueUrl(INBOX))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return List.of(Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    /** {@code wraps} maps around a string: {"a":{"a":..."leaf"}}; DynamoDB stores 31 and refuses 32. */
    private static String nested(int wraps) {
        return "{\"a\":".repeat(wraps) + "\"leaf\"" + "}".repeat(wraps);
    }
}
