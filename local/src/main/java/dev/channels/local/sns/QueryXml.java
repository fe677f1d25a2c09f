package dev.channels.local.sns;

/** The XML of an awsQuery response, written by hand: a handful of shapes, every value escaped. */
final class QueryXml {
    static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

    private final StringBuilder xml = new StringBuilder();

    QueryXml open(String element) {
        xml.append('<').append(element).append('>');
        return this;
    }

    QueryXml openRoot(String element) {
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(element).append(" xmlns=\"").append(NAMESPACE).append("\">");
        return this;
    }

    QueryXml close(String element) {
        xml.append("</").append(element).append('>');
        return this;
    }

    QueryXml element(String element, String text) {
        return open(element).text(text).close(element);
    }

    QueryXml text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                        xml.append("&#xFFFD;"); // not allowed in XML 1.0 at all
                    } else {
                        xml.append(c);
                    }
                }
            }
        }
        return this;
    }

    @Override
    public String toString() {
        return xml.toString();
    }
}
