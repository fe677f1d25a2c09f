package dev.channels.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The local REST API's fixture ({@code local/src/test/resources/assemblies/api}) carries the Channel construct's
 * POST method and gateway response as the real app synthesizes them, so the local tests serve what
 * {@code cdk deploy} ships: what the construct writes is compared with the real dev app here. (The fixture adds
 * what the app has not: a route whose queue is gone, and a model with a number limit.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalApiFixtureTest {
    static final Path FIXTURE = Path.of("local", "src", "test", "resources", "assemblies", "api", "api-channels.template.json");
    /** Fixture logical id -> the real app's logical id prefix (CDK adds a hash). */
    private static final Map<String, String> METHODS = Map.of("JobOrderPost", "JobOrderPost", "CandidatePost", "CandidatePost");
    private static final List<String> METHOD_PROPERTIES = List.of("AuthorizationType", "HttpMethod", "MethodResponses",
            "OperationName");
    private static final List<String> INTEGRATION_PROPERTIES = List.of("Type", "IntegrationHttpMethod", "RequestParameters",
            "RequestTemplates", "PassthroughBehavior", "IntegrationResponses");

    private JsonNode fixture;
    private JsonNode app;

    @BeforeAll
    void read() throws IOException {
        fixture = Synth.JSON.readTree(Synth.repoRoot().resolve(FIXTURE).toFile()).path("Resources");
        app = Synth.template("dev").path("Resources");
    }

    @Test
    void thePostMethodsAreTheConstructsAsSynthesized() {
        METHODS.forEach((fixtureId, appPrefix) -> {
            JsonNode local = fixture.path(fixtureId).path("Properties");
            JsonNode real = resource(appPrefix, "AWS::ApiGateway::Method").path("Properties");
            METHOD_PROPERTIES.forEach(property -> assertThat(local.path(property)).as(fixtureId + "." + property)
                    .isEqualTo(real.path(property)));
            INTEGRATION_PROPERTIES.forEach(property -> assertThat(local.path("Integration").path(property))
                    .as(fixtureId + ".Integration." + property).isEqualTo(real.path("Integration").path(property)));
        });
    }

    @Test
    void theBadRequestBodyResponseIsTheConstructsAsSynthesized() {
        JsonNode local = resource("EnvironmentApiBadRequestBody", "AWS::ApiGateway::GatewayResponse", fixture).path("Properties");
        JsonNode real = resource("EnvironmentApiBadRequestBody", "AWS::ApiGateway::GatewayResponse").path("Properties");
        for (String property : List.of("ResponseType", "StatusCode", "ResponseTemplates", "ResponseParameters")) {
            assertThat(local.path(property)).as(property).isEqualTo(real.path(property));
        }
    }

    private JsonNode resource(String logicalIdPrefix, String type) {
        return resource(logicalIdPrefix, type, app);
    }

    private static JsonNode resource(String logicalIdPrefix, String type, JsonNode resources) {
        List<Map.Entry<String, JsonNode>> found = resources.properties().stream()
                .filter(entry -> entry.getKey().startsWith(logicalIdPrefix) && entry.getValue().path("Type").asText().equals(type))
                .toList();
        assertThat(found).as(type + " " + logicalIdPrefix + "*").hasSize(1);
        return found.get(0).getValue();
    }
}
