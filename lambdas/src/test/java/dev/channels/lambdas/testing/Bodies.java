package dev.channels.lambdas.testing;

/** Test bodies shared by the ingest, notify and S3 tests. */
public final class Bodies {
    private Bodies() {
    }

    /** About 600 KB: long unicode text, a big nested array, and the small scalars a GSI or a title needs. */
    public static String big(String id, int version) {
        StringBuilder body = new StringBuilder("{\"id\":\"" + id + "\",\"version\":" + version
                + ",\"status\":\"open\",\"rate\":31.50,\"remote\":false,\"note\":null,\"tiny\":1e-7,"
                + "\"description\":\"");
        String chunk = "Schwei\u00dfer (m/w/d) \uD83D\uDD25 Nachtschicht, \\\"Z\u00fcrich\\\" \u65e5\u672c\u8a9e. ";
        while (body.length() < 260_000) {
            body.append(chunk);
        }
        body.append("\",\"shifts\":[");
        for (int i = 0; i < 7_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"day\":").append(i).append(",\"hours\":12345678901234567890.5}");
        }
        body.append("],\"longCode\":\"").append("x".repeat(2000)).append("\"}");
        return body.toString();
    }
}
