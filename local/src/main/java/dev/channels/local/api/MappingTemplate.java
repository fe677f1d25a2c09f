package dev.channels.local.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API Gateway mapping template (VTL), limited to the subset our templates use, compiled once at start.
 * Anything outside the subset is refused by {@link #compile} with {@link UnsupportedTemplateException}, so a
 * template is never half-understood at request time. The subset:
 * <ul>
 *   <li>references: {@code $input.body}, {@code $input.path('<path>')}, {@code $input.json('<path>')},
 *       {@code $context.requestId}, {@code $util.urlEncode(<reference>)}; a path is {@code $} followed by
 *       {@code .name}, {@code ['name']} or {@code [n]} steps;</li>
 *   <li>{@code #set($context.responseOverride.status = <integer>)};</li>
 *   <li>{@code #if(<reference>.contains("<literal>"))} (also negated with {@code !}), {@code #else}, {@code #end},
 *       nested;</li>
 *   <li>literal text; {@code \$} and {@code \#} escapes are not supported (refused).</li>
 * </ul>
 * Whitespace: a directive alone on its line takes the whole line with it (Velocity's "lines" gobbling), so
 * the output of the 413 template is just its JSON line.
 */
public final class MappingTemplate {
    /** Numbers stay exact ($input.path of 0.10 or of a 30-digit integer gives the same digits back). */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Pattern PATH_STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_\\-]*)|\\['([^']*)'\\]|\\[(\\d+)\\]");

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

    /** A template form outside the subset; the message says which and where (offset in the template). */
    public static final class UnsupportedTemplateException extends RuntimeException {
        public UnsupportedTemplateException(String message) {
            super(message);
        }
    }

    private sealed interface Node permits Text, Ref, SetStatus, If {
    }

    private record Text(String text) implements Node {
    }

    private record Ref(Expr expr) implements Node {
    }

    private record SetStatus(int status) implements Node {
    }

    private record If(Expr subject, String literal, boolean negated, List<Node> then, List<Node> otherwise) implements Node {
    }

    private sealed interface Expr permits Body, PathExpr, JsonExpr, RequestId, UrlEncode {
    }

    private record Body() implements Expr {
    }

    private record PathExpr(List<Object> steps) implements Expr {
    }

    private record JsonExpr(List<Object> steps) implements Expr {
    }

    private record RequestId() implements Expr {
    }

    private record UrlEncode(Expr inner) implements Expr {
    }

    private final String source;
    private final List<Node> nodes;

    private MappingTemplate(String source, List<Node> nodes) {
        this.source = source;
        this.nodes = nodes;
    }

    public String source() {
        return source;
    }

    public static MappingTemplate compile(String source) {
        Parser parser = new Parser(source);
        List<Node> nodes = parser.block(false);
        return new MappingTemplate(source, nodes);
    }

    public Output render(Input input) {
        StringBuilder out = new StringBuilder();
        int[] status = {-1};
        JsonNode[] json = {null};
        render(nodes, input, out, status, json);
        return new Output(out.toString(), status[0] < 0 ? OptionalInt.empty() : OptionalInt.of(status[0]));
    }

    private static void render(List<Node> nodes, Input input, StringBuilder out, int[] status, JsonNode[] json) {
        for (Node node : nodes) {
            if (node instanceof Text text) {
                out.append(text.text());
            } else if (node instanceof Ref ref) {
                out.append(evaluate(ref.expr(), input, json));
            } else if (node instanceof SetStatus set) {
                status[0] = set.status();
            } else if (node instanceof If branch) {
                boolean contains = evaluate(branch.subject(), input, json).contains(branch.literal());
                render(contains != branch.negated() ? branch.then() : branch.otherwise(), input, out, status, json);
            }
        }
    }

    private static String evaluate(Expr expr, Input input, JsonNode[] json) {
        if (expr instanceof Body) {
            return input.body();
        }
        if (expr instanceof RequestId) {
            return input.requestId();
        }
        if (expr instanceof UrlEncode encode) {
            return URLEncoder.encode(evaluate(encode.inner(), input, json), StandardCharsets.UTF_8);
        }
        if (json[0] == null) {
            json[0] = input.json();
        }
        if (expr instanceof PathExpr path) {
            JsonNode node = select(json[0], path.steps());
            // $input.path gives the value: a string as its text, anything else as JSON; nothing as "".
            return node.isMissingNode() || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
        }
        JsonNode node = select(json[0], ((JsonExpr) expr).steps());
        return node.isMissingNode() ? "" : node.toString();
    }

    private static JsonNode select(JsonNode root, List<Object> steps) {
        JsonNode node = root;
        for (Object step : steps) {
            node = step instanceof Integer index ? node.path(index) : node.path((String) step);
        }
        return node;
    }

    /** A hand-written recursive-descent parser over the subset. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String source) {
            this.s = source;
        }

        /** Nodes up to the end of the text, or (when {@code nested}) up to an {@code #else} or {@code #end}. */
        List<Node> block(boolean nested) {
            List<Node> nodes = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\\' && pos + 1 < s.length() && (s.charAt(pos + 1) == '$' || s.charAt(pos + 1) == '#')) {
                    throw unsupported("escaped " + s.charAt(pos + 1));
                }
                if (c == '#' && (s.startsWith("##", pos) || s.startsWith("#*", pos))) {
                    throw unsupported("VTL comments");
                }
                if (c == '#' && pos + 1 < s.length() && (Character.isLetter(s.charAt(pos + 1)) || s.charAt(pos + 1) == '{')) {
                    String keyword = directiveName();
                    if (nested && (keyword.equals("else") || keyword.equals("end"))) {
                        flush(nodes, text);
                        return nodes; // the caller consumes the keyword
                    }
                    Node node = directive(keyword, lineIsBlankBefore(pos), text);
                    flush(nodes, text);
                    nodes.add(node);
                    continue;
                }
                if (c == '$' && pos + 1 < s.length() && (Character.isLetter(s.charAt(pos + 1)) || s.charAt(pos + 1) == '!'
                        || s.charAt(pos + 1) == '{')) {
                    flush(nodes, text);
                    nodes.add(new Ref(reference()));
                    continue;
                }
                text.append(c);
                pos++;
            }
            if (nested) {
                throw unsupported("#if without #end");
            }
            flush(nodes, text);
            return nodes;
        }

        /** Parses a directive; when it sits alone on its line, its indentation and line end go with it. */
        private Node directive(String keyword, boolean ownLine, StringBuilder pendingText) {
            int at = pos;
            switch (keyword) {
                case "set" -> {
                    pos += "#set".length();
                    expect("(");
                    skipSpaces();
                    String target = "$context.responseOverride.status";
                    if (!s.startsWith(target, pos)) {
                        throw unsupported("#set of anything but " + target, at);
                    }
                    pos += target.length();
                    skipSpaces();
                    expect("=");
                    skipSpaces();
                    int begin = pos;
                    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                        pos++;
                    }
                    if (begin == pos) {
                        throw unsupported("#set($context.responseOverride.status = ...) with a value other than an integer literal", at);
                    }
                    int status = Integer.parseInt(s.substring(begin, pos));
                    skipSpaces();
                    expect(")");
                    if (ownLine) {
                        gobbleLine(pendingText);
                    }
                    return new SetStatus(status);
                }
                case "if" -> {
                    pos += "#if".length();
                    skipSpaces();
                    expect("(");
                    skipSpaces();
                    boolean negated = false;
                    if (s.startsWith("!", pos)) {
                        negated = true;
                        pos++;
                    }
                    Expr subject = reference(true);
                    if (!s.startsWith(".contains(", pos)) {
                        throw unsupported("#if conditions other than <reference>.contains(\"literal\")", at);
                    }
                    pos += ".contains(".length();
                    skipSpaces();
                    String literal = stringLiteral();
                    skipSpaces();
                    expect(")");
                    skipSpaces();
                    expect(")");
                    if (ownLine) {
                        gobbleLine(pendingText);
                    }
                    List<Node> then = block(true);
                    List<Node> otherwise = List.of();
                    String next = directiveName();
                    if (next.equals("else")) {
                        int elseAt = pos;
                        boolean elseOwnLine = lineIsBlankBefore(elseAt);
                        pos += "#else".length();
                        if (elseOwnLine) {
                            gobbleRestOfLine();
                        }
                        otherwise = block(true);
                        next = directiveName();
                    }
                    if (!next.equals("end")) {
                        throw unsupported("#" + next + " inside #if (only #else and #end are supported)");
                    }
                    boolean endOwnLine = lineIsBlankBefore(pos);
                    pos += "#end".length();
                    if (endOwnLine) {
                        gobbleRestOfLine();
                    }
                    return new If(subject, literal, negated, then, otherwise);
                }
                default -> throw unsupported("#" + keyword, at);
            }
        }

        private String directiveName() {
            int p = pos + 1;
            if (p < s.length() && s.charAt(p) == '{') {
                throw unsupported("#{...} directives");
            }
            int begin = p;
            while (p < s.length() && Character.isLetter(s.charAt(p))) {
                p++;
            }
            return s.substring(begin, p);
        }

        private Expr reference() {
            return reference(false);
        }

        /** A reference at {@code pos}; with {@code allowMethodAfter}, a trailing {@code .contains(} is left for the caller. */
        private Expr reference(boolean allowMethodAfter) {
            int at = pos;
            if (s.startsWith("$!", pos) || s.startsWith("${", pos)) {
                throw unsupported("quiet ($!) or formal (${}) references", at);
            }
            Expr expr;
            if (s.startsWith("$util.urlEncode(", pos)) {
                pos += "$util.urlEncode(".length();
                skipSpaces();
                Expr inner = reference(false);
                skipSpaces();
                expect(")");
                expr = new UrlEncode(inner);
            } else if (s.startsWith("$input.path(", pos) || s.startsWith("$input.json(", pos)) {
                boolean path = s.startsWith("$input.path(", pos);
                pos += "$input.path(".length();
                skipSpaces();
                List<Object> steps = jsonPath(stringLiteral());
                skipSpaces();
                expect(")");
                expr = path ? new PathExpr(steps) : new JsonExpr(steps);
            } else if (s.startsWith("$input.body", pos)) {
                pos += "$input.body".length();
                expr = new Body();
            } else if (s.startsWith("$context.requestId", pos)) {
                pos += "$context.requestId".length();
                expr = new RequestId();
            } else {
                int end = pos + 1;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '.' || s.charAt(end) == '_')) {
                    end++;
                }
                throw unsupported("the reference " + s.substring(pos, end), at);
            }
            // A reference must end here: $input.body.size(), $input.body.foo and the like are outside the subset.
            if (pos < s.length() && s.charAt(pos) == '.' && pos + 1 < s.length() && Character.isLetter(s.charAt(pos + 1))) {
                if (!(allowMethodAfter && s.startsWith(".contains(", pos))) {
                    int end = pos + 1;
                    while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '(')) {
                        end++;
                    }
                    throw unsupported("the reference " + s.substring(at, end), at);
                }
            }
            return expr;
        }

        private List<Object> jsonPath(String path) {
            if (!path.startsWith("$")) {
                throw unsupported("JSON path '" + path + "' (must start with $)");
            }
            List<Object> steps = new ArrayList<>();
            Matcher matcher = PATH_STEP.matcher(path);
            int p = 1;
            while (p < path.length()) {
                if (!matcher.find(p) || matcher.start() != p) {
                    throw unsupported("JSON path '" + path + "' (only .name, ['name'] and [n] steps)");
                }
                steps.add(matcher.group(1) != null ? matcher.group(1)
                        : matcher.group(2) != null ? matcher.group(2) : Integer.valueOf(matcher.group(3)));
                p = matcher.end();
            }
            return steps;
        }

        private String stringLiteral() {
            if (pos >= s.length() || (s.charAt(pos) != '"' && s.charAt(pos) != '\'')) {
                throw unsupported("a non-literal argument");
            }
            char quote = s.charAt(pos);
            int end = s.indexOf(quote, pos + 1);
            if (end < 0) {
                throw unsupported("an unterminated string literal");
            }
            String literal = s.substring(pos + 1, end);
            // Velocity interpolates double-quoted strings, not single-quoted ones; escapes are not supported.
            if ((quote == '"' && literal.contains("$")) || literal.contains("\\")) {
                throw unsupported("double-quoted strings with $ (interpolation) or strings with \\ (escapes)");
            }
            pos = end + 1;
            return literal;
        }

        private boolean lineIsBlankBefore(int at) {
            for (int p = at - 1; p >= 0; p--) {
                char c = s.charAt(p);
                if (c == '\n') {
                    return true;
                }
                if (c != ' ' && c != '\t') {
                    return false;
                }
            }
            return true;
        }

        /** Removes the directive's leading indentation from the pending text and its line end from the input. */
        private void gobbleLine(StringBuilder pendingText) {
            int p = pos;
            while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
                p++;
            }
            if (p < s.length() && s.charAt(p) != '\n' && s.charAt(p) != '\r') {
                return; // more on the line: no gobbling
            }
            int length = pendingText.length();
            while (length > 0 && (pendingText.charAt(length - 1) == ' ' || pendingText.charAt(length - 1) == '\t')) {
                length--;
            }
            pendingText.setLength(length);
            pos = p;
            gobbleNewline();
        }

        private void gobbleRestOfLine() {
            int p = pos;
            while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
                p++;
            }
            if (p >= s.length() || s.charAt(p) == '\n' || s.charAt(p) == '\r') {
                pos = p;
                gobbleNewline();
            }
        }

        private void gobbleNewline() {
            if (s.startsWith("\r\n", pos)) {
                pos += 2;
            } else if (pos < s.length() && s.charAt(pos) == '\n') {
                pos++;
            }
        }

        private void flush(List<Node> nodes, StringBuilder text) {
            if (text.length() > 0) {
                nodes.add(new Text(text.toString()));
                text.setLength(0);
            }
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        private void expect(String token) {
            if (!s.startsWith(token, pos)) {
                throw unsupported("expected '" + token + "'");
            }
            pos += token.length();
        }

        private UnsupportedTemplateException unsupported(String what) {
            return unsupported(what, pos);
        }

        private UnsupportedTemplateException unsupported(String what, int at) {
            return new UnsupportedTemplateException("not in the local VTL subset at offset " + at + ": " + what);
        }
    }
}
