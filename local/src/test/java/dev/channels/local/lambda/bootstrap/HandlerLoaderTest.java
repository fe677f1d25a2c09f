package dev.channels.local.lambda.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler-string rules and the (de)serialization, without a JVM of their own. */
class HandlerLoaderTest {
    private static final String PREFIX = HandlerLoaderTest.class.getName() + "$";
    private static final Context CONTEXT = new InvocationContext(
            new RuntimeApi.Invocation("req-1", Long.MAX_VALUE, "arn:aws:lambda:eu-west-1:123456789012:function:f", "Root=1-x", new byte[0]),
            Map.of("AWS_LAMBDA_FUNCTION_NAME", "f"));

    public static class Echo implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            return Map.of("event", event, "requestId", context.getAwsRequestId());
        }
    }

    public static class Stream implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws java.io.IOException {
            out.write(("[" + new String(in.readAllBytes(), StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Typed events, as the lambdas module's handlers take them. */
    public static class Sqs implements RequestHandler<SQSEvent, SQSBatchResponse> {
        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            SQSEvent.SQSMessage message = event.getRecords().get(0);
            return new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure(
                    message.getMessageId() + "|" + message.getEventSourceArn() + "|" + message.getAttributes().get("ApproximateReceiveCount"))));
        }
    }

    public static class Stream2 implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
        @Override
        public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
            var record = event.getRecords().get(0).getDynamodb();
            return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(
                    record.getSequenceNumber() + "|" + record.getNewImage().get("title").getS() + "|" + record.getNewImage().get("n").getN())));
        }
    }

    /** A generic base: the event type comes from the subclass. */
    public abstract static class Base<I> implements RequestHandler<I, String> {
        @Override
        public String handleRequest(I event, Context context) {
            return event.getClass().getSimpleName();
        }
    }

    public static class Concrete extends Base<SQSEvent> {
    }

    public static class Methods {
        static int constructed;

        public Methods() {
            constructed++;
        }

        public String greet(String name) {
            return "one " + name;
        }

        public String greet(String name, Context context) {
            return "two " + name + " " + context.getAwsRequestId();
        }

        public static int twice(int n) {
            return 2 * n;
        }

        public void nothing(Map<String, Object> event) {
        }

        public void tooMany(String a, String b, String c, String d) {
        }
    }

    public static class NotAHandler {
    }

    public static class FailingInit implements RequestHandler<String, String> {
        public FailingInit() {
            throw new IllegalStateException("TABLE_NAME is not set");
        }

        @Override
        public String handleRequest(String event, Context context) {
            return event;
        }
    }

    public static class Throwing implements RequestHandler<String, String> {
        @Override
        public String handleRequest(String event, Context context) {
            throw new IllegalArgumentException("bad " + event);
        }
    }

    private static String call(String handler, String event) throws Throwable {
        Handler loaded = HandlerLoader.load(handler, HandlerLoaderTest.class.getClassLoader());
        return new String(loaded.handle(event.getBytes(StandardCharsets.UTF_8), CONTEXT), StandardCharsets.UTF_8);
    }

    @Test
    void classOnlyUsesTheInterfaceAndItsTypeArguments() throws Throwable {
        assertThat(call(PREFIX + "Echo", "{\"a\":1}")).isEqualTo(call(PREFIX + "Echo::handleRequest", "{\"a\":1}"))
                .contains("\"a\":1").contains("\"requestId\":\"req-1\"");
        assertThat(call(PREFIX + "Stream", "{\"b\":2}")).isEqualTo("[{\"b\":2}]");
        assertThat(call(PREFIX + "Concrete", "{\"Records\":[]}")).isEqualTo("\"SQSEvent\"");
    }

    @Test
    void lambdaEventTypesRoundTripThroughLambdasSerializers() throws Throwable {
        String sqs = "{\"Records\":[{\"messageId\":\"m-1\",\"body\":\"x\",\"eventSource\":\"aws:sqs\","
                + "\"eventSourceARN\":\"arn:aws:sqs:eu-west-1:123456789012:q\",\"attributes\":{\"ApproximateReceiveCount\":\"3\"}}]}";
        assertThat(call(PREFIX + "Sqs::handleRequest", sqs))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1|arn:aws:sqs:eu-west-1:123456789012:q|3\"}]}");
        String dynamodb = "{\"Records\":[{\"eventName\":\"INSERT\",\"dynamodb\":{\"SequenceNumber\":\"42\","
                + "\"NewImage\":{\"title\":{\"S\":\"Gr\u00f6\u00dfe\"},\"n\":{\"N\":\"12.5\"}}}}]}";
        assertThat(call(PREFIX + "Stream2", dynamodb))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"42|Gr\u00f6\u00dfe|12.5\"}]}");
    }

    @Test
    void namedMethodsPreferTheLongestSignatureAndConstructOnce() throws Throwable {
        Methods.constructed = 0;
        Handler greet = HandlerLoader.load(PREFIX + "Methods::greet", HandlerLoaderTest.class.getClassLoader());
        assertThat(Methods.constructed).isEqualTo(1);
        for (int i = 0; i < 2; i++) {
            assertThat(new String(greet.handle("\"ann\"".getBytes(StandardCharsets.UTF_8), CONTEXT), StandardCharsets.UTF_8))
                    .isEqualTo("\"two ann req-1\"");
        }
        assertThat(Methods.constructed).isEqualTo(1);
        assertThat(call(PREFIX + "Methods::twice", "21")).isEqualTo("42");
        assertThat(call(PREFIX + "Methods::nothing", "{}")).isEqualTo("null");
    }

    @Test
    void functionErrorsAreThrownAsTheFunctionThrewThem() {
        assertThatThrownBy(() -> call(PREFIX + "Throwing", "\"x\"")).isInstanceOf(IllegalArgumentException.class).hasMessage("bad x");
        assertThatThrownBy(() -> call(PREFIX + "Sqs::handleRequest", "[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An error occurred during JSON parsing");
    }

    @Test
    void initErrorsSayWhatIsWrong() {
        assertInitError("dev.channels.NoSuchHandler::handleRequest", "java.lang.ClassNotFoundException",
                "Class not found: dev.channels.NoSuchHandler");
        assertInitError(PREFIX + "Echo::nope", "Runtime.InvalidHandler",
                "Class " + PREFIX + "Echo has no public method named nope");
        assertInitError(PREFIX + "Methods::tooMany", "Runtime.InvalidHandler",
                "No public method named tooMany with a handler signature on class " + PREFIX + "Methods: "
                        + "(Event[, Context]), (InputStream, OutputStream[, Context]), (Context) or ()");
        assertInitError(PREFIX + "NotAHandler", "Runtime.InvalidHandler", "Class " + PREFIX + "NotAHandler implements neither "
                + "RequestHandler nor RequestStreamHandler: name its method (" + PREFIX + "NotAHandler::method)");
        assertInitError(PREFIX + "FailingInit", "java.lang.IllegalStateException",
                "Constructing " + PREFIX + "FailingInit failed: java.lang.IllegalStateException: TABLE_NAME is not set");
        assertInitError(PREFIX + "Echo::", "Runtime.InvalidHandler", "Invalid handler " + PREFIX + "Echo::: expected pkg.Class::method or pkg.Class");
        assertInitError(" ", "Runtime.InvalidHandler", "No handler: _HANDLER must be pkg.Class::method or pkg.Class");
    }

    private static void assertInitError(String handler, String errorType, String message) {
        assertThatThrownBy(() -> HandlerLoader.load(handler, HandlerLoaderTest.class.getClassLoader()))
                .isInstanceOfSatisfying(InitException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.errorType()).isEqualTo(errorType);
                });
    }
}
