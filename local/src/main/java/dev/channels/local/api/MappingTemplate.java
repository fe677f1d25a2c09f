package dev.channels.local.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.node.ASTDirective;
import org.apache.velocity.runtime.parser.node.ASTExpression;
import org.apache.velocity.runtime.parser.node.ASTIdentifier;
import org.apache.velocity.runtime.parser.node.ASTMethod;
import org.apache.velocity.runtime.parser.node.ASTReference;
import org.apache.velocity.runtime.parser.node.ASTSetDirective;
import org.apache.velocity.runtime.parser.node.ASTStringLiteral;
import org.apache.velocity.runtime.parser.node.Node;
import org.apache.velocity.runtime.parser.node.SimpleNode;
import org.slf4j.helpers.NOPLogger;

/**
 * An API Gateway mapping template, rendered by Apache Velocity (the engine of API Gateway's VTL) with API
 * Gateway's variables: {@code $input} ({@link InputVariable}: {@code body}, {@code json('$.x')},
 * {@code path('$.x')}), {@code $util} ({@link UtilVariable}) and {@code $context} ({@code requestId}, and
 * {@code responseOverride.status} to {@code #set}). Every VTL directive works but those that read other
 * templates or define macros. Compiled once at start: a syntax error, an unknown variable or method of
 * {@code $input}, {@code $util}, {@code $context}, or a JSON path outside {@code $}, {@code .name},
 * {@code ['name']}, {@code [n]} is refused by {@link #compile} with {@link UnsupportedTemplateException}, so a
 * template is never half-understood at request time. A reference to nothing renders as nothing, as on API Gateway.
 */
public final class MappingTemplate {
    /** Numbers stay exact ($input.path of 0.10 or of a 30-digit integer gives the same digits back). */
    static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Pattern PATH_STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_\\-]*)|\\['([^']*)'\\]|\\[(\\d+)\\]");
    private static final Set<String> INPUT_MEMBERS = Set.of("body", "json", "path");
    private static final Set<String> UTIL_MEMBERS = Set.of("escapeJavaScript", "urlEncode", "urlDecode", "base64Encode",
            "base64Decode", "parseJson");
    private static final Set<String> CONTEXT_MEMBERS = Set.of("requestId", "responseOverride");
    /** Directives that read other templates or define macros: no such thing in an API Gateway template. */
    private static final Set<String> REFUSED_DIRECTIVES = Set.of("include", "parse", "evaluate", "define", "macro");
    private static final RuntimeInstance VELOCITY = velocity();

    private final String source;
    private final Template template;

    /** What a template reads while rendering. */
    public record Input(String body, String requestId) {
        JsonNode json() {
            try {
                return body.isBlank() ? MissingNode.getInstance() : EXACT.readTree(body);
            } catch (Exception e) {
                return MissingNode.getInstance();
            }
        }
    }

    /** The rendered text and the {@code $context.responseOverride.status}, if the template set one. */
    public record Output(String text, OptionalInt statusOverride) {
    }

    /** A template API Gateway would not run here; the message says what and where (line and column). */
    public static final class UnsupportedTemplateException extends RuntimeException {
        public UnsupportedTemplateException(String message) {
            super(message);
        }
    }

    private MappingTemplate(String source, Template template) {
        this.source = source;
        this.template = template;
    }

    public String source() {
        return source;
    }

    public static MappingTemplate compile(String source) {
        Template template = new Template();
        template.setRuntimeServices(VELOCITY);
        template.setName("mapping template");
        SimpleNode document;
        try {
            document = VELOCITY.parse(new StringReader(source), template);
        } catch (ParseException e) {
            throw new UnsupportedTemplateException("not a VTL template: " + e.getMessage().lines().findFirst().orElse(""));
        }
        template.setData(document);
        template.initDocument(); // names the nodes' references and methods, which the check reads
        check(document, new HashSet<>(variablesSetIn(document)));
        return new MappingTemplate(source, template);
    }

    public Output render(Input input) {
        Map<String, Object> responseOverride = new HashMap<>();
        Map<String, Object> context = new HashMap<>();
        context.put("requestId", input.requestId());
        context.put("responseOverride", responseOverride);
        VelocityContext variables = new VelocityContext();
        variables.put("input", new InputVariable(input));
        variables.put("util", UtilVariable.INSTANCE);
        variables.put("context", context);
        EventCartridge events = new EventCartridge();
        events.addEventHandler((ReferenceInsertionEventHandler) (ignored, reference, value) -> value == null ? "" : value);
        events.attachToContext(variables);
        StringWriter out = new StringWriter();
        template.merge(variables, out);
        Object status = responseOverride.get("status");
        return new Output(out.toString(), status == null || !status.toString().matches("\\d{3}")
                ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(status.toString())));
    }

    /** The steps of a JSON path ({@code $.a['b'][0]}): names and indexes; anything else is refused. */
    static List<Object> jsonPath(String path) {
        if (!path.startsWith("$")) {
            throw new UnsupportedTemplateException("JSON path '" + path + "' (must start with $)");
        }
        List<Object> steps = new java.util.ArrayList<>();
        Matcher matcher = PATH_STEP.matcher(path);
        int p = 1;
        while (p < path.length()) {
            if (!matcher.find(p) || matcher.start() != p) {
                throw new UnsupportedTemplateException("JSON path '" + path + "' (only .name, ['name'] and [n] steps)");
            }
            steps.add(matcher.group(1) != null ? matcher.group(1)
                    : matcher.group(2) != null ? matcher.group(2) : Integer.valueOf(matcher.group(3)));
            p = matcher.end();
        }
        return steps;
    }

    /**
     * Every name a {@code #set} or {@code #foreach} of the template assigns (and {@code $foreach}, the loop's own):
     * references to them are the template's own.
     */
    private static Set<String> variablesSetIn(Node node) {
        Set<String> names = new HashSet<>();
        if (node instanceof ASTSetDirective && node.jjtGetNumChildren() > 0 && node.jjtGetChild(0) instanceof ASTReference target) {
            names.add(target.getRootString());
        }
        if (node instanceof ASTDirective directive && directive.getDirectiveName().equals("foreach")
                && node.jjtGetNumChildren() > 0 && node.jjtGetChild(0) instanceof ASTReference loopVariable) {
            names.add(loopVariable.getRootString());
            names.add("foreach");
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            names.addAll(variablesSetIn(node.jjtGetChild(i)));
        }
        return names;
    }

    private static void check(Node node, Set<String> ownVariables) {
        if (node instanceof ASTDirective directive && REFUSED_DIRECTIVES.contains(directive.getDirectiveName())) {
            throw unsupported(node, "#" + directive.getDirectiveName() + " (no other templates or macros)");
        }
        if (node instanceof ASTReference reference) {
            checkReference(reference, ownVariables);
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            check(node.jjtGetChild(i), ownVariables);
        }
    }

    private static void checkReference(ASTReference reference, Set<String> ownVariables) {
        String root = reference.getRootString();
        Set<String> members = switch (root) {
            case "input" -> INPUT_MEMBERS;
            case "util" -> UTIL_MEMBERS;
            case "context" -> CONTEXT_MEMBERS;
            default -> null;
        };
        if (members == null) {
            if (!ownVariables.contains(root)) {
                throw unsupported(reference, "$" + root + " (variables known here: $input, $util, $context and the template's own)");
            }
            return;
        }
        Node first = reference.jjtGetNumChildren() == 0 ? null : reference.jjtGetChild(0);
        String member = first instanceof ASTMethod method ? method.getMethodName()
                : first instanceof ASTIdentifier identifier ? identifier.getIdentifier() : null;
        if (member == null || !members.contains(member)) {
            throw unsupported(reference, "$" + root + (member == null ? "" : "." + member) + " (known here: "
                    + String.join(", ", members.stream().sorted().toList()) + ")");
        }
        if (root.equals("input") && first instanceof ASTMethod method) {
            checkPathArgument(method);
        }
    }

    /** {@code $input.path} and {@code $input.json} take one literal JSON path, checked now. */
    private static void checkPathArgument(ASTMethod method) {
        // A method node's first child is its name; each argument follows as an expression.
        Node argument = method.jjtGetNumChildren() == 2 ? method.jjtGetChild(1) : null;
        if (argument instanceof ASTExpression expression && expression.jjtGetNumChildren() == 1) {
            argument = expression.jjtGetChild(0);
        }
        if (!(argument instanceof ASTStringLiteral literal)) {
            throw unsupported(method, "$input." + method.getMethodName() + " with an argument other than one literal JSON path");
        }
        String image = literal.literal();
        try {
            jsonPath(image.substring(1, image.length() - 1));
        } catch (UnsupportedTemplateException e) {
            throw unsupported(method, e.getMessage());
        }
    }

    private static UnsupportedTemplateException unsupported(Node node, String what) {
        return new UnsupportedTemplateException("not supported locally at line " + node.getLine() + ", column "
                + node.getColumn() + ": " + what);
    }

    private static RuntimeInstance velocity() {
        RuntimeInstance velocity = new RuntimeInstance();
        velocity.setProperty(RuntimeConstants.RUNTIME_LOG_INSTANCE, NOPLogger.NOP_LOGGER);
        velocity.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
        velocity.init();
        return velocity;
    }
}
