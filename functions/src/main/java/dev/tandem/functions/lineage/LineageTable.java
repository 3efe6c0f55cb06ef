package dev.tandem.functions.lineage;

import dev.tandem.contracts.infra.Tables;
import dev.tandem.contracts.lineage.LineageEdge;
import dev.tandem.contracts.lineage.LineageGraph;
import dev.tandem.contracts.lineage.LineageNode;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The lineage adjacency list. A job's graph lives in partition {@code JOB#<jobId>}: nodes under
 * {@code NODE#<id>}, edges under {@code EDGE#<from>|<relation>|<to>}. Nodes that name a model or a
 * policy bundle also carry {@code gsi1pk = MODEL#<model@version>} or {@code POLICY#<bundle>} and
 * {@code gsi1sk = <jobId>}, which is what the reverse index answers "which jobs used X" from.
 */
@Singleton
public class LineageTable {

    public static final String REVERSE_INDEX = "reverse";
    public static final String MODEL_ATTRIBUTE = "model";
    public static final String POLICY_ATTRIBUTE = "policyBundle";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public LineageTable(DynamoDbClient dynamoDb, FunctionsConfig config) {
        this.dynamoDb = dynamoDb;
        this.table = FunctionsConfig.required(config.lineageTable(), Tables.LINEAGE.environmentVariable());
    }

    /** One page of job ids that used a model or policy bundle, and where the next page starts (null on the last). */
    public record JobPage(List<String> jobIds, Map<String, String> next) {
    }

    public LineageGraph graph(String jobId) {
        List<LineageNode> nodes = new ArrayList<>();
        List<LineageEdge> edges = new ArrayList<>();
        dynamoDb.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("JOB#" + jobId))))
                .items().forEach(item -> {
                    String sk = item.get("sk").s();
                    if (sk.startsWith("NODE#")) {
                        Map<String, String> attributes = new HashMap<>();
                        if (item.containsKey("attributes")) {
                            item.get("attributes").m().forEach((k, v) -> attributes.put(k, v.s()));
                        }
                        nodes.add(new LineageNode(sk.substring(5), LineageNode.Kind.valueOf(item.get("kind").s()), attributes));
                    } else if (sk.startsWith("EDGE#")) {
                        edges.add(new LineageEdge(item.get("from").s(), item.get("to").s(), item.get("relation").s()));
                    }
                });
        return new LineageGraph(jobId, nodes, edges);
    }

    /**
     * Reverse lookup on the index; {@code key} is e.g. {@code MODEL#embedded-lexicon@1.0.0}.
     *
     * @param start where a previous page stopped ({@link JobPage#next()}), or null for the first page
     */
    public JobPage jobsUsing(String key, int limit, Map<String, String> start) {
        QueryResponse page = dynamoDb.query(b -> {
            b.tableName(table).indexName(REVERSE_INDEX).limit(limit)
                    .keyConditionExpression("gsi1pk = :key")
                    .expressionAttributeValues(Map.of(":key", AttributeValue.fromS(key)));
            if (start != null) {
                Map<String, AttributeValue> exclusive = new HashMap<>();
                PAGE_KEY.forEach(name -> exclusive.put(name, AttributeValue.fromS(start.getOrDefault(name, ""))));
                exclusive.put("gsi1pk", AttributeValue.fromS(key));
                b.exclusiveStartKey(exclusive);
            }
        });
        Set<String> jobIds = new LinkedHashSet<>();
        page.items().forEach(item -> jobIds.add(item.get("gsi1sk").s()));
        Map<String, String> next = null;
        if (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
            next = new HashMap<>();
            for (String name : PAGE_KEY) {
                next.put(name, page.lastEvaluatedKey().get(name).s());
            }
        }
        return new JobPage(List.copyOf(jobIds), next);
    }

    /** The attributes of an index position besides its partition (which the query names). */
    private static final List<String> PAGE_KEY = List.of("pk", "sk", "gsi1sk");

    /** Writes a job's graph; every item is keyed deterministically, so rewriting it is idempotent. */
    public void write(LineageGraph graph) {
        String pk = "JOB#" + graph.jobId();
        for (LineageNode node : graph.nodes()) {
            Map<String, AttributeValue> attributes = new HashMap<>();
            node.attributes().forEach((k, v) -> attributes.put(k, AttributeValue.fromS(v)));
            Map<String, AttributeValue> item = new HashMap<>(Map.of(
                    "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("NODE#" + node.id()),
                    "kind", AttributeValue.fromS(node.kind().name()), "attributes", AttributeValue.fromM(attributes)));
            String reverse = reverseKey(node);
            if (reverse != null) {
                item.put("gsi1pk", AttributeValue.fromS(reverse));
                item.put("gsi1sk", AttributeValue.fromS(graph.jobId()));
            }
            dynamoDb.putItem(b -> b.tableName(table).item(item));
        }
        for (LineageEdge edge : graph.edges()) {
            dynamoDb.putItem(b -> b.tableName(table).item(Map.of(
                    "pk", AttributeValue.fromS(pk),
                    "sk", AttributeValue.fromS("EDGE#" + edge.from() + "|" + edge.relation() + "|" + edge.to()),
                    "from", AttributeValue.fromS(edge.from()), "to", AttributeValue.fromS(edge.to()),
                    "relation", AttributeValue.fromS(edge.relation()))));
        }
    }

    static String reverseKey(LineageNode node) {
        return switch (node.kind()) {
            case MODEL -> node.attributes().containsKey(MODEL_ATTRIBUTE) ? "MODEL#" + node.attributes().get(MODEL_ATTRIBUTE) : null;
            case POLICY_BUNDLE -> node.attributes().containsKey(POLICY_ATTRIBUTE) ? "POLICY#" + node.attributes().get(POLICY_ATTRIBUTE) : null;
            default -> null;
        };
    }

}
