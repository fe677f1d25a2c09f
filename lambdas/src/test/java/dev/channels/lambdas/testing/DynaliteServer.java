package dev.channels.lambdas.testing;

import dev.channels.support.dynalite.Dynalite;
import dev.channels.support.poll.Poll;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * A real DynamoDB-compatible server for tests, one per test class: {@link Dynalite} (started from the repo
 * root's node_modules) with an SDK client for it. Use it with
 * {@code @RegisterExtension static final DynaliteServer DYNAMO = new DynaliteServer();}.
 */
public final class DynaliteServer implements BeforeAllCallback, AfterAllCallback {
    private static final Duration TABLE_TIMEOUT = Duration.ofSeconds(10);

    private Dynalite dynalite;
    private DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dynalite = Dynalite.builder().start();
        client = clientFor(dynalite.endpoint());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }

    public URI endpoint() {
        return dynalite.endpoint();
    }

    /** A client for the server, shared by the test class (the server is closed with it). */
    public DynamoDbClient client() {
        return client;
    }

    /** A new, empty, ACTIVE table keyed by a string attribute, as the Channel construct creates it. */
    public String createTable(String partitionKey) {
        String name = "test-" + UUID.randomUUID();
        client.createTable(request -> request
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName(partitionKey).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build()));
        Poll.until("table " + name + " ACTIVE", TABLE_TIMEOUT,
                () -> client.describeTable(request -> request.tableName(name)).table().tableStatus() == TableStatus.ACTIVE);
        return name;
    }

    private static DynamoDbClient clientFor(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
