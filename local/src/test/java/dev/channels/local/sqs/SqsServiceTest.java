package dev.channels.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.local.Fixtures;
import dev.channels.local.assembly.CloudAssembly;
import dev.channels.local.assembly.StackArtifact;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.service.Inventory;
import dev.channels.local.template.LocalAddresses;
import dev.channels.local.template.PseudoParameters;
import dev.channels.local.template.ResolvedStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The template's queues on ElasticMQ, and what a data directory keeps of them between runs. */
class SqsServiceTest {
    private static final String INBOX = "test-job-order-inbox";
    private static final String DLQ = "test-job-order-inbox-dlq";

    @Test
    void createsTheTemplatesQueuesWithTheirAttributesAndRedrivePolicy(@TempDir Path directory) {
        try (Running sqs = Running.start(Fixtures.assemblyCopy(directory), Optional.empty())) {
            Map<String, String> attributes = sqs.attributes(INBOX);

            assertThat(attributes).containsEntry("VisibilityTimeout", "180");
            assertThat(attributes.get("RedrivePolicy")).contains(":" + DLQ).contains("\"maxReceiveCount\":3");
        }
    }

    @Test
    void aDataDirectoryKeepsMessagesWithTheirIdsTimestampsAndReceiveCounts(@TempDir Path directory) {
        Path assembly = Fixtures.assemblyCopy(directory);
        Path data = directory.resolve("data/sqs");
        Message parked;
        Message received;
        try (Running first = Running.start(assembly, Optional.of(data))) {
            first.send(DLQ, "{\"id\":\"poison\"}");
            first.send(INBOX, "{\"id\":\"pending\"}");
            parked = first.receive(DLQ, 0);
            received = first.receive(INBOX, 0); // received once, not deleted: comes back after a restart
        }

        try (Running second = Running.start(assembly, Optional.of(data))) {
            Message parkedAgain = second.receive(DLQ, 0);
            Message receivedAgain = second.receive(INBOX, 0);

            assertThat(parkedAgain.messageId()).isEqualTo(parked.messageId());
            assertThat(parkedAgain.body()).isEqualTo("{\"id\":\"poison\"}");
            assertThat(parkedAgain.messageAttributes()).containsEntry("origin",
                    MessageAttributeValue.builder().dataType("String").stringValue("test").build());
            assertThat(parkedAgain.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))
                    .isEqualTo(parked.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP));
            assertThat(receivedAgain.messageId()).isEqualTo(received.messageId());
            assertThat(receivedAgain.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
        }
    }

    @Test
    void aKeptQueueTakesTheTemplatesChangedAttributes(@TempDir Path directory) throws IOException {
        Path assembly = Fixtures.assemblyCopy(directory);
        Path data = directory.resolve("data/sqs");
        try (Running first = Running.start(assembly, Optional.of(data))) {
            first.send(INBOX, "kept");
        }
        editTemplate(assembly, template -> template.replace("\"VisibilityTimeout\": 180", "\"VisibilityTimeout\": 45")
                .replace("\"maxReceiveCount\": 3", "\"maxReceiveCount\": 7"));

        try (Running second = Running.start(assembly, Optional.of(data))) {
            Map<String, String> attributes = second.attributes(INBOX);

            assertThat(attributes).containsEntry("VisibilityTimeout", "45");
            assertThat(attributes.get("RedrivePolicy")).contains("\"maxReceiveCount\":7");
            assertThat(second.receive(INBOX, 0).body()).isEqualTo("kept");
        }
    }

    @Test
    void aSecondStoreInTheSameJvmIsRefusedWhileTheFirstIsOpen(@TempDir Path directory) {
        Path assembly = Fixtures.assemblyCopy(directory);
        try (Running first = Running.start(assembly, Optional.of(directory.resolve("one")))) {
            assertThatThrownBy(() -> Running.start(assembly, Optional.of(directory.resolve("two"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already keeps them in " + directory.resolve("one"));
        }
        // Once the first is closed, another directory is fine.
        try (Running other = Running.start(assembly, Optional.of(directory.resolve("two")))) {
            assertThat(other.attributes(INBOX)).containsEntry("VisibilityTimeout", "180");
        }
    }

    @Test
    void aStopDoesNotWaitForARequestThatNeverFinishes(@TempDir Path directory) throws IOException {
        Running sqs = Running.start(Fixtures.assemblyCopy(directory), Optional.empty());
        java.net.URI endpoint = sqs.service().endpoint();
        // Headers announce a body that never comes: a request in flight for as long as the client likes.
        try (java.net.Socket stalled = new java.net.Socket(endpoint.getHost(), endpoint.getPort())) {
            stalled.getOutputStream().write(("POST / HTTP/1.1\r\nHost: " + endpoint.getAuthority()
                    + "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AmazonSQS.ListQueues\r\n"
                    + "Content-Length: 100\r\n\r\n{").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            assertThat(sqs.attributes(INBOX)).isNotEmpty(); // the server has taken the stalled connection by now

            sqs.close(); // ElasticMQ's own stopAndWait gave up after a minute here, with a TimeoutException

            stalled.setSoTimeout(30_000); // not a timing check: only so that a connection left open fails, not hangs
            String answer;
            try {
                answer = new String(stalled.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            } catch (java.net.SocketException reset) { // closed with a reset rather than a FIN: closed all the same
                answer = "";
            }
            assertThat(answer).as("all the stalled client gets before the stop closes its connection").doesNotContain("QueueUrls");
        }
    }

    private static void editTemplate(Path assembly, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path template = assembly.resolve(Fixtures.STACK + ".template.json");
        String before = Files.readString(template);
        String after = edit.apply(before);
        assertThat(after).isNotEqualTo(before);
        Files.writeString(template, after);
    }

    /** An SqsService started and provisioned from an assembly, with a client pointed at it. */
    private record Running(SqsService service, SqsClient client) implements AutoCloseable {
        static Running start(Path assembly, Optional<Path> data) {
            StackArtifact artifact = CloudAssembly.read(assembly).stack(Optional.empty(), Optional.empty());
            SqsService service = new SqsService(PseudoParameters.of(artifact.account(), artifact.region(), artifact.stackName()), data);
            try {
                service.start();
                ResolvedStack stack = ResolvedStack.of(artifact, ResourceCatalog.defaults(), LocalAddresses.of(service.endpoint()), Map.of());
                service.provision(stack, Inventory.of(artifact.stackName(), stack.template().resources().values(),
                        ResourceCatalog.defaults(), stack.intrinsics()));
                return new Running(service, Fixtures.sqs(service.endpoint()));
            } catch (RuntimeException e) {
                service.close();
                throw e;
            }
        }

        String url(String queue) {
            return client.getQueueUrl(request -> request.queueName(queue)).queueUrl();
        }

        void send(String queue, String body) {
            client.sendMessage(request -> request.queueUrl(url(queue)).messageBody(body).messageAttributes(Map.of("origin",
                    MessageAttributeValue.builder().dataType("String").stringValue("test").build())));
        }

        /** The queue's one visible message, received with the given visibility timeout. */
        Message receive(String queue, int visibilityTimeout) {
            List<Message> messages = client.receiveMessage(request -> request.queueUrl(url(queue)).maxNumberOfMessages(10)
                    .visibilityTimeout(visibilityTimeout).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            assertThat(messages).as("messages in %s", queue).hasSize(1);
            return messages.get(0);
        }

        Map<String, String> attributes(String queue) {
            return client.getQueueAttributes(request -> request.queueUrl(url(queue)).attributeNames(QueueAttributeName.ALL))
                    .attributesAsStrings();
        }

        @Override
        public void close() {
            client.close();
            service.close();
        }
    }
}
