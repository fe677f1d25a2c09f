package dev.channels.lambdas;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients as the handlers build them at init: explicit region, a short credentials chain and the
 * JDK-based HTTP client, so the SDK skips its slow discovery steps (region and credential provider
 * chains, HTTP client service loading) on a cold start.
 */
public final class AwsClients {
    /** Set by Lambda itself, not by the constructs. */
    public static final String AWS_REGION = "AWS_REGION";
    /** The SDK's standard endpoint overrides, read by the SDK itself; used here only to pick S3 path-style. */
    static final String ENDPOINT_URL_S3 = "AWS_ENDPOINT_URL_S3";
    static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";

    /** Loopback or same-region calls; a stuck connection should fail well before the function times out. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(EnvVars env) {
        return DynamoDbClient.builder()
                .region(region(env))
                .credentialsProvider(credentials())
                .httpClientBuilder(httpClient())
                .build();
    }

    public static SecretsManagerClient secretsManager(EnvVars env) {
        return SecretsManagerClient.builder()
                .region(region(env))
                .credentialsProvider(credentials())
                .httpClientBuilder(httpClient())
                .build();
    }

    public static SqsClient sqs(EnvVars env) {
        return SqsClient.builder()
                .region(region(env))
                .credentialsProvider(credentials())
                .httpClientBuilder(httpClient())
                .build();
    }

    /**
     * Path-style addressing when an endpoint override is set (a local S3 emulator on loopback cannot
     * serve {@code bucket.127.0.0.1}); virtual-hosted style, as S3 wants, otherwise.
     */
    public static S3Client s3(EnvVars env) {
        boolean endpointOverride = env.optional(ENDPOINT_URL_S3).isPresent() || env.optional(ENDPOINT_URL).isPresent();
        return S3Client.builder()
                .region(region(env))
                .credentialsProvider(credentials())
                .httpClientBuilder(httpClient())
                .forcePathStyle(endpointOverride)
                .build();
    }

    private static Region region(EnvVars env) {
        return Region.of(env.required(AWS_REGION));
    }

    /**
     * With SnapStart, Lambda hands out credentials through the container endpoint
     * (AWS_CONTAINER_CREDENTIALS_FULL_URI) instead of the AWS_ACCESS_KEY_ID variables; without it, the
     * variables. The chain takes whichever is there.
     */
    private static AwsCredentialsProvider credentials() {
        return AwsCredentialsProviderChain.of(
                ContainerCredentialsProvider.builder().build(),
                EnvironmentVariableCredentialsProvider.create());
    }

    private static UrlConnectionHttpClient.Builder httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT);
    }
}
