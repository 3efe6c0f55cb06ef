package dev.tandem.pipelines.linemaintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.agent.cases.ItemStates;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.contracts.pipeline.spi.Sample;
import dev.tandem.local.Demo;
import dev.tandem.local.LocalStack;
import dev.tandem.local.RunningStack;
import dev.tandem.local.TandemClient;
import dev.tandem.pipelines.linemaintenance.steps.Finalize;
import dev.tandem.testsupport.AwsClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * line-maintenance on the local stack, every step from the artifact the CDK app deploys, the agent as its own process:
 * the samples in order with every machine's decision; bad batches; concurrent batches of one line; the agent killed while
 * it reports a decision; the supervisor's approval, rejection and silence.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LineMaintenanceIT {

    private static final PipelineDefinition PIPELINE = Pipelines.named(LineMaintenancePipeline.NAME);

    private static LocalStack stack;
    private static TandemClient api;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() throws Exception {
        stack = RunningStack.get();
        api = new TandemClient(stack.endpoints().api());
        dynamoDb = AwsClients.dynamoDb(stack.endpoints().aws());
    }

    @Test
    @Order(1)
    void theSamples_inOrder_endAsTheirTableSays_machineByMachine() throws Exception {
        int eventsBefore = stack.controlPlane().events().size();

        List<Demo.Row> rows = Demo.run(api, List.of(PIPELINE), System.out);

        Demo.print(rows, System.out);
        assertThat(rows).extracting(Demo.Row::sample).containsExactlyElementsOf(PIPELINE.samples().stream().map(Sample::name).toList());
        assertThat(rows).allSatisfy(row -> assertThat(row.matches()).as(row.toString()).isTrue());

        // What the line's systems receive: one action per machine that does not just continue, one work order per schedule.
        List<JsonNode> events = stack.controlPlane().events().subList(eventsBefore, stack.controlPlane().events().size());
        List<String> actions = new ArrayList<>();
        List<String> workOrders = new ArrayList<>();
        for (JsonNode e : events) {
            JsonNode detail = Json.read(e.path("Detail").asText(), JsonNode.class);
            if (e.path("DetailType").asText().equals(Finalize.ACTION_EVENT)) {
                actions.add(detail.path("machine").asText() + "=" + detail.path("action").asText());
            } else if (e.path("DetailType").asText().equals(Finalize.WORK_ORDER_EVENT)) {
                workOrders.add(detail.path("machine").asText() + "=" + detail.path("workOrder").asText().substring(0, 3));
            }
        }
        assertThat(actions).containsExactly("press-2=SCHEDULE_MAINTENANCE", "press-2=DERATE", "conveyor-1=STOP_LINE",
                "robot-1=SCHEDULE_MAINTENANCE", "press-1=STOP_LINE");
        assertThat(workOrders).containsExactly("press-2=wo-", "robot-1=wo-");

        // Each decision records the model version, the bundle and the state it read; the auditor sees them on the job.
        JsonNode derate = api.job(rows.get(3).jobId(), "auditor");
        JsonNode press2 = null;
        for (JsonNode item : derate.at("/decision/items")) {
            if (item.path("item").asText().equals("line-a/press-2")) {
                press2 = item;
            }
        }
        assertThat(press2).isNotNull();
        assertThat(press2.at("/basis/modelVersion").asText()).isEqualTo("robust-z-ewma@1.0.0");
        assertThat(press2.at("/stateRead/openWorkOrder").asText()).startsWith("wo-");
        assertThat(press2.path("stateVersion").asLong()).isPositive();
        assertThat(derate.at("/decision/policyBundle").asText()).startsWith("1.0.0+");
    }

    /** The machine's state as the agent keeps it. */
    static JsonNode state(String machine) {
        var item = dynamoDb.getItem(b -> b.tableName(stack.endpoints().tables().get("cases")).consistentRead(true)
                .key(Map.of("caseId", AttributeValue.fromS(ItemStates.key(LineMaintenancePipeline.NAME, LineMaintenanceGovernance.NAME,
                        "line-a/" + machine))))).item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        ObjectNode state = (ObjectNode) Json.read(item.get("state").s(), JsonNode.class);
        state.put("_version", Long.parseLong(item.get("version").n()));
        return state;
    }

    /** A sample batch under a new batch id (the same readings). */
    static String batch(String sample) {
        ObjectNode body = (ObjectNode) Json.read(LineMaintenanceSamples.body(sample), JsonNode.class);
        body.put("batchId", "it-" + UUID.randomUUID().toString().substring(0, 8));
        body.put("pipeline", LineMaintenancePipeline.NAME);
        return Json.write(body);
    }

    static TandemClient.Response submit(String body) {
        return api.send("POST", "/v1/jobs", "submitter", body, Map.of("Content-Type", "application/json",
                "Idempotency-Key", UUID.randomUUID().toString()));
    }

    static JsonNode await(String jobId) {
        return api.await(jobId, Duration.ofSeconds(90), Set.of("AWAITING_REVIEW"));
    }
}
