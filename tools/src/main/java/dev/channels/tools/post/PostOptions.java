package dev.channels.tools.post;

import dev.channels.tools.cli.Flags;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The post command's flags.
 *
 * @param route the channel's route, e.g. {@code job-order}
 * @param file the JSON body to send
 * @param apiUrl the env's API stage URL ({@code cdk deploy} prints it), on AWS
 * @param localEndpoints a local cloud's {@code local-endpoints.json}, instead of {@code apiUrl}
 * @param region the signing region; else the API URL's, the local cloud's, or the SDK's default
 */
public record PostOptions(String route, Path file, Optional<URI> apiUrl, Optional<Path> localEndpoints,
        Optional<String> region) {

    /** Wrong flags, with a message that says which and how. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message, null, false, false);
        }
    }

    public static PostOptions parse(String[] args) throws UsageException {
        Map<String, String> flags = Flags.parse(args, Set.of("--channel", "--file", "--api-url", "--local-endpoints",
                "--region"), Set.of(), UsageException::new);
        String route = flags.get("--channel");
        String file = flags.get("--file");
        String apiUrl = flags.get("--api-url");
        String localEndpoints = flags.get("--local-endpoints");
        String region = flags.get("--region");
        if (route == null) {
            throw new UsageException("--channel is required: the channel's route, e.g. job-order");
        }
        if (file == null) {
            throw new UsageException("--file is required: the JSON object to send");
        }
        if ((apiUrl == null) == (localEndpoints == null)) {
            throw new UsageException("give one of --api-url (the env's API, e.g. "
                    + "https://abc123.execute-api.eu-west-1.amazonaws.com/v1/) and --local-endpoints "
                    + "(cdk.out/local-endpoints.json of a running local cloud)");
        }
        Optional<URI> api;
        try {
            api = Optional.ofNullable(apiUrl).map(URI::create);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--api-url is not a URL: " + apiUrl);
        }
        if (api.isPresent() && !"https".equals(api.get().getScheme())) {
            throw new UsageException("--api-url must be an https:// URL, not " + apiUrl);
        }
        return new PostOptions(route, Path.of(file), api, Optional.ofNullable(localEndpoints).map(Path::of),
                Optional.ofNullable(region));
    }
}
