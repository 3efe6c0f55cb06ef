package dev.tandem.pipelines.linemaintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.policy.PolicyBundle;
import dev.tandem.agent.policy.PolicyGuard;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.ItemDecision;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.contracts.pipeline.WorkflowInput;
import dev.tandem.contracts.pipeline.spi.ItemRequest;
import dev.tandem.contracts.pipeline.spi.EvidenceRejectedException;
import dev.tandem.contracts.pipeline.spi.GovernContext;
import dev.tandem.contracts.pipeline.spi.Sample;
import dev.tandem.pipelines.linemaintenance.model.MachineScore;
import dev.tandem.pipelines.linemaintenance.model.RobustZModel;
import dev.tandem.pipelines.linemaintenance.telemetry.LineRegistry;
import dev.tandem.pipelines.linemaintenance.telemetry.TelemetryBatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's bundle decides the samples as their table says, run in order through the agent's own policy guard with
 * the machines' states carried from one batch to the next as the agent carries them (read, decide, apply {@code next}).
 */
class LineMaintenanceDecisionsTest {

    private static final LineMaintenanceGovernance STEP = (LineMaintenanceGovernance) new LineMaintenancePipeline().governedSteps().getFirst();
    private static final PolicyGuard GUARD = new PolicyGuard(PolicyBundle.load(STEP.bundle(), LineMaintenanceDecisionsTest.class.getClassLoader()),
            "agent:test", Clock.systemUTC());
    private static final LineRegistry.Line LINE = LineRegistry.shipped().line("line-a").orElseThrow();
    private static final WorkflowInput.Principal GATEWAY = new WorkflowInput.Principal("gateway-line-a", List.of("submitter"), "plant-1");

    /** The agent's loop over in-memory states. */
    private final Map<String, MachineState> states = new HashMap<>();

    private PolicyDecision decide(TelemetryBatch batch, WorkflowInput.Principal principal) {
        List<MachineScore> scores = new ArrayList<>();
        batch.machines().forEach(m -> scores.add(new RobustZModel().score(LINE.machines().get(m.machineId()), m.readings())));
        GovernContext<LineMaintenanceGovernance.Attributes> context = new GovernContext<>("job-" + batch.batchId(), LineMaintenancePipeline.NAME,
                "Decide", 0, principal, Map.of(LineMaintenanceGovernance.JOB_LINE, batch.lineId()),
                new LineMaintenanceGovernance.Attributes(batch.lineId(), RobustZModel.VERSION, scores.stream().map(MachineScore::machineId).toList()),
                Json.write(scores).getBytes(StandardCharsets.UTF_8));
        Map<String, MachineState> read = new LinkedHashMap<>();
        STEP.items(context).forEach(item -> read.put(item, states.getOrDefault(item, STEP.initialState(item))));
        Map<String, ItemRequest> requests = STEP.requests(context, read);
        List<PolicyGuard.ItemInput> inputs = new ArrayList<>();
        read.forEach((item, state) -> inputs.add(new PolicyGuard.ItemInput(item, requests.get(item), Json.mapper().valueToTree(state),
                state.decisions())));
        PolicyDecision decision = GUARD.decideItems(context.jobId(), STEP.decisions(), inputs);
        for (ItemDecision d : decision.items()) {
            states.put(d.item(), STEP.next(d.item(), states.getOrDefault(d.item(), MachineState.NEW), d, decision.decidedAt()));
        }
        return decision;
    }

    private static TelemetryBatch batch(Sample sample) {
        return Json.read(sample.body(), TelemetryBatch.class);
    }

    private static Map<String, String> items(PolicyDecision decision) {
        Map<String, String> items = new LinkedHashMap<>();
        decision.items().forEach(i -> items.put(i.item(), i.decision()));
        return items;
    }

    @Test
    void theSamples_inOrder_areDecidedAsTheirTableSays_twiceOver() {
        for (int run = 1; run <= 2; run++) {
            for (Sample sample : LineMaintenanceSamples.all()) {
                PolicyDecision decision = decide(batch(sample), GATEWAY);

                assertThat(items(decision)).as("run " + run + ": " + sample.name()).isEqualTo(sample.items());
                assertThat(decision.outcome()).as("run " + run + ": " + sample.name()).isEqualTo(sample.decision());
            }
        }
    }

    @Test
    void aSafetyStop_isDecidedAtOnce_andAStopUnderTheLimits_waitsForTheSupervisor() {
        List<Sample> samples = LineMaintenanceSamples.all();
        PolicyDecision overheating = decide(batch(samples.get(4)), GATEWAY);
        ItemDecision conveyor = overheating.item("line-a/conveyor-1");
        assertThat(conveyor.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(conveyor.determiningPolicies()).contains("safety-stop").doesNotContain("stop-needs-approval");
        assertThat(conveyor.basis()).containsEntry("overSafetyLimit", "true").containsEntry("maxBearingTemperature", "97.0")
                .containsEntry("modelVersion", RobustZModel.VERSION);

        PolicyDecision runaway = decide(batch(samples.getLast()), GATEWAY);
        assertThat(runaway.item("line-a/press-1").outcome()).isEqualTo(Outcome.REVIEW_REQUIRED);
        assertThat(runaway.item("line-a/press-1").determiningPolicies()).contains("stop-needs-approval");
        assertThat(states.get("line-a/press-1").awaitingApproval()).isTrue();
    }

    @Test
    void aWorkOrder_opensOnce_staysOpenWhileTheMachineIsUnwell_andClosesWhenItReadsHealthy() {
        List<Sample> samples = LineMaintenanceSamples.all();
        for (Sample s : samples.subList(0, 3)) {
            decide(batch(s), GATEWAY);
        }
        MachineState opened = states.get("line-a/press-2");
        assertThat(opened.openWorkOrder()).startsWith("wo-");
        assertThat(opened.lastDecision()).isEqualTo(LineMaintenanceGovernance.SCHEDULE_MAINTENANCE);

        PolicyDecision derate = decide(batch(samples.get(3)), GATEWAY);
        assertThat(derate.item("line-a/press-2").basis()).containsEntry("openWorkOrder", opened.openWorkOrder());
        assertThat(states.get("line-a/press-2").openWorkOrder()).as("no second work order").isEqualTo(opened.openWorkOrder());
        assertThat(derate.item("line-a/press-2").stateVersion()).isEqualTo(3);

        decide(batch(samples.get(4)), GATEWAY);
        assertThat(states.get("line-a/press-2").openWorkOrder()).as("healthy again: the work is done").isNull();
        assertThat(states.get("line-a/press-2").recentScores()).hasSize(5).endsWith(15L);
    }

    @Test
    void aMachineRisingForThreeBatches_getsMaintenance_beforeItCrossesTheScoreBand() {
        // Elevated (2.40) after three rising batches: the trend rule, not the score band, schedules it.
        states.put("line-a/press-1", new MachineState(List.of(10L, 60L, 120L, 180L), 3, null, "CONTINUE", Instant.EPOCH, false, 4));

        PolicyDecision decision = decide(batch(LineMaintenanceSamples.all().get(6)), GATEWAY);

        assertThat(decision.item("line-a/press-1").decision()).isEqualTo(LineMaintenanceGovernance.SCHEDULE_MAINTENANCE);
        assertThat(decision.item("line-a/press-1").determiningPolicies()).contains("schedule-on-rising-trend");
    }

    @Test
    void aSourceWithoutTheSubmitterRole_isDenied_andLeavesTheStatesAlone() {
        PolicyDecision decision = decide(batch(LineMaintenanceSamples.all().getFirst()), new WorkflowInput.Principal("someone", List.of("auditor"), null));

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.items()).allSatisfy(i -> assertThat(i.determiningPolicies()).containsExactly("sources-only"));
        assertThat(states.values()).allSatisfy(s -> assertThat(s).isEqualTo(MachineState.NEW));
    }

    @Test
    void evidenceThatDisagreesWithTheTask_isRefused() {
        TelemetryBatch batch = batch(LineMaintenanceSamples.all().getFirst());
        List<MachineScore> scores = new ArrayList<>();
        batch.machines().forEach(m -> scores.add(new RobustZModel().score(LINE.machines().get(m.machineId()), m.readings())));
        byte[] evidence = Json.write(scores).getBytes(StandardCharsets.UTF_8);
        GovernContext<LineMaintenanceGovernance.Attributes> otherMachines = new GovernContext<>("j", LineMaintenancePipeline.NAME, "Decide", 0,
                GATEWAY, Map.of("line", "line-a"), new LineMaintenanceGovernance.Attributes("line-a", RobustZModel.VERSION, List.of("press-1")), evidence);
        GovernContext<LineMaintenanceGovernance.Attributes> otherLine = new GovernContext<>("j", LineMaintenancePipeline.NAME, "Decide", 0,
                GATEWAY, Map.of("line", "line-b"), new LineMaintenanceGovernance.Attributes("line-a", RobustZModel.VERSION,
                LineMaintenanceSamples.MACHINES), evidence);
        GovernContext<LineMaintenanceGovernance.Attributes> otherModel = new GovernContext<>("j", LineMaintenancePipeline.NAME, "Decide", 0,
                GATEWAY, Map.of("line", "line-a"), new LineMaintenanceGovernance.Attributes("line-a", "robust-z-ewma@0.9.0",
                LineMaintenanceSamples.MACHINES), evidence);

        assertThatThrownBy(() -> STEP.items(otherMachines)).isInstanceOf(EvidenceRejectedException.class).hasMessageContaining("machines [press-1]");
        assertThatThrownBy(() -> STEP.items(otherLine)).isInstanceOf(EvidenceRejectedException.class).hasMessageContaining("line line-a");
        assertThatThrownBy(() -> STEP.items(otherModel)).isInstanceOf(EvidenceRejectedException.class).hasMessageContaining("robust-z-ewma@0.9.0");
    }
}
