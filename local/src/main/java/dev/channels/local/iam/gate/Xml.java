package dev.channels.local.iam.gate;

/** Text for an XML element's content. */
final class Xml {
    private Xml() {
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
