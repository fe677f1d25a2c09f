package dev.channels.lambdas.ingest;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One producer object as DynamoDB attributes, with its id already checked. */
record ParsedItem(String id, Map<String, AttributeValue> attributes) {
    ParsedItem {
        attributes = Map.copyOf(attributes);
    }
}
