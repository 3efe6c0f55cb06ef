package dev.tandem.functions.lineage;

import dev.tandem.contracts.infra.Tables;
import dev.tandem.contracts.lineage.LineageEdge;
import dev.tandem.contracts.lineage.LineageGraph;
import dev.tandem.contracts.lineage.LineageNode;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Base64;
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

    /** One page of job ids that used a model or policy bundle, and the token of the next page. */
    public record JobPage(List<String> jobIds, String nextToken) {
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

    /** Reverse lookup on the index; {@code key} is e.g. {@code MODEL#embedded-lexicon@1.0.0}. */
    public JobPage jobsUsing(String key, int limit, String nextToken) {
        QueryResponse page = dynamoDb.query(b -> {
            b.tableName(table).indexName(REVERSE_INDEX).limit(limit)
                    .keyConditionExpression("gsi1pk = :key")
                    .expressionAttributeValues(Map.of(":key", AttributeValue.fromS(key)));
            if (nextToken != null) {
                Map<String, AttributeValue> start = decode(nextToken);
                if (!start.get("gsi1pk").s().equals(key)) {
                    throw new IllegalArgumentException("page token of another query");
                }
                b.exclusiveStartKey(start);
            }
        });
        Set<String> jobIds = new LinkedHashSet<>();
        page.items().forEach(item -> jobIds.add(item.get("gsi1sk").s()));
        String next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? encode(page.lastEvaluatedKey()) : null;
        return new JobPage(List.copyOf(jobIds), next);
    }

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

    private static String encode(Map<String, AttributeValue> key) {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("pk", "sk", "gsi1pk", "gsi1sk")) {
            sb.append(key.containsKey(name) ? key.get(name).s() : "").append('\n');
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException for a token this API did not issue */
    static Map<String, AttributeValue> decode(String token) {
        if (token.length() > 2048) {
            throw new IllegalArgumentException("not a page token");
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 5 || parts[0].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not a page token");
        }
        return Map.of("pk", AttributeValue.fromS(parts[0]), "sk", AttributeValue.fromS(parts[1]),
                "gsi1pk", AttributeValue.fromS(parts[2]), "gsi1sk", AttributeValue.fromS(parts[3]));
    }
}
