package dev.channels.local.lambda.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;

/**
 * A DynamoDB stream handler: fails the whole batch (an exception) when a record's new image has
 * {@code poison}; otherwise logs {@code <eventName> <id> <SequenceNumber> <batch size>} per record.
 */
public class StreamHandler implements RequestHandler<Map<String, Object>, String> {
    @Override
    @SuppressWarnings("unchecked")
    public String handleRequest(Map<String, Object> event, Context context) {
        List<Map<String, Object>> records = (List<Map<String, Object>>) event.get("Records");
        for (Map<String, Object> record : records) {
            Map<String, Object> dynamodb = (Map<String, Object>) record.get("dynamodb");
            Map<String, Object> image = (Map<String, Object>) dynamodb.get("NewImage");
            if (image != null && image.containsKey("poison")) {
                throw new IllegalArgumentException("poison record " + dynamodb.get("SequenceNumber"));
            }
        }
        for (Map<String, Object> record : records) {
            Map<String, Object> dynamodb = (Map<String, Object>) record.get("dynamodb");
            Map<String, Object> keys = (Map<String, Object>) dynamodb.get("Keys");
            Map<String, Object> id = (Map<String, Object>) keys.get("id");
            Output.line(record.get("eventName") + " " + id.get("S") + " " + dynamodb.get("SequenceNumber") + " " + records.size());
        }
        return "ok";
    }
}
