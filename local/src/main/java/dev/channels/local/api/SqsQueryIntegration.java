package dev.channels.local.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * API Gateway's side of an {@code AWS} integration with SQS ({@code sqs:path/<account>/<queue>}): posts the
 * rendered request template (query protocol, form-encoded) to the local SQS and gives back the status and the
 * answer as JSON, the shape API Gateway gets from SQS (it asks for JSON):
 * <ul>
 *   <li>success: {@code {"SendMessageResponse":{"SendMessageResult":{"MessageId":...,"MD5OfMessageBody":...},
 *       "ResponseMetadata":{"RequestId":...}}}};</li>
 *   <li>error: {@code {"Error":{"Code":...,"Message":...,"Type":"Sender"|"Receiver"},"RequestId":...}}.</li>
 * </ul>
 * ElasticMQ answers the query protocol in XML only, so the XML is turned into that JSON here (elements with
 * children become objects, leaves their text). Two ElasticMQ answers differ from SQS in a way a template can
 * see, and are translated to SQS's:
 * <ul>
 *   <li>a body over the size limit: ElasticMQ's {@code InvalidAttributeValue / MessageTooLong}, SQS's
 *       {@code InvalidParameterValue / "One or more parameters are invalid. Reason: Message must be shorter than
 *       N bytes."} (our 413 template looks for "must be shorter than");</li>
 *   <li>a body with characters outside SQS's set (#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD |
 *       #x10000 to #x10FFFF, e.g. U+FFFE): ElasticMQ's {@code InvalidAttributeValue / InvalidMessageContents},
 *       SQS's {@code InvalidMessageContents / "Invalid binary character '#xFFFE' was found in the message body,
 *       the set of allowed characters is ..."} (our 400 template looks for "InvalidMessageContents").</li>
 * </ul>
 * Both are 400 on either side.
 */
final class SqsQueryIntegration {
    /** API Gateway's integration timeout (29 s): after it, the caller gets 504. */
    static final Duration TIMEOUT = Duration.ofSeconds(29);

    /** The status and JSON body of the integration's answer. */
    record Answer(int status, String body) {
    }

    /** SQS did not answer at all (connection refused, timeout): API Gateway's own error, never a 2xx. */
    static final class Unreachable extends Exception {
        final boolean timedOut;

        Unreachable(String message, boolean timedOut, Throwable cause) {
            super(message, cause);
            this.timedOut = timedOut;
        }
    }

    /**
     * One parser per thread, reused: creating the factory looks it up on the class path and creating a parser
     * configures a new one, which cost more than the request itself (a POST is one answer to parse).
     */
    private static final ThreadLocal<DocumentBuilder> PARSER = ThreadLocal.withInitial(SqsQueryIntegration::newParser);

    private static DocumentBuilder newParser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder();
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser cannot be configured", e);
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param queueUrl    {@code <sqs endpoint>/<account>/<queue>}
     * @param contentType the integration request's Content-Type
     * @param form        the rendered request template
     * @param maxMessageSize the queue's MaximumMessageSize, for the translated size error
     */
    Answer send(URI queueUrl, String contentType, String form, long maxMessageSize) throws Unreachable {
        HttpRequest request = HttpRequest.newBuilder(queueUrl)
                .timeout(TIMEOUT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new Unreachable("SQS did not answer within " + TIMEOUT.toSeconds() + " s", true, e);
        } catch (java.io.IOException e) {
            throw new Unreachable("SQS at " + queueUrl + " is unreachable: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", false, e);
        }
        return new Answer(response.statusCode(),
                toJson(response.statusCode(), response.body(), maxMessageSize, messageBody(form)));
    }

    /** The MessageBody parameter of the form, decoded; empty when there is none. */
    private static String messageBody(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("MessageBody=")) {
                return URLDecoder.decode(pair.substring("MessageBody=".length()), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    static String toJson(int status, byte[] xml, long maxMessageSize, String messageBody) {
        Element root;
        try {
            DocumentBuilder builder = PARSER.get();
            builder.reset();
            root = builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (Exception notXml) {
            // Not the query protocol's XML (a proxy's error page...): pass the text on, as API Gateway would.
            return new String(xml, StandardCharsets.UTF_8);
        }
        String rootName = root.getLocalName() != null ? root.getLocalName() : root.getNodeName();
        if (!rootName.equals("ErrorResponse")) {
            ObjectNode json = Json.object();
            json.set(rootName, convert(root));
            return json.toString();
        }
        ObjectNode converted = (ObjectNode) convert(root);
        ObjectNode error = converted.path("Error").isObject() ? (ObjectNode) converted.get("Error") : Json.object();
        ObjectNode json = Json.object();
        ObjectNode out = json.putObject("Error");
        String code = error.path("Code").asText("");
        String message = error.path("Message").asText("");
        if (code.equals("InvalidAttributeValue") && message.equals("MessageTooLong")) {
            code = "InvalidParameterValue";
            message = "One or more parameters are invalid. Reason: Message must be shorter than " + maxMessageSize + " bytes.";
        } else if (code.equals("InvalidAttributeValue") && message.equals("InvalidMessageContents")) {
            code = "InvalidMessageContents";
            message = "Invalid binary character '#x" + firstRefused(messageBody) + "' was found in the message body, the set "
                    + "of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF";
        }
        out.put("Code", code);
        out.put("Message", message);
        out.put("Type", status >= 500 ? "Receiver" : "Sender");
        json.put("RequestId", converted.path("RequestId").asText(""));
        return json.toString();
    }

    /** The first code point of the body outside SQS's allowed set, in hex as SQS names it (e.g. FFFE). */
    private static String firstRefused(String body) {
        return body.codePoints()
                .filter(c -> !(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                        || (c >= 0x10000 && c <= 0x10FFFF)))
                .mapToObj(c -> Integer.toHexString(c).toUpperCase(Locale.ROOT))
                .findFirst().orElse("?");
    }

    private static com.fasterxml.jackson.databind.JsonNode convert(Element element) {
        boolean hasElements = false;
        ObjectNode object = Json.object();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element childElement) {
                hasElements = true;
                String name = childElement.getLocalName() != null ? childElement.getLocalName() : childElement.getNodeName();
                object.set(name, convert(childElement));
            }
        }
        return hasElements ? object : Json.MAPPER.getNodeFactory().textNode(element.getTextContent());
    }
}
