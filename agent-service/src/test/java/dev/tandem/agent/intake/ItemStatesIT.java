package dev.tandem.agent.intake;

import static dev.tandem.agent.support.AgentHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.agent.cases.ItemStates;
import dev.tandem.agent.support.AgentHarness;
import dev.tandem.agent.support.ItemsPipeline;
import dev.tandem.aws.jobs.JobItems;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.GovernTask;
import dev.tandem.contracts.pipeline.ItemDecision;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.contracts.pipeline.WorkflowInput;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A governed step that decides per item keeps each item's state across jobs: read before the decision, written with it
 * (the case's decision and the audit event in the same transaction), each on the version it read. Two tasks that read
 * the same version cannot both apply: the second re-decides on the state the first left.
 */
@AwsEngines
class ItemStatesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final AwsEndpoints endpoints;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final S3Client s3;
    private AgentHarness h;

    ItemStatesIT(AwsEndpoints endpoints, DynamoDbClient dynamoDb, SqsClient sqs, S3Client s3) {
        this.endpoints = endpoints;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
    }

    @BeforeEach
    void setUp() {
        h = new AgentHarness(endpoints, dynamoDb, sqs, s3);
    }

    @AfterEach
    void tearDown() {
        ItemsPipeline.holdFirst(0);
        h.close();
    }

    @Test
    void eachDecision_readsTheItemsState_andMovesIt_withTheDecision() {
        h.startAgent(Map.of());
        GovernTask first = task(List.of("m1", "m2"));
        h.send(first);
        await("the first report", WAIT, () -> h.sfnCalls("SendTaskSuccess").size() == 1);
        GovernTask second = task(List.of("m1"));
        h.send(second);
        await("the second report", WAIT, () -> h.sfnCalls("SendTaskSuccess").size() == 2);

        PolicyDecision one = reported(first);
        assertThat(one.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(one.items()).extracting(ItemDecision::item, ItemDecision::decision, ItemDecision::stateVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m1", "KEEP", 0L), org.assertj.core.groups.Tuple.tuple("m2", "KEEP", 0L));
        assertThat(one.item("m1").stateRead()).isNull();
        PolicyDecision two = reported(second);
        assertThat(two.item("m1").decision()).as("decided on the state the first left").isEqualTo("WATCH");
        assertThat(two.item("m1").stateVersion()).isEqualTo(1);
        assertThat(two.item("m1").stateRead().path("count").asLong()).isEqualTo(1);
        assertThat(two.item("m1").basis()).containsEntry("count", "1");
        assertThat(stored("m1")).containsEntry("version", "2").containsEntry("count", "2");
        assertThat(stored("m2")).containsEntry("version", "1").containsEntry("count", "1");
        // The audit event names each item's decision and the state version it read.
        AuditEvent decided = h.audit(second.jobId()).stream().filter(e -> e.type().equals("POLICY_DECIDED")).findFirst().orElseThrow();
        assertThat(decided.details()).containsEntry("items", "m1=WATCH@1");
    }

    @Test
    void twoTasksThatReadTheSameState_cannotBothApply_theSecondDecidesAgainOnTheNewState() {
        ItemsPipeline.holdFirst(2);
        h.startAgent(Map.of());
        GovernTask a = task(List.of("shared"));
        GovernTask b = task(List.of("shared"));
        h.send(a);
        h.send(b);

        await("both reports", WAIT, () -> h.sfnCalls("SendTaskSuccess").size() == 2);

        // Both read version 0 at the barrier; one committed, the other's transaction was cancelled and it decided again.
        List<ItemDecision> decisions = List.of(reported(a).item("shared"), reported(b).item("shared"));
        assertThat(decisions).extracting(ItemDecision::stateVersion).containsExactlyInAnyOrder(0L, 1L);
        assertThat(decisions).extracting(ItemDecision::decision).containsExactlyInAnyOrder("KEEP", "WATCH");
        assertThat(stored("shared")).as("applied twice, once each").containsEntry("version", "2").containsEntry("count", "2");
        for (GovernTask t : List.of(a, b)) {
            assertThat(h.audit(t.jobId()).stream().filter(e -> e.type().equals("POLICY_DECIDED"))).hasSize(1);
            assertThat(h.caseItem(t.jobId(), ItemsPipeline.STEP).get("state").s()).isEqualTo("REPORTED");
        }
    }

    /** The stored state of an item: its version and its fields. */
    private Map<String, String> stored(String item) {
        var it = dynamoDb.getItem(r -> r.tableName(h.tables.get("cases")).consistentRead(true)
                .key(Map.of("caseId", AttributeValue.fromS(ItemStates.key(ItemsPipeline.NAME, "count", item))))).item();
        Map<String, String> out = new HashMap<>();
        out.put("version", it.get("version").n());
        JsonNode state = Json.read(it.get("state").s(), JsonNode.class);
        state.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** A submitted job of the test pipeline and its Decide task over these items. */
    private GovernTask task(List<String> items) {
        String jobId = UUID.randomUUID().toString();
        String owner = "user-" + jobId.substring(0, 6);
        Map<String, AttributeValue> job = new HashMap<>();
        job.put("jobId", AttributeValue.fromS(jobId));
        job.put("pipeline", AttributeValue.fromS(ItemsPipeline.NAME));
        job.put("owner", AttributeValue.fromS(owner));
        job.put(dev.tandem.contracts.infra.Tables.Jobs.ATTRIBUTES, JobItems.toAttributeValue(Map.of()));
        job.put("status", AttributeValue.fromS("RUNNING"));
        job.put("createdAt", AttributeValue.fromS(Instant.now().toString()));
        job.put("progress", AttributeValue.fromM(Map.of()));
        dynamoDb.putItem(r -> r.tableName(h.tables.get("jobs")).item(job));
        byte[] bytes = "the batch".getBytes(StandardCharsets.UTF_8);
        String key = "jobs/" + jobId + "/payload.txt";
        s3.putObject(r -> r.bucket(h.bucket).key(key), RequestBody.fromBytes(bytes));
        PayloadRef ref = new PayloadRef("payload", "s3://" + h.bucket + "/" + key, Digests.sha256Hex(bytes), bytes.length);
        return new GovernTask("token-" + UUID.randomUUID(), jobId, ItemsPipeline.NAME, ItemsPipeline.STEP, 0,
                new WorkflowInput.Principal(owner, List.of("submitter"), "tenant-a"), "corr-" + jobId.substring(0, 8), null, ref,
                Json.mapper().valueToTree(new ItemsPipeline.Attributes(items)));
    }

    private PolicyDecision reported(GovernTask task) {
        return h.sfnCalls("SendTaskSuccess").stream().filter(n -> n.path("taskToken").asText().equals(task.taskToken()))
                .map(n -> Json.read(n.path("output").asText(), PolicyDecision.class)).reduce((x, y) -> {
                    throw new AssertionError("reported twice to " + task.taskToken());
                }).orElseThrow(() -> new AssertionError("no report to " + task.taskToken()));
    }
}
