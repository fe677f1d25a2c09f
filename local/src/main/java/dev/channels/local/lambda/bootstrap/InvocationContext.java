package dev.channels.local.lambda.bootstrap;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.util.Map;

/**
 * The {@link Context} of one invocation, from the Runtime API's headers and the function's environment. Its
 * logger is {@link LambdaRuntime#getLogger()} (the {@link FramedLogger}: one line per call on standard output, the
 * function's log), so a
 * handler's {@code context.getLogger()} and its init-time {@code LambdaRuntime.getLogger()} write to one place.
 */
final class InvocationContext implements Context {
    private final RuntimeApi.Invocation invocation;
    private final Map<String, String> environment;

    InvocationContext(RuntimeApi.Invocation invocation, Map<String, String> environment) {
        this.invocation = invocation;
        this.environment = environment;
    }

    @Override
    public String getAwsRequestId() {
        return invocation.requestId();
    }

    @Override
    public String getLogGroupName() {
        return environment.get("AWS_LAMBDA_LOG_GROUP_NAME");
    }

    @Override
    public String getLogStreamName() {
        return environment.get("AWS_LAMBDA_LOG_STREAM_NAME");
    }

    @Override
    public String getFunctionName() {
        return environment.get("AWS_LAMBDA_FUNCTION_NAME");
    }

    @Override
    public String getFunctionVersion() {
        return environment.get("AWS_LAMBDA_FUNCTION_VERSION");
    }

    @Override
    public String getInvokedFunctionArn() {
        return invocation.functionArn();
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
        long remaining = invocation.deadlineMs() - System.currentTimeMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        String memory = environment.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
        return memory == null ? 128 : Integer.parseInt(memory);
    }

    @Override
    public LambdaLogger getLogger() {
        return LambdaRuntime.getLogger();
    }

    @Override
    public String getXrayTraceId() {
        return invocation.traceId();
    }
}
