package dev.channels.local.esm;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import dev.channels.local.lambda.FunctionInvoker;
import dev.channels.local.lambda.InvocationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Lambda's SQS poller for one mapping: {@code MaximumConcurrency} workers, each long-polling the queue, building
 * a batch (up to {@code BatchSize}, waiting up to {@code MaximumBatchingWindowInSeconds}), invoking the function
 * with the {@code SQSEvent} Lambda sends, and deleting what succeeded. A function error or timeout deletes
 * nothing: the messages become visible again after the queue's visibility timeout, and the queue's redrive
 * policy moves a message that was received {@code maxReceiveCount} times to its dead-letter queue.
 */
final class SqsPoller implements Runnable {
    private static final int LONG_POLL_SECONDS = 2;

    /** How often a poller whose calls are refused (4xx: permissions, a missing queue) tries again. */
    private static final long REFUSED_RETRY_MILLIS = 5000;
    private final MappingConfig mapping;
    private final String queueUrl;
    private final SqsClient sqs;
    private final FunctionInvoker invoker;
    private final String region;
    private final PrintStream console;
    private final AtomicLong invocations = new AtomicLong();
    private volatile boolean stopped;

    SqsPoller(MappingConfig mapping, String queueUrl, SqsClient sqs, FunctionInvoker invoker, String region, PrintStream console) {
        this.mapping = mapping;
        this.queueUrl = queueUrl;
        this.sqs = sqs;
        this.invoker = invoker;
        this.region = region;
        this.console = console;
    }

    void stop() {
        stopped = true;
    }

    long invocations() {
        return invocations.get();
    }

    @Override
    public void run() {
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            try {
                List<Message> batch = receiveBatch();
                if (!batch.isEmpty() && !stopped) {
                    process(batch);
                }
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                console.println("esm " + mapping.logicalId() + ": " + e.getMessage());
                // A refusal (e.g. the role may not receive or decrypt) will not pass in a second: retry less often.
                boolean refused = e instanceof AwsServiceException service && service.statusCode() >= 400 && service.statusCode() < 500;
                sleep(refused ? REFUSED_RETRY_MILLIS : 1000);
            }
        }
    }

    /** Receives until the batch is full or the batching window has passed (at once when the window is 0). */
    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        long windowEnd = System.nanoTime() + mapping.batchingWindow().toNanos();
        do {
            int want = Math.min(10, mapping.batchSize() - batch.size());
            long leftSeconds = Math.max(0, (windowEnd - System.nanoTime()) / 1_000_000_000L);
            int wait = batch.isEmpty() ? LONG_POLL_SECONDS : (int) Math.min(LONG_POLL_SECONDS, leftSeconds);
            ReceiveMessageResponse response = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                    .maxNumberOfMessages(want)
                    .waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All"));
            batch.addAll(response.messages());
            if (batch.isEmpty()) {
                return batch; // nothing waiting: poll again (the window starts with the first message)
            }
        } while (!stopped && batch.size() < mapping.batchSize() && System.nanoTime() < windowEnd);
        return batch;
    }

    private void process(List<Message> received) {
        List<Message> batch = new ArrayList<>();
        List<Message> filteredOut = new ArrayList<>();
        ArrayNode records = Json.MAPPER.createArrayNode();
        for (Message message : received) {
            ObjectNode record = record(message);
            if (mapping.filter().matches(filterView(record))) {
                batch.add(message);
                records.add(record);
            } else {
                filteredOut.add(message); // Lambda deletes messages its filters drop
            }
        }
        delete(filteredOut);
        if (batch.isEmpty()) {
            return;
        }
        ObjectNode event = Json.object();
        event.set("Records", records);
        invocations.incrementAndGet();
        InvocationResult result;
        try {
            result = invoker.invoke(mapping.functionName(), Json.bytes(event));
        } catch (RuntimeException e) {
            console.println("esm " + mapping.logicalId() + ": cannot invoke " + mapping.functionName() + ": " + e.getMessage());
            return; // like a throttle: the messages come back after the visibility timeout
        }
        if (result.isError()) {
            return; // the whole batch returns to the queue after its visibility timeout
        }
        delete(succeeded(batch, result));
    }

    /** The messages to delete after a successful invocation, per Lambda's partial batch response rules. */
    private List<Message> succeeded(List<Message> batch, InvocationResult result) {
        if (!mapping.reportBatchItemFailures()) {
            return batch;
        }
        JsonNode response;
        if (result.payload().isEmpty() || result.payload().get().length == 0) {
            return batch; // an empty response: complete success
        }
        try {
            response = Json.MAPPER.readTree(result.payload().get());
        } catch (IOException notJson) {
            return List.of(); // invalid JSON: complete failure
        }
        if (response == null || response.isNull() || response.isMissingNode()) {
            return batch;
        }
        JsonNode failures = response.path("batchItemFailures");
        if (failures.isMissingNode() || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return batch;
        }
        if (!failures.isArray()) {
            return List.of();
        }
        Set<String> ids = new HashSet<>();
        batch.forEach(message -> ids.add(message.messageId()));
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || id.isNull() || id.asText().isEmpty() || !ids.contains(id.asText())) {
                return List.of(); // null, empty or unknown itemIdentifier: complete failure
            }
            failed.add(id.asText());
        }
        return batch.stream().filter(message -> !failed.contains(message.messageId())).toList();
    }

    private void delete(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            var response = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                console.println("esm " + mapping.logicalId() + ": could not delete " + response.failed().size() + " message(s): "
                        + response.failed().get(0).message());
            }
        }
    }

    /** One record of the {@code SQSEvent}, as Lambda builds it. */
    ObjectNode record(Message message) {
        ObjectNode record = Json.object();
        record.put("messageId", message.messageId());
        record.put("receiptHandle", message.receiptHandle());
        record.put("body", message.body());
        ObjectNode attributes = record.putObject("attributes");
        for (Map.Entry<String, String> attribute : new java.util.TreeMap<>(message.attributesAsStrings()).entrySet()) {
            attributes.put(attribute.getKey(), attribute.getValue());
        }
        ObjectNode messageAttributes = record.putObject("messageAttributes");
        message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, attribute(value)));
        record.put("md5OfBody", message.md5OfBody());
        if (message.md5OfMessageAttributes() != null) {
            record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
        }
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", mapping.eventSourceArn());
        record.put("awsRegion", region);
        return record;
    }

    private static ObjectNode attribute(MessageAttributeValue value) {
        ObjectNode node = Json.object();
        if (value.stringValue() != null) {
            node.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            node.put("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
        }
        node.putArray("stringListValues");
        node.putArray("binaryListValues");
        node.put("dataType", value.dataType());
        return node;
    }

    /** What filter patterns see: the record with a JSON body parsed (a plain-text body stays a string). */
    static JsonNode filterView(ObjectNode record) {
        String body = record.path("body").asText();
        ObjectNode view = record.deepCopy();
        try {
            JsonNode parsed = Json.MAPPER.readTree(body);
            if (parsed != null && (parsed.isObject() || parsed.isArray())) {
                view.set("body", parsed);
            }
        } catch (IOException plainText) {
            // filters match the body as a string
        }
        return view;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
