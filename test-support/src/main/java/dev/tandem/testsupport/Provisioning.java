package dev.tandem.testsupport;

import dev.tandem.contracts.infra.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates Tandem's tables, as {@link TableSpec} declares them, on a test backend. */
public final class Provisioning {

    private Provisioning() {
    }

    /** Creates every table as {@code <prefix>-<logical name>} and returns logical name -> physical name. */
    public static Map<String, String> createTables(DynamoDbClient dynamoDb, String prefix, List<TableSpec> specs) {
        Map<String, String> names = new LinkedHashMap<>();
        for (TableSpec spec : specs) {
            String name = spec.physicalName(prefix);
            Map<String, String> attributes = new LinkedHashMap<>();
            List<KeySchemaElement> keys = new ArrayList<>();
            keys.add(key(spec.partitionKey(), KeyType.HASH, attributes));
            if (spec.sortKey() != null) {
                keys.add(key(spec.sortKey(), KeyType.RANGE, attributes));
            }
            List<GlobalSecondaryIndex> indexes = new ArrayList<>();
            for (TableSpec.Index index : spec.indexes()) {
                List<KeySchemaElement> indexKeys = new ArrayList<>();
                indexKeys.add(key(index.partitionKey(), KeyType.HASH, attributes));
                if (index.sortKey() != null) {
                    indexKeys.add(key(index.sortKey(), KeyType.RANGE, attributes));
                }
                indexes.add(GlobalSecondaryIndex.builder().indexName(index.name()).keySchema(indexKeys)
                        .projection(index.projected() == null ? Projection.builder().projectionType(ProjectionType.ALL).build()
                                : Projection.builder().projectionType(ProjectionType.INCLUDE).nonKeyAttributes(index.projected()).build())
                        .build());
            }
            dynamoDb.createTable(b -> {
                b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST).keySchema(keys)
                        .attributeDefinitions(attributes.entrySet().stream().map(e -> AttributeDefinition.builder()
                                .attributeName(e.getKey()).attributeType(ScalarAttributeType.fromValue(e.getValue())).build()).toList());
                if (!indexes.isEmpty()) {
                    b.globalSecondaryIndexes(indexes);
                }
            });
            dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(name));
            if (spec.ttlAttribute() != null) {
                dynamoDb.updateTimeToLive(b -> b.tableName(name)
                        .timeToLiveSpecification(t -> t.enabled(true).attributeName(spec.ttlAttribute())));
            }
            names.put(spec.logicalName(), name);
        }
        return names;
    }

    private static KeySchemaElement key(TableSpec.Key key, KeyType type, Map<String, String> attributes) {
        attributes.put(key.name(), key.type());
        return KeySchemaElement.builder().attributeName(key.name()).keyType(type).build();
    }
}
