package dev.channels.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The VTL subset, on the templates the Channel construct synthesizes. */
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

    @Test
    void refusesFormsOutsideTheSubset() {
        for (String unsupported : new String[] {
                "$util.base64Encode($input.body)", "$input.params('x')", "#foreach($x in $input.path('$'))#end",
                "#set($x = 1)", "$input.body.length()", "#if($input.body == \"x\")a#end", "$!input.body", "${input.body}",
                "## comment", "\\$input.body", "#if($input.body.contains(\"x\"))no end", "$stageVariables.queue",
                "#if($input.body.contains(\"x\"))a#elseif($input.body.contains(\"y\"))b#end",
                "$input.path('items[0]')", "$input.path(\"$.x\")", "#set($context.responseOverride.status = $input.path('$.s'))"}) {
            assertThatThrownBy(() -> MappingTemplate.compile(unsupported)).as(unsupported)
                    .isInstanceOf(MappingTemplate.UnsupportedTemplateException.class)
                    .hasMessageContaining("not in the local VTL subset");
        }
    }
}
