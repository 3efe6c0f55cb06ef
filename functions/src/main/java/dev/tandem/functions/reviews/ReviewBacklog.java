package dev.tandem.functions.reviews;

import dev.tandem.contracts.infra.Tables;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Publishes the number of PENDING review items (metric {@code Tandem/ReviewBacklog}, dimension
 * {@code Stage}) whenever the queue changes, for the operators' dashboard and backlog alarm. A count
 * query on the status index; a failure to publish never fails the review operation.
 */
@Singleton
public class ReviewBacklog {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewBacklog.class);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String stage;

    public ReviewBacklog(DynamoDbClient dynamoDb, FunctionsConfig config) {
        this.dynamoDb = dynamoDb;
        this.table = FunctionsConfig.required(config.reviewsTable(), Tables.REVIEWS.environmentVariable());
        this.stage = config.stage();
    }

    /**
     * Pending review items a workflow waits for (decisions; samples of automatic outcomes wait for nobody), counted over
     * every page of the status index.
     */
    public long pending() {
        long count = 0;
        for (var page : dynamoDb.queryPaginator(b -> b.tableName(table).indexName(ReviewTable.STATUS_INDEX).select(Select.COUNT)
                .keyConditionExpression("#status = :status")
                .filterExpression("attribute_not_exists(#kind) OR #kind = :decision")
                .expressionAttributeNames(Map.of("#status", "status", "#kind", "kind"))
                .expressionAttributeValues(Map.of(":status", AttributeValue.fromS("PENDING"),
                        ":decision", AttributeValue.fromS(dev.tandem.contracts.api.ReviewItem.Kind.DECISION.name()))))) {
            count += page.count();
        }
        return count;
    }

    public void publish() {
        try {
            MetricsFactory.getMetricsInstance().flushSingleMetric(Stages.REVIEW_BACKLOG_METRIC, pending(), MetricUnit.COUNT,
                    Stages.METRICS_NAMESPACE, DimensionSet.of(Stages.STAGE_DIMENSION, stage));
        } catch (RuntimeException e) {
            LOG.warn("could not publish the review backlog: {}", e.toString());
        }
    }
}
