package dev.channels.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** API Gateway mapping templates (VTL, rendered by Velocity): the Channel construct's own, then the rest of the language. */
class MappingTemplateTest {
    /** The request template of every channel's POST method. */
    static final String REQUEST = "Action=SendMessage&MessageBody=$util.urlEncode($input.body)";
    static final String OK = "{\"messageId\":\"$input.path('$.SendMessageResponse.SendMessageResult.MessageId')\"}";
    static final String REFUSAL = "#if($input.body.contains(\"must be shorter than\"))\n"
            + "#set($context.responseOverride.status = 413)\n"
            + "{\"message\":\"too large\"}\n"
            + "#else\n"
            + "#set($context.responseOverride.status = 500)\n"
            + "{\"message\":\"retry later\"}\n"
            + "#end";

    private static String render(String template, String body) {
        return MappingTemplate.compile(template).render(new MappingTemplate.Input(body, "req-1")).text();
    }

    /** The templates the Channel construct synthesizes. */
    @Nested
    class ChannelTemplates {
        @Test
        void urlEncodesTheRawBodyAsUtf8() {
            String body = "{\"id\": \"jö 😀\",\n \"n\": 12345678901234567890.5, \"s\": \"a+b&c=d%\"}";
            String form = MappingTemplate.compile(REQUEST).render(new MappingTemplate.Input(body, "r")).text();

            assertThat(form).startsWith("Action=SendMessage&MessageBody=").doesNotContain(" ", "\n", "😀");
            assertThat(java.net.URLDecoder.decode(form.substring("Action=SendMessage&MessageBody=".length()),
                    java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(body);
        }

        @Test
        void readsJsonPathsOfTheIntegrationAnswer() {
            String answer = "{\"SendMessageResponse\":{\"SendMessageResult\":{\"MessageId\":\"m-1\"},\"list\":[{\"a\":1}]}}";
            MappingTemplate.Output output = MappingTemplate.compile(OK).render(new MappingTemplate.Input(answer, "r"));
            assertThat(output.text()).isEqualTo("{\"messageId\":\"m-1\"}");
            assertThat(output.statusOverride()).isEmpty();

            String more = "$input.json('$.SendMessageResponse.list[0]')|$input.path('$.nothing.here')|$input.path('$.SendMessageResponse.list[0].a')|$context.requestId";
            assertThat(MappingTemplate.compile(more).render(new MappingTemplate.Input(answer, "req-9")).text())
                    .isEqualTo("{\"a\":1}||1|req-9");
        }

        @Test
        void keepsNumbersExact() {
            String body = "{\"a\": 0.10, \"b\": 123456789012345678901234567890, \"c\": {\"d\": 1.0E+2}}";
            assertThat(MappingTemplate.compile("$input.path('$.a') $input.path('$.b') $input.json('$.c')")
                    .render(new MappingTemplate.Input(body, "r")).text())
                    .isEqualTo("0.10 123456789012345678901234567890 {\"d\":1.0E+2}");
        }

        @Test
        void choosesTheBranchAndStatusOverride() {
            MappingTemplate template = MappingTemplate.compile(REFUSAL);
            MappingTemplate.Output tooLarge = template.render(new MappingTemplate.Input(
                    "{\"Error\":{\"Message\":\"Reason: Message must be shorter than 1048576 bytes.\"}}", "r"));
            assertThat(tooLarge.text()).isEqualTo("{\"message\":\"too large\"}\n");
            assertThat(tooLarge.statusOverride()).isEqualTo(OptionalInt.of(413));

            MappingTemplate.Output other = template.render(new MappingTemplate.Input("{\"Error\":{\"Code\":\"X\"}}", "r"));
            assertThat(other.text()).isEqualTo("{\"message\":\"retry later\"}\n");
            assertThat(other.statusOverride()).isEqualTo(OptionalInt.of(500));

            assertThat(MappingTemplate.compile("#if(!$input.body.contains('x'))no#else yes#end").render(
                    new MappingTemplate.Input("x", "r")).text()).isEqualTo(" yes");
        }
    }

    /** What API Gateway's VTL offers beyond the channel's templates. */
    @Nested
    class TheRestOfTheLanguage {
        @Test
        void foreachAndSetWalkTheBodyAsValues() {
            String body = "{\"items\":[{\"id\":\"a\",\"n\":1},{\"id\":\"b\",\"n\":2.50}],\"flag\":true}";
            String template = "#set($items = $input.path('$.items'))\n"
                    + "#foreach($item in $items)$item.id=$item.n#if($foreach.hasNext),#end#end\n"
                    + "|$items.size()|$input.path('$.flag')|$input.path('$.items[1]')";
            // Velocity's "lines" gobbling: a line that ends in a directive loses its line end.
            assertThat(render(template, body)).isEqualTo("a=1,b=2.50|2|true|{\"id\":\"b\",\"n\":2.50}");
        }

        @Test
        void utilFunctions() {
            assertThat(render("$util.escapeJavaScript($input.body)", "say \"hi\" it's a/b\n")).isEqualTo("say \\\"hi\\\" it\\'s a\\/b\\n");
            assertThat(render("$util.base64Encode($input.body)", "jö")).isEqualTo("asO2");
            assertThat(render("$util.base64Decode('asO2')", "")).isEqualTo("jö");
            assertThat(render("$util.urlDecode('a%2Bb+c')", "")).isEqualTo("a+b c");
            assertThat(render("$util.parseJson($input.json('$.inner')).x", "{\"inner\":{\"x\":\"y\"}}")).isEqualTo("y");
        }

        @Test
        void conditionsCommentsEscapesAndQuietReferences() {
            String template = "## a comment\n#if($input.path('$.n') > 5)big#elseif($input.path('$.n') == 5)five#{else}small#end"
                    + " \\$input.body|$!input.path('$.none')|${context.requestId}";
            assertThat(render(template, "{\"n\":5}")).isEqualTo("five $input.body||req-1");
        }

        @Test
        void aReferenceToNothingRendersAsNothing() {
            assertThat(render("[$input.path('$.missing')][$x]#set($x = $input.path('$.missing'))", "{}")).isEqualTo("[][]");
        }

        @Test
        void theStatusOverrideMayComeFromTheBody() {
            MappingTemplate template = MappingTemplate.compile("#set($context.responseOverride.status = $input.path('$.s'))ok");
            assertThat(template.render(new MappingTemplate.Input("{\"s\":418}", "r")).statusOverride()).isEqualTo(OptionalInt.of(418));
            assertThat(template.render(new MappingTemplate.Input("{\"s\":\"teapot\"}", "r")).statusOverride()).isEmpty();
        }
    }

    @Test
    void refusesWhatApiGatewayWouldNotRunHereAtCompileTime() {
        for (String unsupported : new String[] {
                "$input.params('x')", "$stageVariables.queue", "$context.identity.sourceIp", "$util.nothing($input.body)",
                "#if($input.body.contains(\"x\"))no end", "$input.path('items[0]')", "$input.path('$..x')",
                "$input.json($input.body)", "#include('other.vm')", "#parse('other.vm')", "#evaluate('$input.body')",
                "#macro(m)x#end", "#define($block)x#end", "$undefined"}) {
            assertThatThrownBy(() -> MappingTemplate.compile(unsupported)).as(unsupported)
                    .isInstanceOf(MappingTemplate.UnsupportedTemplateException.class);
        }
        assertThatThrownBy(() -> MappingTemplate.compile("ok\n$input.params('x')"))
                .hasMessageStartingWith("not supported locally at line 2, column 1: $input.params");
    }
}
