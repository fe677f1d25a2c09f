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

/** The test cloud assembly (src/test/resources/assembly), dynalite's location and SDK clients for local endpoints. */
public final class Fixtures {
    public static final String STACK = "test-channels";
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "eu-west-1";
    public static final String ASSET_HASH = "5f2c9e0d4b7a1c3e8f6d2a9b0c4e7f1a3d5b8c0e2f4a6b8d0c2e4f6a8b0d2c4e";
    /** Where resolver-only tests pretend the local SQS listens. */
    public static final URI SQS = URI.create("http://127.0.0.1:9324");

    private Fixtures() {
    }

    /** The fixture assembly in place (read-only use). */
    public static Path assembly() {
        try {
            return Path.of(Fixtures.class.getResource("/assembly/manifest.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the fixture assembly under {@code directory}, for tests that write into it. */
    public static Path assemblyCopy(Path directory) {
        Path target = directory.resolve("cdk.out");
        try (Stream<Path> files = Files.list(assembly())) {
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
