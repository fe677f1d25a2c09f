package dev.channels.lambdas.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stream records built in code, for batches the JSON fixtures would make unwieldy (twenty records,
 * a claim-checked image). Shaped like the fixtures: keys, images with metadata, sequence numbers.
 */
public final class StreamEvents {

    private StreamEvents() {
    }

    public static DynamodbEvent batch(List<DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(new ArrayList<>(records));
        return event;
    }

    /** {@code count} INSERTs of objects {@code <prefix>-1..count}, sequence numbers 1000+i. */
    public static DynamodbEvent inserts(String prefix, int count) {
        List<DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = prefix + "-" + i;
            records.add(record("INSERT", "evt-" + id, Long.toString(1000 + i), id,
                    image(id, Map.of("status", s("open"), "rank", n(Integer.toString(i)))), null));
        }
        return batch(records);
    }

    public static DynamodbStreamRecord record(String eventName, String eventId, String sequenceNumber, String id,
            Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
        StreamRecord stream = new StreamRecord()
                .withKeys(Map.of("id", s(id)))
                .withNewImage(newImage)
                .withOldImage(oldImage)
                .withSequenceNumber(sequenceNumber)
                .withStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID(eventId);
        record.setEventName(eventName);
        record.setEventSource("aws:dynamodb");
        record.setDynamodb(stream);
        return record;
    }

    /** An image as ingest writes it: the id, the properties and the metadata attributes. */
    public static Map<String, AttributeValue> image(String id, Map<String, AttributeValue> properties) {
        Map<String, AttributeValue> image = new HashMap<>(properties);
        image.put("id", s(id));
        image.put("_channels_receivedAt", s("2025-11-25T09:30:00Z"));
        image.put("_channels_messageId", s("m-" + id));
        return image;
    }

    public static AttributeValue s(String value) {
        return new AttributeValue().withS(value);
    }

    public static AttributeValue n(String value) {
        return new AttributeValue().withN(value);
    }
}
