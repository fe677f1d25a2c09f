package dev.channels.local.sns;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SNS's awsQuery protocol for the actions the local SNS serves: form parameters in, XML out, errors as
 * {@code ErrorResponse} with SNS's codes.
 */
final class SnsQueryApi {
    /** A response: status and XML body. */
    record Answer(int status, String xml) {
    }

    private final SnsService sns;

    SnsQueryApi(SnsService sns) {
        this.sns = sns;
    }

    Answer answer(Map<String, String> form) {
        String action = form.getOrDefault("Action", "");
        try {
            return switch (action) {
                case "ListTopics" -> ok(action, xml -> {
                    xml.open("Topics");
                    sns.topics().forEach(topic -> xml.open("member").element("TopicArn", topic.arn()).close("member"));
                    xml.close("Topics");
                });
                case "ListSubscriptions" -> ok(action, xml -> subscriptions(xml, sns.topics().stream()
                        .flatMap(topic -> topic.subscriptions().stream()).toList()));
                case "ListSubscriptionsByTopic" -> {
                    Topic topic = topic(form);
                    yield ok(action, xml -> subscriptions(xml, topic.subscriptions()));
                }
                case "GetTopicAttributes" -> {
                    Topic topic = topic(form);
                    yield ok(action, xml -> {
                        xml.open("Attributes");
                        Map.of("TopicArn", topic.arn(), "DisplayName", topic.displayName(),
                                "SubscriptionsConfirmed", Integer.toString(topic.subscriptions().size()),
                                "SubscriptionsPending", "0").forEach((key, value) -> xml.open("entry")
                                .element("key", key).element("value", value).close("entry"));
                        xml.close("Attributes");
                    });
                }
                case "Publish" -> publish(form);
                default -> error(400, "InvalidAction", "The action " + action + " is not valid for this endpoint"
                        + " (locally: ListTopics, ListSubscriptions, ListSubscriptionsByTopic, GetTopicAttributes, Publish)");
            };
        } catch (NotFound e) {
            return error(404, "NotFound", e.getMessage());
        } catch (InvalidParameter e) {
            return error(400, "InvalidParameter", e.getMessage());
        }
    }

    private Answer publish(Map<String, String> form) {
        Topic topic = topic(form);
        String message = form.get("Message");
        if (message == null || message.isEmpty()) {
            throw new InvalidParameter("Invalid parameter: Empty message");
        }
        if (message.getBytes(StandardCharsets.UTF_8).length > SnsService.MAX_MESSAGE_BYTES) {
            throw new InvalidParameter("Invalid parameter: Message too long");
        }
        Optional<String> subject = Optional.ofNullable(form.get("Subject"));
        if (subject.isPresent() && (subject.get().isEmpty() || subject.get().length() > SnsService.MAX_SUBJECT
                || !subject.get().chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            throw new InvalidParameter("Invalid parameter: Subject (1 to 100 printable ASCII characters, no line breaks)");
        }
        String messageId = sns.publish(topic.arn(), subject, message);
        return ok("Publish", xml -> xml.element("MessageId", messageId));
    }

    private Topic topic(Map<String, String> form) {
        String arn = form.get("TopicArn");
        if (arn == null || arn.isEmpty()) {
            throw new InvalidParameter("Invalid parameter: TopicArn");
        }
        return sns.topics().stream().filter(topic -> topic.arn().equals(arn)).findFirst()
                .orElseThrow(() -> new NotFound("Topic does not exist"));
    }

    private static void subscriptions(QueryXml xml, List<Topic.Subscription> subscriptions) {
        xml.open("Subscriptions");
        for (Topic.Subscription subscription : subscriptions) {
            xml.open("member").element("SubscriptionArn", subscription.arn()).element("Owner", ownerOf(subscription.topicArn()))
                    .element("Protocol", subscription.protocol()).element("Endpoint", subscription.endpoint())
                    .element("TopicArn", subscription.topicArn()).close("member");
        }
        xml.close("Subscriptions");
    }

    private static String ownerOf(String topicArn) {
        String[] parts = topicArn.split(":");
        return parts.length > 4 ? parts[4] : "";
    }

    private static Answer ok(String action, java.util.function.Consumer<QueryXml> result) {
        QueryXml xml = new QueryXml().openRoot(action + "Response").open(action + "Result");
        result.accept(xml);
        xml.close(action + "Result").open("ResponseMetadata").element("RequestId", UUID.randomUUID().toString())
                .close("ResponseMetadata").close(action + "Response");
        return new Answer(200, xml.toString());
    }

    private static Answer error(int status, String code, String message) {
        QueryXml xml = new QueryXml().openRoot("ErrorResponse").open("Error").element("Type", "Sender").element("Code", code)
                .element("Message", message).close("Error").element("RequestId", UUID.randomUUID().toString()).close("ErrorResponse");
        return new Answer(status, xml.toString());
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private static final class InvalidParameter extends RuntimeException {
        InvalidParameter(String message) {
            super(message);
        }
    }
}
