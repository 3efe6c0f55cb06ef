package dev.tandem.agent.health;

import dev.tandem.agent.config.AgentConfig;
import dev.tandem.agent.intake.GovernanceWorker;
import dev.tandem.agent.policy.GovernedSteps;
import dev.tandem.contracts.pipeline.AgentIdentity;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Liveness ({@code /health}: the process answers and its worker runs) and readiness ({@code /ready}:
 * the policy bundle is loaded and DynamoDB and the queue are reachable), for the ECS and load-balancer
 * health checks. Neither response carries anything but component states.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class HealthController {

    private final GovernanceWorker worker;
    private final GovernedSteps governed;
    private final AgentIdentity identity;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final AgentConfig config;

    public HealthController(GovernanceWorker worker, GovernedSteps governed, AgentIdentity identity, DynamoDbClient dynamoDb,
                            SqsClient sqs, AgentConfig config) {
        this.worker = worker;
        this.governed = governed;
        this.identity = identity;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.config = config;
    }

    @Get(uri = "/health", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> health() {
        boolean up = worker.healthy();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("agent", identity.id());
        body.put("version", identity.version());
        return HttpResponse.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    @Get(uri = "/ready", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> ready() {
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("policies", governed.bundleIds());
        checks.put("worker", worker.healthy() ? "UP" : "DOWN");
        checks.put("dynamodb", check(() -> dynamoDb.describeTable(b -> b.tableName(config.casesTable()))));
        checks.put("sqs", check(() -> sqs.getQueueAttributes(b -> b.queueUrl(config.queueUrl()))));
        boolean ready = checks.values().stream().noneMatch("DOWN"::equals);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "UP" : "DOWN");
        body.put("checks", checks);
        return HttpResponse.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    private static String check(Runnable call) {
        try {
            call.run();
            return "UP";
        } catch (RuntimeException e) {
            return "DOWN";
        }
    }
}
