package dev.channels.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The SQSEvent record as Lambda documents it, built from a received message. */
class SqsEventShapeTest {
    @Test
    void recordHasLambdasFieldsAndNames() {
        MappingConfig mapping = new MappingConfig("M", "uuid", "fn:live", "arn:aws:lambda:eu-west-1:123456789012:function:fn:live",
                "arn:aws:sqs:eu-west-1:123456789012:q", true, 10, Duration.ZERO, true, EventFilter.none(), 2, "TRIM_HORIZON",
                Optional.empty(), false, -1, Optional.empty(), Optional.empty());
        SqsPoller poller = new SqsPoller(mapping, "http://127.0.0.1:1/123456789012/q", null, null, "eu-west-1", System.out);
        Message message = Message.builder().messageId("059f36b4").receiptHandle("AQEB").body("Test message.")
                .md5OfBody("e4e68fb7").md5OfMessageAttributes("aa11")
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1",
                        MessageSystemAttributeName.SENT_TIMESTAMP, "1545082649183",
                        MessageSystemAttributeName.SENDER_ID, "AIDAIENQZJOLO23YVJ4VO",
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, "1545082649185"))
                .messageAttributes(Map.of("myAttribute", MessageAttributeValue.builder().dataType("String").stringValue("myValue").build()))
                .build();
        JsonNode record = poller.record(message);
        assertThat(record).isEqualTo(Json.parse(("""
                {"messageId":"059f36b4","receiptHandle":"AQEB","body":"Test message.",
                 "attributes":{"ApproximateFirstReceiveTimestamp":"1545082649185","ApproximateReceiveCount":"1",
                               "SenderId":"AIDAIENQZJOLO23YVJ4VO","SentTimestamp":"1545082649183"},
                 "messageAttributes":{"myAttribute":{"stringValue":"myValue","stringListValues":[],"binaryListValues":[],"dataType":"String"}},
                 "md5OfBody":"e4e68fb7","md5OfMessageAttributes":"aa11","eventSource":"aws:sqs",
                 "eventSourceARN":"arn:aws:sqs:eu-west-1:123456789012:q","awsRegion":"eu-west-1"}
                """).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
