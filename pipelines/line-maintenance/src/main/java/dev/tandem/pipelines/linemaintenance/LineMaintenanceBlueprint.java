package dev.tandem.pipelines.linemaintenance;

import static dev.tandem.contracts.blueprint.GovernanceLevel.CRITICAL;
import static dev.tandem.contracts.blueprint.GovernanceLevel.HIGH;
import static dev.tandem.contracts.blueprint.GovernanceLevel.LOW;
import static dev.tandem.contracts.blueprint.TrafficPattern.STEADY;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.RetryPolicy;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.blueprint.StepProfile;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.pipeline.spi.LibrarySteps;
import java.time.Duration;
import java.util.List;

/**
 * The {@code line-maintenance} pipeline, declared once: a line's telemetry batch is checked and split per machine, each
 * machine scored against its baseline (a Map), the scores assessed, and the agent decides per machine on the machine's
 * durable state; a stop that no safety limit forces waits for a shift supervisor, and Finalize publishes the actions.
 *
 * <p>Lines push a batch every few minutes, steadily: the profiles are budgets for a batch of a 4-50 machine line. The
 * decision latency SLO (batch accepted to decision) is {@link #DECISION_SLO}.
 */
public final class LineMaintenanceBlueprint {

    public static final String NAME = "line-maintenance";
    public static final String VERSION = "1.0.0";

    /** The supervisor's window to approve a stop before it escalates (the review step's timeout). */
    public static final Duration SUPERVISOR_WINDOW = Duration.ofMinutes(15);

    /**
     * From a batch accepted to its machines decided, at p99: the Govern step's own SLO is this budget less the function
     * steps before it. Lines act on a decision within a cycle of their batches (5 minutes); 30 s leaves room for retries.
     */
    public static final Duration DECISION_SLO = Duration.ofSeconds(30);

    /** Average machines per batch (the Map step's fan-out). */
    static final double MACHINES_PER_BATCH = 8;

    private static final RetryPolicy LAMBDA_RETRY = RetryPolicy.exponential(
            RetryPolicy.LAMBDA_TRANSIENT, Duration.ofSeconds(1), 3, Duration.ofSeconds(10));

    /** As the reference pipeline's agent step: heartbeat timeouts are retried long enough to ride out an agent outage. */
    private static final RetryPolicy AGENT_RETRY = RetryPolicy.exponential(
            List.of("States.HeartbeatTimeout"), Duration.ofSeconds(10), 10, Duration.ofSeconds(60));

    private static final Blueprint BLUEPRINT = Blueprint.builder(NAME, VERSION)
            .entry(Step.task("Ingest").onFunction(TandemFunction.SUBMIT_JOB.logicalName())
                    .comment("POST /v1/jobs: the telemetry contract, authorization, idempotency, claim check, start")
                    .timeout(Duration.ofSeconds(10))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(HIGH)
                            .slo(Duration.ofSeconds(1)).traffic(STEADY).payloadKiB(256).memoryMb(1024)
                            .warmPool(true).build()))
            .startAt("Prepare")
            .step(Step.task("Prepare").onFunction(LineMaintenancePipeline.PREPARE.name())
                    .comment("Check the batch against the line registry again and write each machine's readings")
                    .resultAt("prepared")
                    .retry(LAMBDA_RETRY).timeout(Duration.ofSeconds(30))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(LOW)
                            .slo(Duration.ofSeconds(3)).traffic(STEADY).payloadKiB(256).memoryMb(512).build())
                    .next("Score"))
            .step(Step.map("Score").onFunction(LineMaintenancePipeline.SCORE_MACHINE.name())
                    .comment("The anomaly model per machine against its baseline: score, signals, safety limit, dropouts")
                    .items("$.prepared.machines", 10).resultAt("scores")
                    .retry(LAMBDA_RETRY).timeout(Duration.ofSeconds(30))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(LOW)
                            .slo(Duration.ofSeconds(3)).traffic(STEADY).payloadKiB(32).memoryMb(512)
                            .invocationsPerJob(MACHINES_PER_BATCH).build())
                    .next("Assess"))
            .step(Step.task("Assess").onFunction(LineMaintenancePipeline.ASSESS.name())
                    .comment("Write the scores as the decision's evidence; report the model's work")
                    .resultAt("assessment")
                    .retry(LAMBDA_RETRY).timeout(Duration.ofSeconds(30))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(500)).governance(HIGH)
                            .slo(Duration.ofSeconds(3)).traffic(STEADY).payloadKiB(16).memoryMb(512).build())
                    .next("Decide"))
            .step(Step.task("Decide").onAgent(LineMaintenanceGovernance.NAME)
                    .comment("Cedar per machine on its durable state: CONTINUE, SCHEDULE_MAINTENANCE, DERATE or STOP_LINE")
                    .resultAt("decision")
                    .retry(AGENT_RETRY).timeout(Duration.ofMinutes(15)).heartbeat(Duration.ofSeconds(60))
                    .profile(StepProfile.builder().p99(Duration.ofSeconds(2)).stateful(true).governance(CRITICAL)
                            .slo(Duration.ofSeconds(10)).traffic(STEADY).payloadKiB(16).memoryMb(2048)
                            .warmPool(true).build())
                    .next("RouteByDecision"))
            .step(Step.choice("RouteByDecision")
                    .comment("A stop no safety limit forces waits for the shift supervisor")
                    .when("$.decision.outcome", "REVIEW_REQUIRED", "SupervisorReview")
                    .otherwise("Finalize"))
            .step(Step.waitForReview("SupervisorReview").onFunction(LibrarySteps.REQUEST_REVIEW.name())
                    .comment("The shift supervisor approves or rejects the stop; no answer in time escalates it")
                    .resultAt("review")
                    .retry(LAMBDA_RETRY).timeout(SUPERVISOR_WINDOW).onTimeout("Finalize")
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(HIGH)
                            .slo(Duration.ofSeconds(5)).traffic(STEADY).payloadKiB(4).memoryMb(512).build())
                    .next("Finalize"))
            .step(Step.task("Finalize").onFunction(LineMaintenancePipeline.FINALIZE.name())
                    .comment("Settle each machine's action, publish actions and work orders, lineage, audit, final status")
                    .resultAt("finalized")
                    .retry(LAMBDA_RETRY).timeout(Duration.ofSeconds(30))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(500)).governance(HIGH)
                            .slo(Duration.ofSeconds(5)).traffic(STEADY).payloadKiB(16).memoryMb(512).build()))
            .onError(Step.task("MarkFailed").onFunction(LibrarySteps.MARK_FAILED.name())
                    .comment("Record the cause from the Catch so GET /v1/jobs/{id} explains the failure")
                    .resultAt("failure")
                    .retry(LAMBDA_RETRY).timeout(Duration.ofSeconds(30))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(LOW)
                            .slo(Duration.ofSeconds(30)).traffic(STEADY).payloadKiB(4).memoryMb(512).build()))
            .build();

    private LineMaintenanceBlueprint() {
    }

    public static Blueprint blueprint() {
        return BLUEPRINT;
    }
}
