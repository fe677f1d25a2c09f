package dev.channels.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How long rendering takes per request, printed (never asserted: this machine is shared): the channel's request
 * template on a 1 KB body, and the integration-response template on an SQS refusal.
 */
class MappingTemplateRenderTimeTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 50_000;

    @Test
    void printsTheRenderTimePerRequest() {
        String body = "{\"id\":\"JO-1\",\"status\":\"open\",\"notes\":\"" + "x".repeat(1000) + "\"}";
        String refusal = "{\"Error\":{\"Code\":\"InvalidParameterValue\",\"Message\":\"Reason: Message must be shorter than 1048576 bytes.\"}}";
        MappingTemplate request = MappingTemplate.compile(MappingTemplateTest.REQUEST);
        MappingTemplate response = MappingTemplate.compile(MappingTemplateTest.REFUSAL);

        double requestMicros = microsPerRender(request, body);
        double responseMicros = microsPerRender(response, refusal);
        System.out.printf("MappingTemplate render: request template %.2f us, refusal response template %.2f us"
                + " (mean of %d after %d warm-up renders)%n", requestMicros, responseMicros, MEASURED, WARM_UP);
        assertThat(requestMicros).isPositive();
    }

    private static double microsPerRender(MappingTemplate template, String body) {
        int sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += template.render(new MappingTemplate.Input(body, "r-" + i)).text().length();
        }
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            sink += template.render(new MappingTemplate.Input(body, "r-" + i)).text().length();
        }
        long elapsed = System.nanoTime() - start;
        assertThat(sink).isPositive();
        return elapsed / 1_000.0 / MEASURED;
    }
}
