package dev.channels.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.app.ChannelsApp;
import dev.channels.constructs.ChannelProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A new channel is one line: it adds one channel's resources and leaves every existing channel alone. */
class AddChannelTest {

    @Test
    void oneMoreLineAddsOneChannelAndChangesNoExistingResource() {
        List<ChannelProps> withProbe = new ArrayList<>(ChannelsApp.channels());
        withProbe.add(ChannelProps.builder().name("ProbeOnlyInTests").build());

        Map<String, JsonNode> before = resources(Synth.template("dev"));
        Map<String, JsonNode> after = resources(Synth.template("dev", withProbe));

        Set<String> added = new TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        Set<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(after.keySet());
        Set<String> changedTypes = new TreeSet<>();
        for (String id : before.keySet()) {
            if (after.containsKey(id) && !before.get(id).equals(after.get(id))) {
                changedTypes.add(before.get(id).path("Type").asText());
            }
        }

        // API Gateway needs a new deployment to serve a new route: CDK names it by a hash of the API,
        // so the old Deployment is replaced and the Stage points at the new one. The env dashboard
        // gains the new channel's row. Nothing else that existed changes.
        assertThat(removed).allSatisfy(id ->
                assertThat(before.get(id).path("Type").asText()).isEqualTo("AWS::ApiGateway::Deployment"));
        assertThat(changedTypes).isSubsetOf("AWS::ApiGateway::Stage", "AWS::CloudWatch::Dashboard");

        List<String> addedOutsideChannel = added.stream().filter(id -> !id.startsWith("ProbeOnlyInTests")).toList();
        assertThat(addedOutsideChannel).hasSize(removed.size()).allSatisfy(id ->
                assertThat(after.get(id).path("Type").asText()).isEqualTo("AWS::ApiGateway::Deployment"));
        assertThat(typeCounts(before, "Candidate")).containsKeys("AWS::DynamoDB::Table", "AWS::SQS::Queue",
                "AWS::Lambda::Function", "AWS::S3::Bucket", "AWS::ApiGateway::Method");
        assertThat(typeCounts(after, "ProbeOnlyInTests")).isEqualTo(typeCounts(before, "Candidate"));
    }

    private static Map<String, JsonNode> resources(JsonNode template) {
        Map<String, JsonNode> resources = new TreeMap<>();
        template.path("Resources").properties().forEach(e -> resources.put(e.getKey(), e.getValue()));
        return resources;
    }

    /** How many resources of each type a channel's construct (by its logical id prefix) creates. */
    private static Map<String, Integer> typeCounts(Map<String, JsonNode> resources, String channel) {
        Map<String, Integer> counts = new TreeMap<>();
        resources.forEach((id, resource) -> {
            if (id.startsWith(channel)) {
                counts.merge(resource.path("Type").asText(), 1, Integer::sum);
            }
        });
        return counts;
    }
}
