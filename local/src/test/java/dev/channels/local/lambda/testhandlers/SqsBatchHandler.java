package dev.channels.local.lambda.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An SQS handler with a partial batch response: a message whose body starts with "slow" takes 200 ms; a message
 * whose body contains "poison" is reported as failed
 * (and logged as {@code failed <body> <receiveCount>}); every other one is logged as
 * {@code ok <body> <receiveCount> <eventSource> <eventSourceARN> <record keys> <attribute keys>}.
 */
public class SqsBatchHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        List<Map<String, Object>> failures = new ArrayList<>();
        for (Map<String, Object> record : (List<Map<String, Object>>) event.get("Records")) {
            String body = (String) record.get("body");
            Map<String, Object> attributes = (Map<String, Object>) record.get("attributes");
            Object receiveCount = attributes.get("ApproximateReceiveCount");
            if (body.startsWith("slow")) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (body.contains("poison")) {
                failures.add(Map.of("itemIdentifier", record.get("messageId")));
                Output.line("failed " + body + " " + receiveCount);
            } else {
                Output.line("ok " + body + " " + receiveCount + " " + record.get("eventSource") + " " + record.get("eventSourceARN")
                        + " " + new TreeSet<>(record.keySet()) + " " + new TreeSet<>(attributes.keySet()));
            }
        }
        return Map.of("batchItemFailures", failures);
    }
}
