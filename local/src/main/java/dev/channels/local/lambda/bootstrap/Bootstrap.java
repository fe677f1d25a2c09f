package dev.channels.local.lambda.bootstrap;

import java.io.IOException;

/**
 * The function JVM's main class: loads and constructs the handler named by {@code _HANDLER} (the init phase;
 * a failure goes to {@code /runtime/init/error} and ends the process), then runs one event at a time from the
 * Runtime API at {@code AWS_LAMBDA_RUNTIME_API} until the local cloud stops the process.
 */
public final class Bootstrap {
    /** Where the AWS SDK and X-Ray look for the current trace header, as Lambda's Java runtime sets it. */
    static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    private Bootstrap() {
    }

    public static void main(String[] args) {
        String address = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (address == null || address.isBlank()) {
            System.err.println("AWS_LAMBDA_RUNTIME_API is not set: this class runs inside a Lambda execution environment");
            System.exit(2);
        }
        FramedLogger.install(System.out);
        RuntimeApi runtime = new RuntimeApi(address);
        Handler handler;
        try {
            handler = HandlerLoader.load(System.getenv("_HANDLER"), ClassLoader.getSystemClassLoader());
        } catch (InitException e) {
            e.printStackTrace();
            try {
                runtime.initError(e.errorType(), e.getMessage(), e.getCause() == null ? e : e.getCause());
            } catch (IOException unreported) {
                unreported.printStackTrace();
            }
            System.exit(1);
            return;
        }
        try {
            loop(runtime, handler);
        } catch (IOException e) { // the Runtime API went away: the local cloud stopped this instance
            System.err.println("Lambda Runtime API: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void loop(RuntimeApi runtime, Handler handler) throws IOException {
        while (true) {
            RuntimeApi.Invocation invocation = runtime.next();
            if (invocation.traceId() != null) {
                System.setProperty(TRACE_PROPERTY, invocation.traceId());
            } else {
                System.clearProperty(TRACE_PROPERTY);
            }
            byte[] response;
            try {
                response = handler.handle(invocation.event(), new InvocationContext(invocation, System.getenv()));
            } catch (Throwable error) {
                error.printStackTrace();
                runtime.error(invocation.requestId(), error);
                if (error instanceof VirtualMachineError) {
                    System.exit(1); // out of memory or worse: this JVM cannot be trusted with the next event
                }
                continue;
            }
            runtime.respond(invocation.requestId(), response);
        }
    }
}
