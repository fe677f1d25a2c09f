package dev.channels.lambdas.testing;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQS messages built in code, shaped like the fixtures under sqs/. */
public final class SqsMessages {

    private SqsMessages() {
    }

    public static SQSEvent event(SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(new ArrayList<>(List.of(messages)));
        return event;
    }

    public static SQSEvent event(List<SQSMessage> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(new ArrayList<>(messages));
        return event;
    }

    public static SQSMessage message(String messageId, String body, long sentTimestamp) {
        SQSMessage message = new SQSMessage();
        message.setMessageId(messageId);
        message.setReceiptHandle("receipt-" + messageId);
        message.setBody(body);
        message.setAttributes(Map.of(
                "ApproximateReceiveCount", "1",
                "SentTimestamp", Long.toString(sentTimestamp),
                "SenderId", "AROAEXAMPLE:apigateway",
                "ApproximateFirstReceiveTimestamp", Long.toString(sentTimestamp + 12)));
        message.setMessageAttributes(new HashMap<>());
        message.setEventSource("aws:sqs");
        message.setEventSourceArn("arn:aws:sqs:eu-west-1:123456789012:dev-job-order-inbox");
        message.setAwsRegion("eu-west-1");
        return message;
    }

    /** The message as the replay tool re-sends it: the original message id and SentTimestamp as attributes. */
    public static SQSMessage replayed(SQSMessage message, String originalMessageId, long originalSentTimestamp) {
        Map<String, MessageAttribute> attributes = new HashMap<>();
        attributes.put("ChannelsReplayOf", attribute("String", originalMessageId));
        attributes.put("ChannelsReplaySentTimestamp", attribute("Number", Long.toString(originalSentTimestamp)));
        message.setMessageAttributes(attributes);
        return message;
    }

    private static MessageAttribute attribute(String type, String value) {
        MessageAttribute attribute = new MessageAttribute();
        attribute.setDataType(type);
        attribute.setStringValue(value);
        return attribute;
    }
}
