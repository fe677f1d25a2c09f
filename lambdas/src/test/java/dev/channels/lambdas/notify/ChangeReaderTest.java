package dev.channels.lambdas.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.channels.contract.ChangeKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeReaderTest {
    private final ChangeReader reader = new ChangeReader("sku");

    @Test
    void namesTheObjectByTheConfiguredIdPropertyAndLeavesItOutOfTheProperties() {
        DynamodbStreamRecord record = record("INSERT", Map.of("sku", s("P-1")), Map.of("sku", s("P-1"), "size", n("42")), null);

        Optional<Change> change = reader.read(record);

        assertThat(change).contains(new Change(ChangeKind.INSERT, "P-1",
                List.of(new PropertyChange("size", Optional.empty(), Optional.of("42")))));
    }

    @Test
    void comparesNestedValuesRegardlessOfKeyOrder() {
        Map<String, AttributeValue> oldImage = Map.of("sku", s("P-1"), "dims", new AttributeValue().withM(Map.of("w", n("1"), "h", n("2"))));
        Map<String, AttributeValue> newImage = Map.of("sku", s("P-1"), "dims", new AttributeValue().withM(Map.of("h", n("2"), "w", n("1"))),
                "_channels_messageId", s("m-2"));

        assertThat(reader.read(record("MODIFY", Map.of("sku", s("P-1")), newImage, oldImage))).isEmpty();
    }

    @Test
    void ignoresEventNamesItDoesNotKnow() {
        assertThat(reader.read(record("TRUNCATE", Map.of("sku", s("P-1")), null, null))).isEmpty();
    }

    @Test
    void saysSoWhenTheKeysLackTheIdProperty() {
        Optional<Change> change = reader.read(record("REMOVE", Map.of("id", s("P-1")), null, Map.of("id", s("P-1"))));

        assertThat(change.map(Change::objectId)).contains("(unknown id)");
    }

    private static DynamodbStreamRecord record(String eventName, Map<String, AttributeValue> keys,
            Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
        StreamRecord stream = new StreamRecord().withKeys(keys).withNewImage(newImage).withOldImage(oldImage).withSequenceNumber("1");
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventName(eventName);
        record.setDynamodb(stream);
        return record;
    }

    private static AttributeValue s(String value) {
        return new AttributeValue().withS(value);
    }

    private static AttributeValue n(String value) {
        return new AttributeValue().withN(value);
    }
}
