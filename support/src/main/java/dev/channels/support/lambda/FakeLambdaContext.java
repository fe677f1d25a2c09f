package dev.channels.support.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.List;

/**
 * The Lambda {@link Context} for code that invokes a handler itself (the handler tests, the cold-start
 * benchmark's driver): fixed answers, 512 MB, and the time left as given: the handlers read it once, at the
 * start, then keep time with their own clock, so a fixed value is what a test can rely on.
 */
public final class FakeLambdaContext implements Context {
    private final String functionName;
    private final String requestId;
    private final int remainingMillis;
    private final LambdaLogger logger;

    /** Request id {@code test-request}, 30 s left, every log line kept. */
    public FakeLambdaContext() {
        this("test-request", 30_000);
    }

    /** Function {@code test-function}, every log line kept ({@link #logLines()}). */
    public FakeLambdaContext(String requestId, int remainingMillis) {
        this("test-function", requestId, remainingMillis, new RecordingLambdaLogger());
    }

    public FakeLambdaContext(String functionName, String requestId, int remainingMillis, LambdaLogger logger) {
        this.functionName = functionName;
        this.requestId = requestId;
        this.remainingMillis = remainingMillis;
        this.logger = logger;
    }

    /** What the handler logged; for a context that keeps its lines (the constructors without a logger). */
    public List<String> logLines() {
        if (logger instanceof RecordingLambdaLogger recording) {
            return recording.lines();
        }
        throw new IllegalStateException("this context logs to " + logger.getClass().getName() + ", which keeps no lines");
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "fake-stream";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }
}
