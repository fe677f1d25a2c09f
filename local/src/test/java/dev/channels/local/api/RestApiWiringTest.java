package dev.channels.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.Fixtures;
import dev.channels.local.LocalCloud;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The service registered in a whole local cloud. The real synthesized app's API is served end to end by
 * {@code test/.../e2e/LocalCloudEndToEndTest}, which synthesizes it first (no dependence on a stale {@code cdk.out}).
 */
class RestApiWiringTest {

    @Test
    void servesTheApiInALocalCloudAndWritesItsUrlsToLocalEndpoints() throws Exception {
        Path assembly = Fixtures.assemblyCopy("api", Files.createTempDirectory("api-local-cloud-"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (LocalCloud cloud = LocalCloud.builder()
                .assembly(assembly)
                .dynaliteCli(Fixtures.dynaliteCli())
                .catalog(RestApiService.catalog(ResourceCatalog.defaults()))
                .service(RestApiService::new)
                .console(new PrintStream(console, true, StandardCharsets.UTF_8))
                .build()
                .start();
                SqsClient sqs = Fixtures.sqs(cloud.endpoints().sqs())) {
            URI jobOrder = cloud.endpoints().apis().get("job-order");
            assertThat(jobOrder.toString()).matches("http://127\\.0\\.0\\.1:\\d+/v1/job-order");
            JsonNode file = Json.parse(Files.readAllBytes(cloud.endpointsFile()));
            assertThat(file.path("apis").path("job-order").asText()).isEqualTo(jobOrder.toString());
            assertThat(cloud.inventory().report()).contains("AWS::ApiGateway::Method");

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(jobOrder)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"wired\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            String queue = sqs.getQueueUrl(request -> request.queueName("api-job-order-inbox")).queueUrl();
            assertThat(sqs.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(1)).messages())
                    .singleElement().satisfies(message -> assertThat(message.body()).isEqualTo("{\"id\":\"wired\"}"));
        }
    }
}
