package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The DynamoDB behaviour Tandem relies on, as DynamoDB documents it, checked against the engine the tests
 * and the local stack run (dynalite with the project's extension, by default) and against LocalStack where
 * Docker exists ({@code -Dtandem.backend=localstack}). A change of engine must keep this suite green.
 *
 * <p>Where the default engine deviates from DynamoDB, Tandem does not rely on it:
 * <ul>
 *   <li>TTL is recorded and described but items are never expired (Tandem's TTLs only bound storage);</li>
 *   <li>a GetItem or Query concurrent with a TransactWriteItems may observe the transaction's items one by
 *       one (DynamoDB isolates GetItem from transactions; Tandem's readers do not depend on it);</li>
 *   <li>no throttling, capacity or on-demand limits, and no streams.</li>
 * </ul>
 */
@AwsEngines
class DynamoDbConformanceIT {

    private static final String TABLE = "conformance-" + UUID.randomUUID();
    private static final String INDEX = "byStatus";

    @BeforeAll
    static void createTable(DynamoDbClient dynamoDb) {
        dynamoDb.createTable(b -> b.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk"), attribute("sk"), attribute("status"))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(INDEX)
                        .keySchema(key("status", KeyType.HASH), key("sk", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
    }

    @Test
    void conditionalPut_onAnExistingKey_failsAndKeepsTheFirstItem(DynamoDbClient dynamoDb) {
        String pk = id();
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(pk, "owner", s("alice"))).conditionExpression("attribute_not_exists(pk)"));

        assertThatThrownBy(() -> dynamoDb.putItem(b -> b.tableName(TABLE).item(item(pk, "owner", s("mallory")))
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> assertThat(e.hasItem()).isFalse());
        assertThat(get(dynamoDb, pk).get("owner").s()).isEqualTo("alice");
    }

    @Test
    void conditionalWrites_withReturnValuesOnConditionCheckFailure_returnTheItemAsItWas(DynamoDbClient dynamoDb) {
        String pk = id();
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(pk, "version", n(3))));

        assertThatThrownBy(() -> dynamoDb.putItem(b -> b.tableName(TABLE).item(item(pk, "version", n(9)))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(2)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> assertThat(e.item().get("version").n()).isEqualTo("3"));
        assertThatThrownBy(() -> dynamoDb.updateItem(b -> b.tableName(TABLE).key(key(pk)).updateExpression("SET version = :n")
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(2), ":n", n(4)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> assertThat(e.item().get("version").n()).isEqualTo("3"));
        assertThatThrownBy(() -> dynamoDb.deleteItem(b -> b.tableName(TABLE).key(key(pk))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(2)))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(get(dynamoDb, pk).get("version").n()).isEqualTo("3");
    }

    @Test
    void conditionalUpdateAndDelete_applyWhenTheConditionHolds(DynamoDbClient dynamoDb) {
        String pk = id();
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(pk, "version", n(1))));
        dynamoDb.updateItem(b -> b.tableName(TABLE).key(key(pk)).updateExpression("SET version = :n").conditionExpression("version = :v")
                .expressionAttributeValues(Map.of(":v", n(1), ":n", n(2))));
        assertThat(get(dynamoDb, pk).get("version").n()).isEqualTo("2");

        dynamoDb.deleteItem(b -> b.tableName(TABLE).key(key(pk)).conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(2))));
        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(key(pk)).consistentRead(true)).hasItem()).isFalse();
    }

    @Test
    void transactWriteItems_withOneFailingCondition_writesNothing_andSaysWhichItemFailed(DynamoDbClient dynamoDb) {
        String taken = id();
        String fresh = id();
        String updated = id();
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(taken, "v", s("original"))));
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(updated, "count", n(1))));

        assertThatThrownBy(() -> dynamoDb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(item(fresh, "v", s("new")))
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(TABLE).key(key(updated))
                        .updateExpression("ADD #c :one").expressionAttributeNames(Map.of("#c", "count"))
                        .expressionAttributeValues(Map.of(":one", n(1))).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(item(taken, "v", s("overwritten")))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.cancellationReasons()).extracting(r -> r.code()).containsExactly("None", "None", "ConditionalCheckFailed");
                    assertThat(e.cancellationReasons().get(2).item().get("v").s()).isEqualTo("original");
                });

        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(key(fresh)).consistentRead(true)).hasItem()).isFalse();
        assertThat(get(dynamoDb, updated).get("count").n()).isEqualTo("1");
        assertThat(get(dynamoDb, taken).get("v").s()).isEqualTo("original");
    }

    @Test
    void transactWriteItems_withAConditionCheck_appliesEveryWriteWhenAllConditionsHold(DynamoDbClient dynamoDb) {
        String guard = id();
        String target = id();
        String gone = id();
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(guard, "open", bool(true))));
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(gone)));

        dynamoDb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(TABLE).key(key(guard))
                        .conditionExpression("#o = :t").expressionAttributeNames(Map.of("#o", "open"))
                        .expressionAttributeValues(Map.of(":t", bool(true))).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(item(target, "v", s("written"))).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(TABLE).key(key(gone)).build()).build()));

        assertThat(get(dynamoDb, target).get("v").s()).isEqualTo("written");
        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(key(gone)).consistentRead(true)).hasItem()).isFalse();

        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(guard, "open", bool(false))));
        assertThatThrownBy(() -> dynamoDb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(TABLE).key(key(guard))
                        .conditionExpression("#o = :t").expressionAttributeNames(Map.of("#o", "open"))
                        .expressionAttributeValues(Map.of(":t", bool(true))).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(item(target, "v", s("again"))).build()).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class,
                        e -> assertThat(e.cancellationReasons()).extracting(r -> r.code()).containsExactly("ConditionalCheckFailed", "None"));
        assertThat(get(dynamoDb, target).get("v").s()).isEqualTo("written");
    }

    @Test
    void transactWriteItems_withTwoOperationsOnOneItem_isAValidationError(DynamoDbClient dynamoDb) {
        String pk = id();
        assertThatThrownBy(() -> dynamoDb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(item(pk)).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(TABLE).key(key(pk)).build()).build())))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(key(pk)).consistentRead(true)).hasItem()).isFalse();
    }

    @Test
    void transactGetItems_returnsEachItemInOrder_andNothingForAMissingOne(DynamoDbClient dynamoDb) {
        String a = id();
        String b2 = id();
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(a, "v", s("a"))));
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(b2, "v", s("b"))));

        var responses = dynamoDb.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(Get.builder().tableName(TABLE).key(key(b2)).build()).build(),
                TransactGetItem.builder().get(Get.builder().tableName(TABLE).key(key(id())).build()).build(),
                TransactGetItem.builder().get(Get.builder().tableName(TABLE).key(key(a)).build()).build())).responses();

        assertThat(responses).hasSize(3);
        assertThat(responses.get(0).item().get("v").s()).isEqualTo("b");
        assertThat(responses.get(1).hasItem()).isFalse();
        assertThat(responses.get(2).item().get("v").s()).isEqualTo("a");
    }

    @Test
    void queryOnAGlobalSecondaryIndex_findsItemsByTheIndexKey(DynamoDbClient dynamoDb) {
        String status = "status-" + id();
        for (int i = 0; i < 3; i++) {
            String sk = "s" + i;
            dynamoDb.putItem(b -> b.tableName(TABLE).item(Map.of("pk", s(id()), "sk", s(sk), "status", s(status))));
        }
        var items = dynamoDb.query(b -> b.tableName(TABLE).indexName(INDEX).keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", s(status)))).items();
        assertThat(items).extracting(i -> i.get("sk").s()).containsExactly("s0", "s1", "s2");
    }

    @Test
    void consistentRead_seesTheLatestWrite(DynamoDbClient dynamoDb) {
        String pk = id();
        for (int i = 0; i < 5; i++) {
            int v = i;
            dynamoDb.putItem(b -> b.tableName(TABLE).item(item(pk, "v", n(v))));
            assertThat(get(dynamoDb, pk).get("v").n()).isEqualTo(Integer.toString(v));
        }
    }

    @Test
    void queryPagination_withLimit_returnsEveryItemOnceAcrossPages(DynamoDbClient dynamoDb) {
        String pk = id();
        for (int i = 0; i < 7; i++) {
            String sk = String.format("%03d", i);
            dynamoDb.putItem(b -> b.tableName(TABLE).item(Map.of("pk", s(pk), "sk", s(sk))));
        }
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(b -> b.tableName(TABLE).keyConditionExpression("pk = :p").limit(3).consistentRead(true)
                    .expressionAttributeValues(Map.of(":p", s(pk))).exclusiveStartKey(from));
            page.items().forEach(i -> seen.add(i.get("sk").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(seen).containsExactly("000", "001", "002", "003", "004", "005", "006");
        assertThat(pages).isBetween(3, 4);

        var descending = dynamoDb.query(b -> b.tableName(TABLE).keyConditionExpression("pk = :p").scanIndexForward(false).limit(1)
                .expressionAttributeValues(Map.of(":p", s(pk)))).items();
        assertThat(descending).extracting(i -> i.get("sk").s()).containsExactly("006");
    }

    @Test
    void selectCount_countsWithoutReturningItems(DynamoDbClient dynamoDb) {
        String pk = id();
        for (int i = 0; i < 4; i++) {
            String sk = "c" + i;
            dynamoDb.putItem(b -> b.tableName(TABLE).item(Map.of("pk", s(pk), "sk", s(sk))));
        }
        var count = dynamoDb.query(b -> b.tableName(TABLE).keyConditionExpression("pk = :p").select(Select.COUNT)
                .expressionAttributeValues(Map.of(":p", s(pk))));
        assertThat(count.count()).isEqualTo(4);
        assertThat(count.items()).isEmpty();
    }

    @Test
    void updateExpressions_ifNotExists_listAppend_add_remove(DynamoDbClient dynamoDb) {
        String pk = id();
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(pk, "drop", s("x"))));
        Map<String, AttributeValue> values = Map.of(":first", s("first"), ":one", n(1),
                ":l", AttributeValue.fromL(List.of(s("a"))), ":empty", AttributeValue.fromL(List.of()));
        String update = "SET created = if_not_exists(created, :first), events = list_append(if_not_exists(events, :empty), :l) "
                + "ADD hits :one REMOVE #d";
        dynamoDb.updateItem(b -> b.tableName(TABLE).key(key(pk)).updateExpression(update)
                .expressionAttributeNames(Map.of("#d", "drop")).expressionAttributeValues(values));
        Map<String, AttributeValue> again = new HashMap<>(values);
        again.put(":first", s("second"));
        dynamoDb.updateItem(b -> b.tableName(TABLE).key(key(pk)).updateExpression(update)
                .expressionAttributeNames(Map.of("#d", "drop")).expressionAttributeValues(again));

        Map<String, AttributeValue> item = get(dynamoDb, pk);
        assertThat(item.get("created").s()).isEqualTo("first");
        assertThat(item.get("events").l()).extracting(AttributeValue::s).containsExactly("a", "a");
        assertThat(item.get("hits").n()).isEqualTo("2");
        assertThat(item).doesNotContainKey("drop");
    }

    @Test
    void anItemOver400Kb_isRejected_andNothingIsWritten(DynamoDbClient dynamoDb) {
        String pk = id();
        String big = "x".repeat(400 * 1024 + 1);
        assertThatThrownBy(() -> dynamoDb.putItem(b -> b.tableName(TABLE).item(item(pk, "blob", s(big)))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(key(pk)).consistentRead(true)).hasItem()).isFalse();

        String fits = "x".repeat(300 * 1024);
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item(pk, "blob", s(fits))));
        assertThat(get(dynamoDb, pk).get("blob").s()).hasSize(300 * 1024);
    }

    @Test
    void updateTimeToLive_isAcceptedAndDescribed(DynamoDbClient dynamoDb) {
        String table = "ttl-" + UUID.randomUUID();
        dynamoDb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk")).keySchema(key("pk", KeyType.HASH)));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table));
        dynamoDb.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        var ttl = dynamoDb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    }

    private static Map<String, AttributeValue> get(DynamoDbClient dynamoDb, String pk) {
        return dynamoDb.getItem(b -> b.tableName(TABLE).key(key(pk)).consistentRead(true)).item();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk), "sk", s("-"));
    }

    private static Map<String, AttributeValue> item(String pk, Object... attributes) {
        Map<String, AttributeValue> item = new HashMap<>(key(pk));
        for (int i = 0; i < attributes.length; i += 2) {
            item.put((String) attributes[i], (AttributeValue) attributes[i + 1]);
        }
        return item;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(int v) {
        return AttributeValue.fromN(Integer.toString(v));
    }

    private static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
