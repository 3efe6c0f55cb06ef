package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** With a data directory (scripts/dev --data-dir), tables and items outlive the engine's process. */
class DynamoDbPersistenceIT {

    @Test
    void tablesAndItems_surviveARestartOfTheEngine() throws Exception {
        Path dir = Files.createTempDirectory("dynamodb-data");
        try (EmbeddedDynamoDb first = EmbeddedDynamoDb.start(dir); DynamoDbClient dynamoDb = client(first)) {
            dynamoDb.createTable(b -> b.tableName("kept").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            dynamoDb.waiter().waitUntilTableExists(b -> b.tableName("kept"));
            dynamoDb.putItem(b -> b.tableName("kept").item(Map.of("pk", AttributeValue.fromS("job-1"), "v", AttributeValue.fromS("kept"))));
        }
        try (EmbeddedDynamoDb second = EmbeddedDynamoDb.start(dir); DynamoDbClient dynamoDb = client(second)) {
            var item = dynamoDb.getItem(b -> b.tableName("kept").key(Map.of("pk", AttributeValue.fromS("job-1"))).consistentRead(true)).item();
            assertThat(item.get("v").s()).isEqualTo("kept");
        }
    }

    private static DynamoDbClient client(EmbeddedDynamoDb engine) {
        return AwsClients.dynamoDb(new AwsEndpoints("embedded", engine.endpoint(), engine.endpoint(), engine.endpoint(),
                software.amazon.awssdk.regions.Region.US_EAST_1, EmbeddedAwsBackend.ACCESS_KEY_ID, EmbeddedAwsBackend.SECRET_ACCESS_KEY));
    }
}
