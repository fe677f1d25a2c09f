package dev.channels.tools.post;

import dev.channels.tools.cli.LocalEndpointsFile;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * {@code post}: sends a JSON file to a channel's route the way a producer must, signed with SigV4 from the
 * default credential chain (environment, profile or SSO, container, instance), against AWS or a local cloud.
 * Prints the status and the answer; exit 0 on a 2xx, 1 otherwise, 2 on wrong usage.
 */
public final class PostCommand {
    public static final String USAGE = """
            post: send a JSON object to a channel, signed with SigV4 as the route's IAM auth requires
              --channel          the channel's route, e.g. job-order
              --file             the JSON object to send
              --api-url          the env's API stage URL on AWS (cdk deploy prints it as ...Endpoint...)
              --local-endpoints  instead of --api-url: a running local cloud's cdk.out/local-endpoints.json
              --region           the signing region (default: the API URL's, the local cloud's, or the SDK's)
            credentials: the SDK's default chain (AWS_PROFILE, SSO, environment, ...); with --local-endpoints, the local
            producer's (producerCredentials in the file, written by a local cloud started with --api-auth)""";
    private static final Pattern API_REGION = Pattern.compile("\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com$");

    private PostCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        PostOptions options;
        try {
            options = PostOptions.parse(args);
        } catch (PostOptions.UsageException e) {
            err.println(e.getMessage() + "\n\n" + USAGE);
            return 2;
        }
        URI url;
        String region;
        AwsCredentials credentials;
        byte[] body;
        try {
            body = Files.readAllBytes(options.file());
            if (options.localEndpoints().isPresent()) {
                LocalEndpointsFile local = LocalEndpointsFile.read(options.localEndpoints().get());
                String api = local.get("apis." + options.route());
                if (api == null) {
                    err.println("post: the local cloud has no route '" + options.route() + "' (see apis in "
                            + options.localEndpoints().get() + ")");
                    return 2;
                }
                url = URI.create(api);
                region = options.region().orElse(local.get("region"));
                // A local cloud started with --api-auth writes its producer's key; without it any key is accepted.
                String keyId = local.get("producerCredentials.accessKeyId");
                credentials = keyId == null ? AwsBasicCredentials.create("local", "local")
                        : AwsBasicCredentials.create(keyId, local.get("producerCredentials.secretAccessKey"));
            } else {
                URI stage = options.apiUrl().orElseThrow();
                url = stage.resolve(stage.getPath().endsWith("/") ? options.route() : stage.getPath() + "/" + options.route());
                region = options.region().or(() -> regionOf(stage)).orElseGet(() -> new DefaultAwsRegionProviderChain()
                        .getRegion().id());
                credentials = DefaultCredentialsProvider.builder().build().resolveCredentials();
            }
        } catch (IOException e) {
            err.println("post: cannot read " + e.getMessage());
            return 2;
        } catch (SdkException e) {
            // No credentials or no region: the SDK's message says where it looked.
            err.println("post: " + e.getMessage());
            return 1;
        }
        try {
            HttpResponse<String> response = new SignedPost(HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10)).build()).send(url, body, credentials, region);
            out.println("HTTP " + response.statusCode() + " " + response.body());
            return response.statusCode() / 100 == 2 ? 0 : 1;
        } catch (IOException e) {
            err.println("post: " + url + " did not answer: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            err.println("post: " + e);
            return 1;
        }
    }

    /** {@code eu-west-1} of {@code abc123.execute-api.eu-west-1.amazonaws.com}. */
    static Optional<String> regionOf(URI api) {
        Matcher matcher = API_REGION.matcher(api.getHost() == null ? "" : api.getHost());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
