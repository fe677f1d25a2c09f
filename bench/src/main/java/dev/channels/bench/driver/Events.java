package dev.channels.bench.driver;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import dev.channels.contract.MetadataAttributes;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events the driver hands the handlers, built as objects the way the Lambda runtime would hand
 * them over (the runtime's own JSON deserialization is not part of what we measure). Every id is
 * unique per sample and per invocation, so each write is a new item, never a duplicate.
 */
final class Events {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "000000000000";

    private Events() {
    }

    /** An SQS batch of {@code size} messages, each a new JobOrder-like object. */
    static SQSEvent sqs(String idPrefix, int size) {
        List<SQSMessage> messages = new ArrayList<>();
        long sent = System.currentTimeMillis();
        for (int i = 0; i < size; i++) {
            String id = idPrefix + "-" + i;
            SQSMessage message = new SQSMessage();
            message.setMessageId(id + "-msg");
            message.setReceiptHandle("bench-receipt-" + id);
            message.setBody("{\"id\":\"" + id + "\",\"version\":1,\"title\":\"Senior welder, night shift\","
                    + "\"status\":\"open\",\"rate\":31.50,\"currency\":\"EUR\",\"headcount\":3,"
                    + "\"tags\":[\"welding\",\"nights\"],\"site\":{\"city\":\"Zürich\",\"zip\":\"8001\"},"
                    + "\"remote\":false,\"reference\":12345678901234567890123}");
            message.setAttributes(Map.of(
                    "ApproximateReceiveCount", "1",
                    "SentTimestamp", Long.toString(sent),
                    "SenderId", "AIDAIENQZJOLO23YVJ4VO",
                    "ApproximateFirstReceiveTimestamp", Long.toString(sent + 5)));
            message.setMessageAttributes(Map.of());
            message.setMd5OfBody("00000000000000000000000000000000");
            message.setEventSource("aws:sqs");
            message.setEventSourceArn("arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":bench-job-order-inbox");
            message.setAwsRegion(REGION);
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    /**
     * A stream batch as the table would emit it for items the ingest handler wrote: one INSERT of a new
     * object and one MODIFY of another (version 1 to 2, two properties changed).
     */
    static DynamodbEvent stream(String idPrefix) {
        String inserted = idPrefix + "-ins";
        String modified = idPrefix + "-mod";
        List<DynamodbStreamRecord> records = new ArrayList<>();
        records.add(record(idPrefix + "-e1", "INSERT", inserted, null, image(inserted, 1, "open", "31.50"), 1));
        records.add(record(idPrefix + "-e2", "MODIFY", modified,
                image(modified, 1, "open", "31.50"), image(modified, 2, "filled", "33.00"), 2));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    private static DynamodbStreamRecord record(String eventId, String eventName, String id,
            Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage, int sequence) {
        StreamRecord change = new StreamRecord();
        change.setApproximateCreationDateTime(new Date());
        change.setKeys(Map.of("id", new AttributeValue().withS(id)));
        if (oldImage != null) {
            change.setOldImage(oldImage);
        }
        change.setNewImage(newImage);
        change.setSequenceNumber(Long.toString(System.nanoTime() % 1_000_000_000_000L * 10 + sequence));
        change.setSizeBytes(512L);
        change.setStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID(eventId);
        record.setEventName(eventName);
        record.setEventVersion("1.1");
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion(REGION);
        record.setDynamodb(change);
        record.setEventSourceARN("arn:aws:dynamodb:" + REGION + ":" + ACCOUNT
                + ":table/bench-job-order/stream/2025-01-01T00:00:00.000");
        return record;
    }

    /** An item as the ingest handler stores it: the object's properties plus the pipeline's metadata. */
    private static Map<String, AttributeValue> image(String id, int version, String status, String rate) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", new AttributeValue().withS(id));
        item.put("version", new AttributeValue().withN(Integer.toString(version)));
        item.put("title", new AttributeValue().withS("Senior welder, night shift"));
        item.put("status", new AttributeValue().withS(status));
        item.put("rate", new AttributeValue().withN(rate));
        item.put("currency", new AttributeValue().withS("EUR"));
        item.put("headcount", new AttributeValue().withN("3"));
        item.put("tags", new AttributeValue().withL(
                new AttributeValue().withS("welding"), new AttributeValue().withS("nights")));
        item.put("site", new AttributeValue().withM(Map.of(
                "city", new AttributeValue().withS("Zürich"), "zip", new AttributeValue().withS("8001"))));
        item.put("remote", new AttributeValue().withBOOL(false));
        item.put(MetadataAttributes.RECEIVED_AT, new AttributeValue().withS("2025-01-01T00:00:0" + version + "Z"));
        item.put(MetadataAttributes.MESSAGE_ID, new AttributeValue().withS(id + "-v" + version));
        return item;
    }
}
