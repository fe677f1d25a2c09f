package dev.channels.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.app.ChannelsApp;
import dev.channels.app.ChannelsStack;
import dev.channels.app.EnvSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** Every name AWS sees is derived from the env prefix, so envs can live side by side in one account. */
class PhysicalNamesTest {
    /** Properties that hold a name AWS keeps per account and region (or globally, for buckets). */
    private static final Map<String, String> NAME_PROPERTIES = Map.ofEntries(
            Map.entry("AWS::DynamoDB::Table", "TableName"),
            Map.entry("AWS::SQS::Queue", "QueueName"),
            Map.entry("AWS::Lambda::Function", "FunctionName"),
            Map.entry("AWS::S3::Bucket", "BucketName"),
            Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
            Map.entry("AWS::CloudWatch::Alarm", "AlarmName"),
            Map.entry("AWS::CloudWatch::Dashboard", "DashboardName"),
            Map.entry("AWS::SNS::Topic", "TopicName"),
            Map.entry("AWS::KMS::Alias", "AliasName"),
            Map.entry("AWS::ApiGateway::RestApi", "Name"),
            Map.entry("AWS::SecretsManager::Secret", "Name"),
            Map.entry("AWS::IAM::Role", "RoleName"));

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void everyPhysicalNameStartsWithTheEnvPrefix(String env) {
        List<String> names = physicalNames(Synth.template(env));

        assertThat(names).hasSizeGreaterThan(30);
        assertThat(names).allSatisfy(name -> assertThat(withoutServicePrefix(name))
                .as("physical name %s", name)
                .matches(env + "[-/].*"));
    }

    @Test
    void twoEnvsInOneAppShareNoPhysicalName() {
        App app = Synth.appFor("dev");
        new ChannelsStack(app, EnvSettings.of(app.getNode(), "dev", Synth.NO_CLI_ENVIRONMENT), ChannelsApp.channels());
        new ChannelsStack(app, EnvSettings.of(app.getNode(), "test", Synth.NO_CLI_ENVIRONMENT), ChannelsApp.channels());
        CloudAssembly assembly = app.synth();

        List<String> dev = physicalNames(Synth.template(assembly, "dev"));
        List<String> test = physicalNames(Synth.template(assembly, "test"));

        assertThat(dev).hasSameSizeAs(test).doesNotHaveDuplicates();
        assertThat(test).doesNotHaveDuplicates().doesNotContainAnyElementsOf(dev);
    }

    /** The literal names in the template; a name CloudFormation generates (no property) is unique anyway. */
    static List<String> physicalNames(JsonNode template) {
        List<String> names = new ArrayList<>();
        Set<String> types = new HashSet<>();
        for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
            String type = resource.getValue().path("Type").asText();
            String property = NAME_PROPERTIES.get(type);
            JsonNode name = resource.getValue().path("Properties").path(property == null ? "" : property);
            if (name.isTextual()) {
                names.add(name.asText());
                types.add(type);
            }
        }
        // A guard against the test going blind: the channel resources must all be named by us.
        assertThat(types).contains("AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::Lambda::Function",
                "AWS::S3::Bucket", "AWS::CloudWatch::Alarm");
        return names;
    }

    private static String withoutServicePrefix(String name) {
        return name.replaceFirst("^(alias/|/aws/lambda/)", "");
    }
}
