package dev.channels.local;

import dev.channels.local.assembly.CloudAssembly;
import dev.channels.local.assembly.StackArtifact;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.template.LocalAddresses;
import dev.channels.local.template.ResolvedStack;
import dev.channels.support.dynalite.DynaliteCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The test cloud assemblies, all in {@code src/test/resources/assemblies/} (see its README for why each is
 * hand-written), dynalite's location and SDK clients for local endpoints.
 */
public final class Fixtures {
    public static final String STACK = "test-channels";
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "eu-west-1";
    public static final String ASSET_HASH = "5f2c9e0d4b7a1c3e8f6d2a9b0c4e7f1a3d5b8c0e2f4a6b8d0c2e4f6a8b0d2c4e";
    /** Where resolver-only tests pretend the local SQS listens. */
    public static final URI SQS = URI.create("http://127.0.0.1:9324");

    private Fixtures() {
    }

    /** The foundation's fixture assembly in place (read-only use). */
    public static Path assembly() {
        return assembly("foundation");
    }

    /** The fixture assembly {@code src/test/resources/assemblies/<name>} in place (read-only use). */
    public static Path assembly(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/assemblies/" + name + "/manifest.json").toURI()).getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("No fixture assembly src/test/resources/assemblies/" + name, e);
        }
    }

    /** A copy of the foundation's fixture assembly under {@code directory}, for tests that write into it. */
    public static Path assemblyCopy(Path directory) {
        return assemblyCopy("foundation", directory);
    }

    /** A copy of fixture assembly {@code name} as {@code directory/cdk.out}, for tests that write into it. */
    public static Path assemblyCopy(String name, Path directory) {
        Path target = directory.resolve("cdk.out");
        try (Stream<Path> files = Files.list(assembly(name))) {
            Files.createDirectories(target);
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    public static StackArtifact artifact() {
        return CloudAssembly.read(assembly()).stack(Optional.empty(), Optional.empty());
    }

    public static ResolvedStack stack() {
        return stack(Map.of());
    }

    public static ResolvedStack stack(Map<String, String> parameters) {
        return ResolvedStack.of(artifact(), ResourceCatalog.defaults(), LocalAddresses.of(SQS), parameters);
    }

    /** {@code node_modules/dynalite/cli.js} of the repo (surefire passes the repo root; `npm ci` installs it). */
    public static Path dynaliteCli() {
        return DynaliteCli.find();
    }

    public static DynamoDbClient dynamoDb(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static SqsClient sqs(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static S3Client s3(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static SecretsManagerClient secretsManager(URI endpoint) {
        return SecretsManagerClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
}
