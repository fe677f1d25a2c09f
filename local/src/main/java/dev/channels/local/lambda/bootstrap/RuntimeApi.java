package dev.channels.local.lambda.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A client of the Lambda Runtime API ({@code AWS_LAMBDA_RUNTIME_API}, version 2018-06-01), over the JDK's
 * {@link HttpURLConnection}: the long-poll for the next event, its response or error, and the init error.
 */
final class RuntimeApi {
    /** One event, with what its response headers say about it. */
    record Invocation(String requestId, long deadlineMs, String functionArn, String traceId, byte[] event) {
    }

    private final String base;

    /** @param address {@code host:port} */
    RuntimeApi(String address) {
        this.base = "http://".concat(address).concat("/2018-06-01/runtime/"); // no indy string concatenation at init
    }

    /** Waits for the next event. */
    Invocation next() throws IOException {
        HttpURLConnection connection = open("invocation/next");
        connection.setReadTimeout(0); // a long-poll: as long as the execution environment stays idle
        int status = connection.getResponseCode();
        if (status != 200) {
            throw new IOException("GET invocation/next answered " + status + ": " + text(connection.getErrorStream()));
        }
        byte[] event;
        try (InputStream in = connection.getInputStream()) {
            event = in.readAllBytes();
        }
        String requestId = connection.getHeaderField("Lambda-Runtime-Aws-Request-Id");
        if (requestId == null) {
            throw new IOException("GET invocation/next answered without a Lambda-Runtime-Aws-Request-Id header");
        }
        String deadline = connection.getHeaderField("Lambda-Runtime-Deadline-Ms");
        return new Invocation(requestId, deadline == null ? Long.MAX_VALUE : Long.parseLong(deadline),
                connection.getHeaderField("Lambda-Runtime-Invoked-Function-Arn"),
                connection.getHeaderField("Lambda-Runtime-Trace-Id"), event);
    }

    void respond(String requestId, byte[] response) throws IOException {
        post("invocation/".concat(requestId).concat("/response"), response, null);
    }

    void error(String requestId, Throwable error) throws IOException {
        post("invocation/" + requestId + "/error", errorJson(error.getClass().getName(), error.getMessage(), error), "Unhandled");
    }

    void initError(String errorType, String message, Throwable error) throws IOException {
        post("init/error", errorJson(errorType, message, error), "Unhandled");
    }

    private HttpURLConnection open(String route) throws IOException {
        return (HttpURLConnection) URI.create(base.concat(route)).toURL().openConnection();
    }

    private void post(String route, byte[] body, String errorType) throws IOException {
        HttpURLConnection connection = open(route);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        if (errorType != null) {
            connection.setRequestProperty("Lambda-Runtime-Function-Error-Type", errorType);
        }
        connection.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        String answer = text(status < 400 ? connection.getInputStream() : connection.getErrorStream());
        if (status / 100 != 2) {
            throw new IOException("POST " + route + " answered " + status + ": " + answer);
        }
    }

    private static String text(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Lambda's error document: {@code errorMessage}, {@code errorType}, {@code stackTrace}. */
    static byte[] errorJson(String errorType, String message, Throwable error) {
        StringBuilder json = new StringBuilder("{\"errorMessage\":");
        quote(json, message == null ? "" : message);
        json.append(",\"errorType\":");
        quote(json, errorType);
        json.append(",\"stackTrace\":[");
        StackTraceElement[] trace = error == null ? new StackTraceElement[0] : error.getStackTrace();
        for (int i = 0; i < trace.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            quote(json, trace[i].toString());
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
