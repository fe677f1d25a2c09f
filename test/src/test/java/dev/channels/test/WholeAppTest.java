package dev.channels.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.app.ChannelsApp;
import dev.channels.app.ChannelsStack;
import dev.channels.constructs.NagChecks;
import dev.channels.constructs.Naming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

/** The real app, synthesized for every env in cdk.json, as `cdk synth -c env=NAME` would. */
class WholeAppTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void everyEnvSynthesizesWithEveryChannelAndNoNagFinding(String env) {
        App app = Synth.appFor(env);
        ChannelsStack stack = Synth.build(app);

        JsonNode template = Synth.template(app.synth(), env);

        assertThat(stack.getStackName()).isEqualTo(env + "-channels");
        List<String> expected = new ArrayList<>();
        ChannelsApp.channels().forEach(channel -> expected.add(env + "-" + Naming.kebab(channel.name())));
        expected.add(env + "-channels-notify-ledger");
        assertThat(tableNames(template)).containsExactlyInAnyOrderElementsOf(expected)
                .contains(env + "-job-order", env + "-candidate");
        assertThat(NagChecks.findings(stack)).isEmpty();
    }

    @Test
    void everyChannelsBodiesAreCheckedAndJobOrdersNeedTheirVersion() {
        JsonNode dev = Synth.template("dev");

        Map<String, JsonNode> schemas = new java.util.TreeMap<>();
        dev.path("Resources").properties().forEach(resource -> {
            if ("AWS::ApiGateway::Model".equals(resource.getValue().path("Type").asText())) {
                JsonNode properties = resource.getValue().path("Properties");
                schemas.put(properties.path("Name").asText(), properties.path("Schema"));
            }
        });
        List<String> expected = ChannelsApp.channels().stream().map(channel -> channel.name() + "Request").toList();
        assertThat(schemas.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (JsonNode schema : schemas.values()) {
            assertThat(schema.path("type").asText()).isEqualTo("object");
            assertThat(schema.path("required").get(0).asText()).isEqualTo("id");
            assertThat(schema.path("properties").path("id").path("minLength").asInt()).isEqualTo(1);
        }
        JsonNode jobOrder = schemas.get("JobOrderRequest");
        assertThat(jobOrder.path("required")).extracting(JsonNode::asText).containsExactly("id", "updatedAt");
        assertThat(jobOrder.path("properties").path("status").path("minLength").asInt()).isEqualTo(1);
    }

    @Test
    void prodRetainsAndProtectsItsData() {
        JsonNode prod = Synth.template("prod");
        for (JsonNode table : resourcesOfType(prod, "AWS::DynamoDB::Table")) {
            assertThat(table.path("DeletionPolicy").asText()).isEqualTo("Retain");
            assertThat(table.path("Properties").path("DeletionProtectionEnabled").asBoolean()).isTrue();
            assertThat(table.path("Properties").path("PointInTimeRecoverySpecification")
                    .path("PointInTimeRecoveryEnabled").asBoolean()).isTrue();
        }
        for (JsonNode bucket : resourcesOfType(prod, "AWS::S3::Bucket")) {
            assertThat(bucket.path("DeletionPolicy").asText()).isEqualTo("Retain");
        }
    }

    @Test
    void devIsRemovedWithItsStack() {
        JsonNode dev = Synth.template("dev");
        List<JsonNode> stateful = new ArrayList<>(resourcesOfType(dev, "AWS::DynamoDB::Table"));
        stateful.addAll(resourcesOfType(dev, "AWS::S3::Bucket"));
        stateful.addAll(resourcesOfType(dev, "AWS::SQS::Queue"));
        assertThat(stateful).isNotEmpty().allSatisfy(resource ->
                assertThat(resource.path("DeletionPolicy").asText()).isEqualTo("Delete"));
        for (JsonNode table : resourcesOfType(dev, "AWS::DynamoDB::Table")) {
            assertThat(table.path("Properties").path("DeletionProtectionEnabled").asBoolean(false)).isFalse();
        }
    }

    @Test
    void unknownEnvFailsNamingTheKnownOnes() {
        App app = Synth.appFor("nope");

        assertThatThrownBy(() -> Synth.build(app))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope")
                .hasMessageContaining("dev")
                .hasMessageContaining("test")
                .hasMessageContaining("prod");
    }

    static List<String> tableNames(JsonNode template) {
        return resourcesOfType(template, "AWS::DynamoDB::Table").stream()
                .map(table -> table.path("Properties").path("TableName").asText())
                .toList();
    }

    static List<JsonNode> resourcesOfType(JsonNode template, String type) {
        List<JsonNode> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
            if (type.equals(resource.getValue().path("Type").asText())) {
                found.add(resource.getValue());
            }
        }
        return found;
    }
}
