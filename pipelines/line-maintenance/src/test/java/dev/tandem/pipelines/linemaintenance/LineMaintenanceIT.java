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
        List<String> overrides = new ArrayList<>();
        for (JsonNode e : events) {
            JsonNode detail = Json.read(e.path("Detail").asText(), JsonNode.class);
            if (e.path("DetailType").asText().equals(Finalize.ACTION_EVENT)) {
                actions.add(detail.path("machine").asText() + "=" + detail.path("action").asText());
            } else if (e.path("DetailType").asText().equals(Finalize.WORK_ORDER_EVENT)) {
                workOrders.add(detail.path("machine").asText() + "=" + detail.path("workOrder").asText().substring(0, 3));
            } else if (e.path("DetailType").asText().equals(Finalize.OVERRIDE_EVENT)) {
                overrides.add(detail.path("machine").asText() + "=" + detail.path("override").asText() + " by " + detail.path("by").asText());
            }
        }
        // A cooldown keeps press-2 derated one healthy batch after its derate, and conveyor-1 one after its stop; the
        // operator's hold derates press-1 when it is set and in the batch it holds after its stop.
        assertThat(actions).containsExactly("press-2=SCHEDULE_MAINTENANCE", "press-2=DERATE", "press-2=DERATE", "conveyor-1=STOP_LINE",
                "conveyor-1=DERATE", "robot-1=SCHEDULE_MAINTENANCE", "press-1=DERATE", "press-1=STOP_LINE", "press-1=DERATE");
        assertThat(workOrders).containsExactly("press-2=wo-", "robot-1=wo-");
        String operator = api.job(rows.get(7).jobId(), "auditor").at("/decision/items/0/basis/overrideBy").asText();
        assertThat(operator).isNotBlank();
        assertThat(overrides).containsExactly("robot-1=CLOSE_WORK_ORDER by " + operator, "press-1=HOLD_DERATED by " + operator,
                "press-1=RELEASE_HOLD by " + operator);

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
        assertThat(derate.at("/decision/policyBundle").asText()).startsWith(LineMaintenanceGovernance.BUNDLE.version() + "+");
    }

    @Test
    @Order(2)
    void badBatches_through_theApi_getA400NamingWhatToFix_andLeaveNoJob() throws Exception {
        java.time.Instant since = java.time.Instant.now();
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put(mutate(b -> ((ObjectNode) b.at("/machines/0")).put("machineId", "press-9")), "/machines/0/machineId");
        refusals.put(mutate(b -> reading(b, 0, 3).put("at", reading(b, 0, 1).path("at").asText())), "/machines/0/readings/3/at");
        refusals.put(mutate(b -> reading(b, 0, 2).put("at", reading(b, 0, 1).path("at").asText())), "/machines/0/readings/2/at");
        refusals.put(mutate(b -> reading(b, 1, 11).put("at", java.time.Instant.now().plus(Duration.ofHours(1)).toString())), "/machines/1/readings/11/at");
        refusals.put(mutate(b -> ((ObjectNode) b.path("units")).put("vibrationRms", "in/s")), "/units/vibrationRms");
        refusals.put(mutate(b -> reading(b, 2, 0).put("motorCurrent", "NaN")), "/machines/2/readings/0/motorCurrent");
        refusals.put(mutate(b -> b.set("machines", Json.mapper().createArrayNode())), "/machines");
        for (Map.Entry<String, String> bad : refusals.entrySet()) {
            TandemClient.Response refused = submit(bad.getKey());

            assertThat(refused.status()).as(refused.text()).isEqualTo(400);
            assertThat(refused.headers().get("content-type").getFirst()).startsWith("application/problem+json");
            List<String> pointers = new ArrayList<>();
            refused.json().path("errors").forEach(e -> pointers.add(e.path("pointer").asText()));
            assertThat(pointers).as(refused.text()).contains(bad.getValue());
        }
        // NaN is not JSON at all: refused before any contract.
        String nan = batch("normal-line.json").replaceFirst("\"vibrationRms\": ?[0-9.]+", "\"vibrationRms\": NaN");
        TandemClient.Response notJson = submit(nan);
        assertThat(notJson.status()).as(notJson.text()).isEqualTo(400);
        assertThat(notJson.json().path("detail").asText()).isNotBlank();

        assertThat(jobsSince(since)).as("no job was created for a refused batch").isEmpty();
        assertThat(jobsSince(since.minus(Duration.ofHours(1)))).as("the listing itself sees this pipeline's jobs").isNotEmpty();
    }

    @Test
    @Order(3)
    void concurrentBatchesOfOneLine_eachDecideOnTheStateTheOneBeforeLeft_noneLostOrDoubleApplied() throws Exception {
        int batches = 6;
        Map<String, JsonNode> before = new java.util.HashMap<>();
        for (String machine : LineMaintenanceSamples.MACHINES) {
            before.put(machine, state(machine));
        }
        ExecutorService pool = Executors.newFixedThreadPool(batches);
        List<String> jobIds = new ArrayList<>();
        try {
            List<Callable<TandemClient.Response>> calls = new ArrayList<>();
            for (int i = 0; i < batches; i++) {
                String body = batch("normal-line.json");
                calls.add(() -> submit(body));
            }
            for (Future<TandemClient.Response> f : pool.invokeAll(calls)) {
                assertThat(f.get().status()).as(f.get().text()).isEqualTo(202);
                jobIds.add(f.get().json().path("jobId").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Long> versionsRead = new HashSet<>();
        for (String jobId : jobIds) {
            JsonNode job = await(jobId);
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
            for (JsonNode item : job.at("/decision/items")) {
                if (item.path("item").asText().equals("line-a/press-1")) {
                    versionsRead.add(item.path("stateVersion").asLong());
                }
            }
            assertThat(decidedCount(jobId)).as("decided once").isEqualTo(1);
        }
        for (String machine : LineMaintenanceSamples.MACHINES) {
            JsonNode after = state(machine);
            assertThat(after.path("decisions").asLong() - before.get(machine).path("decisions").asLong())
                    .as(machine + ": every batch applied once").isEqualTo(batches);
            assertThat(after.path("_version").asLong() - before.get(machine).path("_version").asLong()).isEqualTo(batches);
        }
        long first = before.get("press-1").path("_version").asLong();
        assertThat(versionsRead).as("each batch read the state the one before it left")
                .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(first, first + batches).boxed().toList());
    }

    @Test
    @Order(4)
    void theAgentKilledWhileReportingItsDecision_theRestartedAgentReportsIt_andTheStateMovedOnce() throws Exception {
        JsonNode before = state("press-1");
        RunningStack.localKnob("SetCallbackDelay", "{\"millis\":15000}");
        String jobId;
        try {
            int starts = stack.agent().starts();
            jobId = submit(batch("normal-line.json")).json().path("jobId").asText();
            assertThat(RunningStack.awaitCase(jobId, "Decide", "DECIDED")).as("the agent decided and is reporting").isEqualTo("DECIDED");
            stack.agent().process().destroyForcibly();
            RunningStack.localKnob("SetCallbackDelay", "{\"millis\":0}");
            JsonNode job = await(jobId);
            assertThat(stack.agent().starts()).isGreaterThan(starts);
            assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        } finally {
            RunningStack.localKnob("SetCallbackDelay", "{\"millis\":0}");
        }
        assertThat(decidedCount(jobId)).isEqualTo(1);
        assertThat(state("press-1").path("decisions").asLong()).isEqualTo(before.path("decisions").asLong() + 1);
        assertThat(state("press-1").path("_version").asLong()).isEqualTo(before.path("_version").asLong() + 1);
    }

    @Test
    @Order(5)
    void aStopTheSupervisorRejects_derates_andIsRejected() throws Exception {
        int eventsBefore = stack.controlPlane().events().size();
        String jobId = submit(batch("runaway-vibration.json")).json().path("jobId").asText();
        assertThat(await(jobId).path("status").asText()).isEqualTo("AWAITING_REVIEW");
        String reviewId = pendingReviewOf(jobId);

        TandemClient.Response decided = api.send("POST", "/v1/reviews/" + reviewId, "reviewer",
                Json.write(Map.of("decision", "REJECT", "comment", "the press is mid-batch; derate and inspect at the change")),
                Map.of("Content-Type", "application/json"));

        assertThat(decided.status()).as(decided.text()).isEqualTo(200);
        JsonNode job = api.await(jobId, Duration.ofSeconds(60), Set.of());
        assertThat(job.path("status").asText()).isEqualTo("REJECTED");
        assertThat(auditTypes(jobId)).containsSubsequence("POLICY_DECIDED", "REVIEW_REQUESTED", "REVIEW_REJECTED", "JOB_REJECTED");
        assertThat(eventsOf(jobId, eventsBefore, Finalize.ACTION_EVENT)).singleElement().satisfies(e -> {
            assertThat(e.path("machine").asText()).isEqualTo("press-1");
            assertThat(e.path("action").asText()).isEqualTo("DERATE");
            assertThat(e.path("reason").asText()).isEqualTo("stop not approved");
        });
        assertThat(eventsOf(jobId, eventsBefore, Finalize.ESCALATION_EVENT)).isEmpty();
    }

    @Test
    @Order(6)
    void aStopTheSupervisorDoesNotAnswer_escalates_derates_andIsRejected() throws Exception {
        int eventsBefore = stack.controlPlane().events().size();
        RunningStack.localKnob("SetStateTimeouts", "{\"timeouts\":{\"SupervisorReview\":3}}");
        try {
            String jobId = submit(batch("runaway-vibration.json")).json().path("jobId").asText();
            JsonNode job = api.await(jobId, Duration.ofSeconds(60), Set.of());
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("REJECTED");
            assertThat(auditTypes(jobId)).containsSubsequence("POLICY_DECIDED", "REVIEW_REQUESTED", "REVIEW_TIMED_OUT", "JOB_REJECTED");
            assertThat(eventsOf(jobId, eventsBefore, Finalize.ESCALATION_EVENT)).singleElement().satisfies(e -> {
                assertThat(e.path("machine").asText()).isEqualTo("press-1");
                assertThat(e.path("proposed").asText()).isEqualTo("STOP_LINE");
                assertThat(e.path("meanwhile").asText()).isEqualTo("DERATE");
            });
            assertThat(eventsOf(jobId, eventsBefore, Finalize.ACTION_EVENT)).extracting(e -> e.path("action").asText()).containsExactly("DERATE");
        } finally {
            RunningStack.localKnob("SetStateTimeouts", "{\"timeouts\":{}}");
        }
    }

    @Test
    @Order(7)
    void aBatchPutOnTheEventBus_becomesAJob_decidedAsTheApiWouldHaveIt() throws Exception {
        java.time.Instant since = java.time.Instant.now();
        String batchId = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode body = (ObjectNode) Json.read(batch("normal-line.json"), JsonNode.class);
        body.put("batchId", batchId);

        // The stops proposed above (rejected, timed out) left press-1 cooling down, no healthy batch since.
        assertThat(state("press-1").path("coolingDown").asBoolean()).isTrue();
        assertThat(state("press-1").path("healthyBatches").asInt()).isZero();

        putSubmission(Json.write(body));

        JsonNode job = awaitNewJob(since);
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
        Map<String, String> decisions = new java.util.LinkedHashMap<>();
        job.at("/decision/items").forEach(i -> decisions.put(i.path("item").asText(), i.path("decision").asText()));
        assertThat(decisions).isEqualTo(Map.of("line-a/press-1", "DERATE", "line-a/press-2", "CONTINUE",
                "line-a/conveyor-1", "CONTINUE", "line-a/robot-1", "CONTINUE"));
        assertThat(job.at("/attributes/line").asText()).isEqualTo("line-a");
    }

    @Test
    @Order(8)
    void badBatchesOnTheEventBus_leaveARejectedRecordAndACount_andNoJob() throws Exception {
        java.time.Instant since = java.time.Instant.now();
        String unknownMachine = mutate(b -> ((ObjectNode) b.at("/machines/0")).put("machineId", "press-9"));
        // A valid job of a pipeline that takes its jobs through the API only.
        String otherId = "ev-doc-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode wrongPipeline = (ObjectNode) Json.read(Json.write(Map.of("pipeline", "document-compliance", "purpose", "support-kb",
                "document", Map.of("text", "A short note with nothing sensitive in it.", "name", otherId))), JsonNode.class);

        putSubmission(unknownMachine);
        putSubmission(Json.write(wrongPipeline));

        var s3 = AwsClients.s3(stack.endpoints().aws());
        String batchId = Json.read(unknownMachine, JsonNode.class).path("batchId").asText();
        Map<String, JsonNode> records = new java.util.HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (records.size() < 2 && System.nanoTime() < deadline) {
            for (var o : s3.listObjectsV2(b -> b.bucket(stack.endpoints().bucket()).prefix(dev.tandem.contracts.infra.JobEventNames.REJECTED_PREFIX)).contents()) {
                JsonNode record = Json.read(s3.getObjectAsBytes(b -> b.bucket(stack.endpoints().bucket()).key(o.key())).asUtf8String(), JsonNode.class);
                String id = record.at("/detail/batchId").asText(record.at("/detail/document/name").asText());
                if (id.equals(batchId) || id.equals(otherId)) {
                    records.put(id, record);
                }
            }
            Thread.sleep(200);
        }
        assertThat(records.get(batchId)).as("the unknown machine's record").isNotNull();
        assertThat(records.get(batchId).at("/problem/status").asInt()).isEqualTo(400);
        assertThat(records.get(batchId).at("/problem/errors/0/pointer").asText()).isEqualTo("/machines/0/machineId");
        assertThat(records.get(batchId).path("source").asText()).isEqualTo(SOURCE);
        assertThat(records.get(otherId).at("/problem/errors/0/pointer").asText()).as("a pipeline that takes no events").isEqualTo("/pipeline");
        assertThat(jobsSince(since)).as("no job for a refused batch").isEmpty();
        String log = java.nio.file.Files.readString(RunningStack.logDir().resolve("functions").resolve("tandem-local-SubmitFromEvent.log"));
        assertThat(log).contains("\"SubmissionEventsRejected\"").contains("\"Pipeline\":\"line-maintenance\"");
    }

    private static final String SOURCE = "plant-1.line-a.gateway";

    /** Puts a submission event on the local stack's event bus, as a line's gateway would with the AWS SDK. */
    private static void putSubmission(String detail) {
        var e = stack.endpoints().aws();
        try (var events = software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder()
                .endpointOverride(java.net.URI.create(stack.endpoints().controlPlane())).region(e.region())
                .credentialsProvider(e.credentials()).build()) {
            var response = events.putEvents(b -> b.entries(en -> en.source(SOURCE)
                    .detailType(dev.tandem.contracts.infra.JobEventNames.SUBMIT).detail(detail)));
            assertThat(response.failedEntryCount()).isZero();
        }
    }

    /** This pipeline's jobs created since then (every page), as an auditor sees them. */
    private static List<JsonNode> jobsSince(java.time.Instant from) {
        List<JsonNode> jobs = new ArrayList<>();
        String query = "/v1/jobs?pipeline=" + LineMaintenancePipeline.NAME + "&limit=100&from=" + from;
        String token = null;
        do {
            TandemClient.Response page = api.send("GET", query + (token == null ? "" : "&nextToken=" + token), "auditor", null, Map.of());
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().path("jobs").forEach(jobs::add);
            token = page.json().path("nextToken").asText(null);
        } while (token != null);
        return jobs;
    }

    /** The job created since then, once it ended. */
    private static JsonNode awaitNewJob(java.time.Instant since) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> jobs = jobsSince(since);
            if (!jobs.isEmpty()) {
                assertThat(jobs).as("one job for one event").hasSize(1);
                // The job's owner is the event's source: an auditor reads it.
                return api.await(jobs.getFirst().path("jobId").asText(), Duration.ofSeconds(60), Set.of(), "auditor");
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no job appeared for the event");
    }

    private static String mutate(java.util.function.Consumer<ObjectNode> change) {
        ObjectNode body = (ObjectNode) Json.read(batch("normal-line.json"), JsonNode.class);
        change.accept(body);
        return Json.write(body);
    }

    private static ObjectNode reading(ObjectNode batch, int machine, int reading) {
        return (ObjectNode) batch.at("/machines/" + machine + "/readings/" + reading);
    }

    private static List<String> auditTypes(String jobId) {
        List<String> types = new ArrayList<>();
        api.auditClosedBy(jobId, Set.of("JOB_COMPLETED", "JOB_REJECTED"), Duration.ofSeconds(10)).path("events")
                .forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private static long decidedCount(String jobId) {
        return auditTypes(jobId).stream().filter("POLICY_DECIDED"::equals).count();
    }

    /** The details of this job's events of a type, published since {@code from}. */
    private static List<JsonNode> eventsOf(String jobId, int from, String detailType) {
        List<JsonNode> all = stack.controlPlane().events();
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : List.copyOf(all.subList(from, all.size()))) {
            JsonNode detail = Json.read(e.path("Detail").asText(), JsonNode.class);
            if (e.path("DetailType").asText().equals(detailType) && detail.path("jobId").asText().equals(jobId)) {
                out.add(detail);
            }
        }
        return out;
    }

    private static String pendingReviewOf(String jobId) {
        for (JsonNode item : api.send("GET", "/v1/reviews?status=PENDING", "reviewer", null, Map.of()).json().path("items")) {
            if (item.path("jobId").asText().equals(jobId)) {
                return item.path("reviewId").asText();
            }
        }
        throw new AssertionError("job " + jobId + " has no pending review");
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

    @Test
    @Order(9)
    void anOverrideFromALineGateway_isDenied_theJobRejected_andTheMachinesStateUntouched() throws Exception {
        JsonNode before = state("press-1");
        ObjectNode body = (ObjectNode) Json.read(LineMaintenanceSamples.body("operator-overrides.json"), JsonNode.class);
        body.put("pipeline", LineMaintenancePipeline.NAME);
        body.put("batchId", "ops-" + UUID.randomUUID().toString().substring(0, 8));

        TandemClient.Response submitted = submit(Json.write(body));
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
        JsonNode job = await(submitted.json().path("jobId").asText());

        assertThat(job.path("status").asText()).isEqualTo("REJECTED");
        assertThat(job.at("/decision/outcome").asText()).isEqualTo("DENY");
        assertThat(job.at("/decision/items")).allSatisfy(i -> assertThat(i.path("determiningPolicies").toString())
                .isEqualTo("[\"overrides-by-operators\"]"));
        assertThat(state("press-1")).as("no hold, the same version").isEqualTo(before);
    }

    static TandemClient.Response submit(String body) {
        return api.send("POST", "/v1/jobs", "submitter", body, Map.of("Content-Type", "application/json",
                "Idempotency-Key", UUID.randomUUID().toString()));
    }

    static JsonNode await(String jobId) {
        return api.await(jobId, Duration.ofSeconds(90), Set.of("AWAITING_REVIEW"));
    }
}
