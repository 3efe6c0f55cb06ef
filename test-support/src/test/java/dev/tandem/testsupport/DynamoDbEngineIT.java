package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

@AwsEngines
class DynamoDbEngineIT {

    private static final String TABLE = "engine-it-" + UUID.randomUUID();

    @BeforeAll
    static void createTable(DynamoDbClient dynamoDb) {
        dynamoDb.createTable(b -> b.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
    }

    @Test
    void conditionalPut_secondPutOfSameKey_isRejectedAndKeepsFirstValue(DynamoDbClient dynamoDb) {
        Map<String, AttributeValue> first = Map.of("pk", s("job-1"), "owner", s("alice"));
        dynamoDb.putItem(b -> b.tableName(TABLE).item(first).conditionExpression("attribute_not_exists(pk)"));

        assertThatThrownBy(() -> dynamoDb.putItem(b -> b.tableName(TABLE)
                .item(Map.of("pk", s("job-1"), "owner", s("mallory")))
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);

        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("job-1")))).item().get("owner").s())
                .isEqualTo("alice");
    }

    @Test
    void transaction_withOneFailingCondition_writesNothing(DynamoDbClient dynamoDb) {
        dynamoDb.putItem(b -> b.tableName(TABLE).item(Map.of("pk", s("taken"))));

        assertThatThrownBy(() -> dynamoDb.transactWriteItems(b -> b.transactItems(
                put(Map.of("pk", s("tx-new"))),
                put(Map.of("pk", s("taken"), "v", s("overwritten"))))))
                .isInstanceOf(TransactionCanceledException.class);

        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("tx-new")))).hasItem()).isFalse();
        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("taken")))).item()).doesNotContainKey("v");
    }

    @Test
    void transaction_withAllConditionsHolding_writesEveryItem(DynamoDbClient dynamoDb) {
        dynamoDb.transactWriteItems(b -> b.transactItems(put(Map.of("pk", s("tx-a"))), put(Map.of("pk", s("tx-b")))));

        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("tx-a")))).hasItem()).isTrue();
        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("tx-b")))).hasItem()).isTrue();
    }

    private static TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
