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
        return decide(batch, principal, GUARD);
    }

    /** As the agent decides a job: the evidence as Assess writes it, the states read, decided, moved by {@code next}. */
    private PolicyDecision decide(TelemetryBatch batch, WorkflowInput.Principal principal, PolicyGuard guard) {
        List<MachineScore> scores = new ArrayList<>();
        batch.machines().forEach(m -> scores.add(new RobustZModel().score(LINE.machines().get(m.machineId()), m.readings())));
        GovernContext<LineMaintenanceGovernance.Attributes> context = new GovernContext<>("job-" + batch.batchId(), LineMaintenancePipeline.NAME,
                "Decide", 0, principal, Map.of(LineMaintenanceGovernance.JOB_LINE, batch.lineId()),
                new LineMaintenanceGovernance.Attributes(batch.lineId(), RobustZModel.VERSION, scores.stream().map(MachineScore::machineId).toList(),
                        batch.overrides().stream().map(TelemetryBatch.Override::machineId).toList()),
                Json.write(new DecisionEvidence(scores, batch.overrides())).getBytes(StandardCharsets.UTF_8));
        Map<String, MachineState> read = new LinkedHashMap<>();
        STEP.items(context).forEach(item -> read.put(item, states.getOrDefault(item, STEP.initialState(item))));
        Map<String, ItemRequest> requests = STEP.requests(context, read);
        List<PolicyGuard.ItemInput> inputs = new ArrayList<>();
        read.forEach((item, state) -> inputs.add(new PolicyGuard.ItemInput(item, requests.get(item), Json.mapper().valueToTree(state),
                state.decisions())));
        PolicyDecision decision = guard.decideItems(context.jobId(), STEP.decisions(), inputs);
        for (ItemDecision d : decision.items()) {
            states.put(d.item(), STEP.next(d.item(), states.getOrDefault(d.item(), MachineState.NEW), d, decision.decidedAt()));
        }
        return decision;
    }

    /** Who submits a sample: the line's gateway, or an operator (in the roles the sample names). */
    private static WorkflowInput.Principal submitter(Sample sample) {
        return sample.roles().contains(LineMaintenanceSamples.OPERATOR) ? new WorkflowInput.Principal("operator-1", sample.roles(), "plant-1")
                : GATEWAY;
    }

    private static Sample sample(String name) {
        return LineMaintenanceSamples.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
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
                PolicyDecision decision = decide(batch(sample), submitter(sample));

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

        PolicyDecision runaway = decide(batch(sample("runaway-vibration.json")), GATEWAY);
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
        byte[] evidence = Json.write(new DecisionEvidence(scores, List.of())).getBytes(StandardCharsets.UTF_8);
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

    @Test
    void anOperator_closesAWorkOrder_andHoldsAMachineDerated_whateverItReads_untilReleased() {
        List<Sample> samples = LineMaintenanceSamples.all();
        int overrides = samples.indexOf(sample("operator-overrides.json"));
        samples.subList(0, overrides).forEach(s -> decide(batch(s), submitter(s)));
        assertThat(states.get("line-a/robot-1").openWorkOrder()).as("the dropped sensor's work order").isNotNull();

        PolicyDecision overridden = decide(batch(samples.get(overrides)), submitter(samples.get(overrides)));
        assertThat(overridden.item("line-a/robot-1").basis()).containsEntry(LineMaintenanceGovernance.OVERRIDE, "CLOSE_WORK_ORDER")
                .containsEntry(LineMaintenanceGovernance.OVERRIDE_BY, "operator-1");
        assertThat(states.get("line-a/robot-1").openWorkOrder()).isNull();
        assertThat(states.get("line-a/press-1").operatorHold().by()).isEqualTo("operator-1");
        assertThat(states.get("line-a/press-1").operatorHold().reason()).startsWith("Runs a little rough");

        PolicyDecision held = decide(batch(sample("held-machine.json")), GATEWAY);
        assertThat(held.item("line-a/press-1").decision()).isEqualTo(LineMaintenanceGovernance.DERATE);
        assertThat(held.item("line-a/press-1").determiningPolicies()).containsExactlyInAnyOrder("continue", "held-derated")
                .as("held on healthy readings: no cooldown").doesNotContain("cool-down");
        assertThat(held.item("line-a/press-1").basis()).containsEntry("operatorHold", "operator-1");

        decide(batch(sample("hold-released.json")), submitter(sample("hold-released.json")));
        assertThat(states.get("line-a/press-1").operatorHold()).isNull();
        assertThat(decide(batch(samples.getFirst()), GATEWAY).item("line-a/press-1").decision()).isEqualTo(LineMaintenanceGovernance.CONTINUE);
    }

    @Test
    void anOverride_fromAUserWhoIsNoOperator_isDenied_andLeavesTheStateAlone() {
        MachineState before = new MachineState(List.of(450L), 0, "wo-1", "SCHEDULE_MAINTENANCE", Instant.EPOCH, false, 1);
        states.put("line-a/robot-1", before);
        states.put("line-a/press-1", before);

        PolicyDecision decision = decide(batch(sample("operator-overrides.json")), GATEWAY);

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.items()).allSatisfy(i -> {
            assertThat(i.decision()).isNull();
            assertThat(i.determiningPolicies()).containsExactly("overrides-by-operators");
        });
        assertThat(states.get("line-a/robot-1")).isEqualTo(before);
        assertThat(states.get("line-a/press-1")).isEqualTo(before);
    }

    @Test
    void afterADerate_aMachineRunsDerated_untilItReadsHealthyTwoBatchesInARow() {
        List<Sample> samples = LineMaintenanceSamples.all();
        samples.subList(0, 4).forEach(s -> decide(batch(s), GATEWAY));
        assertThat(states.get("line-a/press-2").lastDecision()).isEqualTo(LineMaintenanceGovernance.DERATE);
        assertThat(states.get("line-a/press-2").coolingDown()).as("derated on a 7.38 score").isTrue();

        ItemDecision firstHealthy = decide(batch(samples.get(4)), GATEWAY).item("line-a/press-2");
        assertThat(firstHealthy.decision()).isEqualTo(LineMaintenanceGovernance.DERATE);
        assertThat(firstHealthy.determiningPolicies()).containsExactlyInAnyOrder("continue", "cool-down");
        assertThat(states.get("line-a/press-2").healthyBatches()).isEqualTo(1);
        assertThat(states.get("line-a/press-2").coolingDown()).isTrue();

        ItemDecision secondHealthy = decide(batch(samples.get(5)), GATEWAY).item("line-a/press-2");
        assertThat(secondHealthy.decision()).isEqualTo(LineMaintenanceGovernance.CONTINUE);
        assertThat(states.get("line-a/press-2").healthyBatches()).isEqualTo(2);
        assertThat(states.get("line-a/press-2").coolingDown()).as("back at full speed: the cooldown is over").isFalse();
    }

    @Test
    void anUnhealthyBatch_whileCoolingDown_keepsTheMachineDerated_andStartsTheCountAgain() {
        // press-1 reads 2.40 in under-maintenance.json: not healthy, under every band that derates on its own.
        states.put("line-a/press-1", new MachineState(List.of(800L, 20L), 0, null, "DERATE", Instant.EPOCH, false, 2, null, 1, true));

        ItemDecision rough = decide(batch(sample("under-maintenance.json")), GATEWAY).item("line-a/press-1");
        assertThat(rough.decision()).isEqualTo(LineMaintenanceGovernance.DERATE);
        assertThat(rough.determiningPolicies()).contains("cool-down");
        assertThat(states.get("line-a/press-1").healthyBatches()).isZero();
        assertThat(states.get("line-a/press-1").coolingDown()).isTrue();

        assertThat(decide(batch(sample("normal-line.json")), GATEWAY).item("line-a/press-1").decision()).isEqualTo(LineMaintenanceGovernance.DERATE);
        assertThat(decide(batch(sample("normal-line.json")), GATEWAY).item("line-a/press-1").decision()).isEqualTo(LineMaintenanceGovernance.CONTINUE);
    }

    @Test
    void anOperatorsClosedWorkOrder_orReleasedHold_endsACooldown_atOnce() {
        MachineState cooling = new MachineState(List.of(450L), 0, "wo-1", "DERATE", Instant.EPOCH, false, 1, null, 0, true);
        states.put("line-a/robot-1", cooling);
        states.put("line-a/press-1", new MachineState(List.of(450L), 0, null, "DERATE", Instant.EPOCH, false, 1,
                new MachineState.Hold("operator-0", "inspect", Instant.EPOCH), 0, true));

        decide(batch(sample("operator-overrides.json")), submitter(sample("operator-overrides.json")));
        assertThat(states.get("line-a/robot-1").coolingDown()).as("work order closed").isFalse();
        assertThat(states.get("line-a/press-1").coolingDown()).as("held again: the cooldown stays").isTrue();

        decide(batch(sample("hold-released.json")), submitter(sample("hold-released.json")));
        assertThat(states.get("line-a/press-1").coolingDown()).as("released").isFalse();
        PolicyDecision next = decide(batch(sample("normal-line.json")), GATEWAY);
        assertThat(next.item("line-a/robot-1").decision()).isEqualTo(LineMaintenanceGovernance.CONTINUE);
        assertThat(next.item("line-a/press-1").decision()).isEqualTo(LineMaintenanceGovernance.CONTINUE);
    }

    @Test
    void aBatchScoredByTwoVersions_whileAHostedModelsEndpointShifts_isDecided_eachMachineNamingItsOwn() {
        TelemetryBatch batch = batch(sample("normal-line.json"));
        List<MachineScore> scores = new ArrayList<>();
        for (TelemetryBatch.MachineTelemetry m : batch.machines()) {
            MachineScore s = new RobustZModel().score(LINE.machines().get(m.machineId()), m.readings());
            String model = m.machineId().startsWith("press") ? "iforest-line@3.2.0" : "iforest-line@3.1.0";
            scores.add(new MachineScore(s.machineId(), model, s.score(), s.signals(), s.maxBearingTemperature(), s.overSafetyLimit(),
                    s.droppedSignals(), s.readings()));
        }
        byte[] evidence = Json.write(new DecisionEvidence(scores, List.of())).getBytes(StandardCharsets.UTF_8);
        String versions = MachineScore.versions(scores);
        assertThat(versions).isEqualTo("iforest-line@3.2.0,iforest-line@3.1.0");
        GovernContext<LineMaintenanceGovernance.Attributes> context = new GovernContext<>("j", LineMaintenancePipeline.NAME, "Decide", 0,
                GATEWAY, Map.of("line", "line-a"), new LineMaintenanceGovernance.Attributes("line-a", versions, LineMaintenanceSamples.MACHINES), evidence);

        Map<String, MachineState> read = new LinkedHashMap<>();
        STEP.items(context).forEach(item -> read.put(item, MachineState.NEW));
        Map<String, ItemRequest> requests = STEP.requests(context, read);

        assertThat(requests.get("line-a/press-1").basis()).containsEntry("modelVersion", "iforest-line@3.2.0");
        assertThat(requests.get("line-a/robot-1").basis()).containsEntry("modelVersion", "iforest-line@3.1.0");
        GovernContext<LineMaintenanceGovernance.Attributes> naming = new GovernContext<>("j", LineMaintenancePipeline.NAME, "Decide", 0,
                GATEWAY, Map.of("line", "line-a"), new LineMaintenanceGovernance.Attributes("line-a", "iforest-line@3.2.0",
                LineMaintenanceSamples.MACHINES), evidence);
        assertThatThrownBy(() -> STEP.items(naming)).as("a task naming one of the two").isInstanceOf(EvidenceRejectedException.class)
                .hasMessageContaining("iforest-line@3.1.0");
    }

    @Test
    void aStateStoredBeforeCooldowns_readsAsNoCooldown() {
        MachineState stored = Json.read("""
                {"recentScores":[120],"risingBatches":0,"openWorkOrder":null,"lastDecision":"DERATE","lastDecidedAt":"2026-11-30T10:00:00Z",
                 "awaitingApproval":false,"decisions":3,"operatorHold":null}""", MachineState.class);

        assertThat(stored.healthyBatches()).isZero();
        assertThat(stored.coolingDown()).isFalse();
        assertThat(stored.decisions()).isEqualTo(3);
    }

    @Test
    void theBundlesBeforeCooldowns_pinnedAsARollback_decideTheBatches_withoutOne() {
        // 1.1.0 knows no cooldown: the agent leaves its attributes out (its schema does not declare them), and the machines a
        // cooldown keeps derated run at full speed again on their first healthy batch.
        PolicyGuard previous = new PolicyGuard(PolicyBundle.load(new dev.tandem.contracts.pipeline.spi.PolicyBundleRef(STEP.bundle().location(),
                "1.1.0"), LineMaintenanceDecisionsTest.class.getClassLoader()), "agent:test", Clock.systemUTC());
        for (Sample sample : LineMaintenanceSamples.all()) {
            PolicyDecision decision = decide(batch(sample), submitter(sample), previous);

            assertThat(items(decision)).as(sample.name()).isEqualTo(withoutCooldowns(sample));
            assertThat(decision.policyBundle()).startsWith("1.1.0+");
        }
    }

    /** The sample's table less the decisions only a cooldown makes (those machines CONTINUE without one). */
    private static Map<String, String> withoutCooldowns(Sample sample) {
        Map<String, String> items = new LinkedHashMap<>(sample.items());
        COOLDOWNS.getOrDefault(sample.name(), List.of()).forEach(item -> items.put(item, LineMaintenanceGovernance.CONTINUE));
        return items;
    }

    /** The machines that run derated only because of a cooldown, by sample (the samples' table says so). */
    private static final Map<String, List<String>> COOLDOWNS = Map.of("sudden-overheating.json", List.of("line-a/press-2"),
            "sensor-dropout.json", List.of("line-a/conveyor-1"));

    @Test
    void theBundleBeforeOverrides_pinnedAsARollback_stillDecidesTheBatches_onWhatItsSchemaDeclares() {
        // 1.0.0 knows no operator's hold nor cooldown: the agent leaves those attributes out of its requests (its schema does
        // not declare them).
        PolicyGuard previous = new PolicyGuard(PolicyBundle.load(new dev.tandem.contracts.pipeline.spi.PolicyBundleRef(STEP.bundle().location(),
                "1.0.0"), LineMaintenanceDecisionsTest.class.getClassLoader()), "agent:test", Clock.systemUTC());
        for (Sample sample : LineMaintenanceSamples.all()) {
            if (sample.roles().contains(LineMaintenanceSamples.OPERATOR) || sample.name().equals("held-machine.json")) {
                continue;
            }
            PolicyDecision decision = decide(batch(sample), GATEWAY, previous);

            assertThat(items(decision)).as(sample.name()).isEqualTo(withoutCooldowns(sample));
            assertThat(decision.policyBundle()).startsWith("1.0.0+");
        }
    }
}
