package dev.channels.tools.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.support.http.LoopbackHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The post command against a stub API on loopback, and the request it signs for AWS. */
class PostCommandTest {
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=%s/\\d{8}/%s/execute-api/aws4_request, "
            + "SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}";

    /** What the stub API received: headers (lower-case names) and body. */
    private record Received(Map<String, List<String>> headers, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private LoopbackHttpServer api;
    private int status = 200;

    @BeforeEach
    void startStubApi() {
        api = LoopbackHttpServer.start("api-stub", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            received.add(new Received(headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            LoopbackHttpServer.send(exchange, status, "application/json",
                    (status == 200 ? "{\"messageId\":\"m-1\"}" : "{\"message\":\"Forbidden\"}").getBytes(StandardCharsets.UTF_8));
        });
    }

    @AfterEach
    void stopStubApi() {
        api.close();
    }

    private Path localEndpoints(Path dir) throws IOException {
        String route = api.uri() + "/local/job-order";
        return Files.writeString(dir.resolve("local-endpoints.json"),
                "{\"region\":\"eu-west-1\",\"apis\":{\"job-order\":\"" + route + "\"},\"sqs\":\"http://127.0.0.1:1\"}");
    }

    @Test
    void postsTheFileSignedToTheLocalRouteAndPrintsTheAnswer(@TempDir Path dir) throws IOException {
        Path body = Files.writeString(dir.resolve("job-order.json"), "{\"id\":\"JO-1\",\"title\":\"Gr\u00f6\u00dfe\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = PostCommand.run(new String[] {"--channel", "job-order", "--file", body.toString(),
            "--local-endpoints", localEndpoints(dir).toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("HTTP 200 {\"messageId\":\"m-1\"}" + System.lineSeparator());
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.body()).isEqualTo("{\"id\":\"JO-1\",\"title\":\"Gr\u00f6\u00dfe\"}");
            assertThat(request.headers().get("content-type")).containsExactly("application/json");
            assertThat(request.headers().get("authorization")).singleElement().asString()
                    .matches(String.format(AUTHORIZATION, "local", "eu-west-1"));
            assertThat(request.headers()).containsKey("x-amz-date");
        });
    }

    @Test
    void aRefusalExitsOneWithTheAnswer(@TempDir Path dir) throws IOException {
        status = 403;
        Path body = Files.writeString(dir.resolve("b.json"), "{\"id\":\"JO-1\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = PostCommand.run(new String[] {"--channel", "job-order", "--file", body.toString(),
            "--local-endpoints", localEndpoints(dir).toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("HTTP 403 {\"message\":\"Forbidden\"}");
    }

    @Test
    void anUnknownRouteOrAMissingFileIsAUsageError(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        Path endpoints = localEndpoints(dir);

        assertThat(PostCommand.run(new String[] {"--channel", "placement", "--file", endpoints.toString(),
            "--local-endpoints", endpoints.toString()}, System.out, errors)).isEqualTo(2);
        assertThat(PostCommand.run(new String[] {"--channel", "job-order", "--file", dir.resolve("none.json").toString(),
            "--local-endpoints", endpoints.toString()}, System.out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the local cloud has no route 'placement'")
                .contains("post: cannot read ");
        assertThat(received).isEmpty();
    }

    /** On AWS: the stage URL's region and the route, session credentials' token signed along. */
    @Test
    void signsForExecuteApiInTheApisRegion() {
        URI url = URI.create("https://abc123.execute-api.us-east-2.amazonaws.com/v1/job-order");
        AwsSessionCredentials session = AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "token-1");

        SdkHttpRequest signed = SignedPost.sign(url, "{\"id\":\"JO-1\"}".getBytes(StandardCharsets.UTF_8), session,
                PostCommand.regionOf(url).orElseThrow());

        assertThat(signed.firstMatchingHeader("Authorization")).hasValueSatisfying(value -> assertThat(value)
                .matches(String.format(AUTHORIZATION, "AKIDEXAMPLE", "us-east-2")).contains("x-amz-security-token"));
        assertThat(signed.firstMatchingHeader("X-Amz-Security-Token")).contains("token-1");
        SdkHttpRequest otherBody = SignedPost.sign(url, "{\"id\":\"JO-2\"}".getBytes(StandardCharsets.UTF_8), session,
                "us-east-2");
        assertThat(otherBody.firstMatchingHeader("Authorization")).isNotEqualTo(signed.firstMatchingHeader("Authorization"));
        assertThat(PostCommand.regionOf(URI.create("https://api.example.com/v1/"))).isEmpty();
    }

    @Test
    void optionsSayWhatIsMissing() {
        assertThatThrownBy(() -> PostOptions.parse(new String[] {"--file", "a.json", "--api-url", "https://x/v1/"}))
                .hasMessageStartingWith("--channel is required");
        assertThatThrownBy(() -> PostOptions.parse(new String[] {"--channel", "job-order", "--file", "a.json"}))
                .hasMessageStartingWith("give one of --api-url");
        assertThatThrownBy(() -> PostOptions.parse(new String[] {"--channel", "job-order", "--file", "a.json",
            "--api-url", "http://abc.execute-api.eu-west-1.amazonaws.com/v1/"}))
                .hasMessageStartingWith("--api-url must be an https:// URL");
    }
}
