package dev.tandem.functions.config;

import dev.tandem.contracts.api.JobAccepted;
import dev.tandem.contracts.api.JobStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.validation.ContractValidator;
import dev.tandem.functions.http.Contracts;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming: before Lambda snapshots an initialized environment, exercise the paths every
 * request takes, so their classes are loaded and JIT-warmed in the snapshot rather than on the first
 * request after restore (https://aws.amazon.com/blogs/compute/reducing-java-cold-starts-on-aws-lambda-functions-with-snapstart/).
 *
 * <p>It parses and writes contract JSON, and makes one DynamoDB read of a key that cannot exist,
 * which loads the SDK's signer, marshallers and HTTP client. Priming never fails the snapshot: an
 * error only means a colder first request.
 */
@Singleton
public class SnapStartPriming implements OrderedResource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    private final DynamoDbClient dynamoDb;
    private final FunctionsConfig config;

    public SnapStartPriming(DynamoDbClient dynamoDb, FunctionsConfig config) {
        this.dynamoDb = dynamoDb;
        this.config = config;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: clients hold no connections across a snapshot worth keeping, and ids
        // are generated per request from SecureRandom, which Lambda reseeds on restore.
    }

    /** @return how many priming steps succeeded (0 to 2) */
    public int prime() {
        int primed = 0;
        try {
            // Each pipeline's first schema example, submitted to it: the validator and the binding of its input record.
            for (PipelineDefinition pipeline : Pipelines.all()) {
                Contracts.validator().inputSchema(pipeline.name()).map(schema -> schema.path("examples").path(0))
                        .filter(JsonNode::isObject).map(example -> ((ObjectNode) example.deepCopy()).put(ContractValidator.PIPELINE_FIELD, pipeline.name()))
                        .ifPresent(example -> Contracts.validator().parseSubmission(example.toString().getBytes(StandardCharsets.UTF_8)));
            }
            Json.write(new JobAccepted("00000000-0000-4000-8000-000000000000", JobStatus.ACCEPTED, Instant.EPOCH,
                    JobAccepted.Links.forJob("00000000-0000-4000-8000-000000000000")));
            primed++;
        } catch (RuntimeException e) {
            LOG.warn("priming JSON failed: {}", e.toString());
        }
        if (config.jobsTable() != null) {
            try {
                dynamoDb.getItem(b -> b.tableName(config.jobsTable())
                        .key(Map.of("jobId", AttributeValue.fromS("priming-no-such-job"))));
                primed++;
            } catch (RuntimeException e) {
                LOG.warn("priming the DynamoDB client failed: {}", e.toString());
            }
        }
        return primed;
    }
}
