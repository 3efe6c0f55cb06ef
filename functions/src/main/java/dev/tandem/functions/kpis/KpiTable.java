package dev.tandem.functions.kpis;

import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.config.FunctionsConfig;
import dev.tandem.functions.jobs.JobTable;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The KPI table: each ended job's {@link JobKpis} under its pipeline, sorted by creation time ({@link Tables#KPIS}). */
@Singleton
public class KpiTable {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public KpiTable(DynamoDbClient dynamoDb, Environment environment) {
        this.dynamoDb = dynamoDb;
        this.table = FunctionsConfig.required(environment.getProperty(Tables.KPIS.property(), String.class).orElse(null),
                Tables.KPIS.environmentVariable());
    }

    /** Puts (or replaces, after a redrive) the job's KPIs. */
    public void put(String pipeline, String jobId, Instant created, JobKpis kpis) {
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of(
                Tables.Kpis.PIPELINE, AttributeValue.fromS(pipeline),
                Tables.Kpis.CREATED_JOB, AttributeValue.fromS(JobTable.sortable(created) + "#" + jobId),
                Tables.Kpis.KPIS, AttributeValue.fromS(Json.write(kpis)),
                Tables.Kpis.EXPIRES_AT, AttributeValue.fromN(Long.toString(kpis.endedAt().plus(Tables.Kpis.RETENTION).getEpochSecond())))));
    }

    /** The KPIs of the pipeline's jobs created in the period, oldest first, at most {@code max}. */
    public List<JobKpis> between(String pipeline, Instant from, Instant to, int max) {
        List<JobKpis> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(b -> b.tableName(table)
                .keyConditionExpression("#p = :p AND #k BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#p", Tables.Kpis.PIPELINE, "#k", Tables.Kpis.CREATED_JOB))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pipeline),
                        ":from", AttributeValue.fromS(JobTable.sortable(from)), ":to", AttributeValue.fromS(JobTable.sortable(to) + "~")))).items()) {
            out.add(Json.read(item.get(Tables.Kpis.KPIS).s(), JobKpis.class));
            if (out.size() >= max) {
                break;
            }
        }
        return out;
    }
}
