package dev.tandem.pipelines.documentcompliance;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.RetryPolicy;
import dev.tandem.contracts.blueprint.Step;
import dev.tandem.contracts.blueprint.StepProfile;
import static dev.tandem.contracts.blueprint.GovernanceLevel.CRITICAL;
import static dev.tandem.contracts.blueprint.GovernanceLevel.HIGH;
import static dev.tandem.contracts.blueprint.GovernanceLevel.LOW;
import static dev.tandem.contracts.blueprint.TrafficPattern.BURSTY;
import static dev.tandem.contracts.blueprint.TrafficPattern.STEADY;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.pipeline.spi.LibrarySteps;
import java.time.Duration;
import java.util.List;

/**
 * The flagship {@code document-compliance} pipeline (docs/architecture.md), declared once.
 *
 * <p>The profiles are our measured or budgeted figures for one job of a typical 10-50 KB document;
 * the placement advisor checks the declared placements against them.
 */
public final class DocumentComplianceBlueprint {

    public static final String NAME = "document-compliance";
    public static final String VERSION = "1.0.0";

    /** Average chunks per job for the documents we see (the Map step's fan-out). */
    static final double CHUNKS_PER_JOB = 4;

    private static final RetryPolicy LAMBDA_RETRY = RetryPolicy.exponential(
            RetryPolicy.LAMBDA_TRANSIENT, Duration.ofSeconds(1), 3, Duration.ofSeconds(10));

    /**
     * A heartbeat timeout means no agent task holds the step: the one that did died, or none is running (an outage,
     * a deployment gone wrong). Each attempt sends a new message with a new token; the case state in DynamoDB makes
     * the agent that takes it resume or re-report the stored decision, and a message of an earlier attempt finds its
     * task closed. Ten retries ride out an outage of at least eleven minutes (eleven 60 s heartbeats, plus the
     * jittered waits), within the step's own 15-minute timeout per attempt: a job waits for the agent to come back
     * rather than fail. What fails after that ends FAILED through the Catch.
     */
    static final RetryPolicy AGENT_RETRY = RetryPolicy.exponential(
            List.of("States.HeartbeatTimeout"), Duration.ofSeconds(10), 10, Duration.ofSeconds(60));

    private static final Blueprint BLUEPRINT = Blueprint.builder(NAME, VERSION)
            .entry(Step.task("Ingest").onFunction(TandemFunction.SUBMIT_JOB.logicalName())
                    .comment("POST /v1/jobs: validate, authorize, idempotency, claim check, start the execution")
                    .timeout(Duration.ofSeconds(10))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(HIGH)
                            .slo(Duration.ofSeconds(1)).traffic(BURSTY).payloadKiB(1088).memoryMb(1024)
                            .warmPool(true).build()))
            .startAt("Extract")
            .step(Step.task("Extract").onFunction(DocumentCompliancePipeline.EXTRACT.name())
                    .comment("Normalize the text, split it into chunks, write the chunk manifest")
                    .retry(LAMBDA_RETRY).timeout(Duration.ofSeconds(60))
                    .profile(StepProfile.builder().p99(Duration.ofSeconds(2)).governance(LOW)
                            .slo(Duration.ofSeconds(5)).traffic(BURSTY).payloadKiB(4).memoryMb(1024).build())
                    .next("Analyze"))
            .step(Step.map("Analyze").onFunction(LibrarySteps.ANALYZE_CHUNK.name())
                    .comment("PII detectors and sensitivity classification, one chunk per item")
                    .items("$.extract.chunks", 8).resultAt("analysis")
                    .retry(LAMBDA_RETRY).timeout(Duration.ofSeconds(60))
                    .profile(StepProfile.builder().p99(Duration.ofSeconds(1)).governance(LOW)
                            .slo(Duration.ofSeconds(5)).traffic(BURSTY).payloadKiB(4).memoryMb(1024)
                            .invocationsPerJob(CHUNKS_PER_JOB).build())
                    .next("Assess"))
            .step(Step.task("Assess").onFunction(DocumentCompliancePipeline.ASSESS.name())
                    .comment("Aggregate findings and model scores into a risk score; choose the path")
                    .resultAt("assessment")
                    .retry(LAMBDA_RETRY).timeout(Duration.ofSeconds(30))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(500)).governance(HIGH)
                            .slo(Duration.ofSeconds(5)).traffic(BURSTY).payloadKiB(8).memoryMb(512).build())
                    .next("RouteByRisk"))
            .step(Step.choice("RouteByRisk")
                    .comment("Fast path when nothing is sensitive; governed path otherwise")
                    .when("$.assessment.path", "GOVERNED", "Govern")
                    .otherwise("Finalize"))
            .step(Step.task("Govern").onAgent(DocumentComplianceGovernance.NAME)
                    .comment("Cedar policy decision on a durable case, audited, with heartbeats")
                    .resultAt("decision")
                    .retry(AGENT_RETRY).timeout(Duration.ofMinutes(15)).heartbeat(Duration.ofSeconds(60))
                    .profile(StepProfile.builder().p99(Duration.ofSeconds(3)).stateful(true).governance(CRITICAL)
                            .slo(Duration.ofSeconds(10)).traffic(STEADY).payloadKiB(8).memoryMb(2048)
                            .warmPool(true).build())
                    .next("RouteByDecision"))
            .step(Step.choice("RouteByDecision")
                    .comment("A human decides when the policy requires review")
                    .when("$.decision.outcome", "REVIEW_REQUIRED", "HumanReview")
                    .otherwise("Finalize"))
            .step(Step.waitForReview("HumanReview").onFunction(LibrarySteps.REQUEST_REVIEW.name())
                    .comment("Queue a review item with the task token; wait for a reviewer (timeout: REJECTED)")
                    .resultAt("review")
                    .retry(LAMBDA_RETRY).timeout(Duration.ofHours(24)).onTimeout("Finalize")
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(HIGH)
                            .slo(Duration.ofSeconds(5)).traffic(STEADY).payloadKiB(4).memoryMb(512).build())
                    .next("Finalize"))
            .step(Step.task("Finalize").onFunction(DocumentCompliancePipeline.FINALIZE.name())
                    .comment("Apply redactions, write result and lineage, set the final status, publish the event")
                    .resultAt("finalized")
                    .retry(LAMBDA_RETRY).timeout(Duration.ofSeconds(60))
                    .profile(StepProfile.builder().p99(Duration.ofSeconds(2)).governance(HIGH)
                            .slo(Duration.ofSeconds(5)).traffic(BURSTY).payloadKiB(64).memoryMb(1024).build()))
            .onError(Step.task("MarkFailed").onFunction(LibrarySteps.MARK_FAILED.name())
                    .comment("Record the cause from the Catch so GET /v1/jobs/{id} explains the failure")
                    .resultAt("failure")
                    .retry(LAMBDA_RETRY).timeout(Duration.ofSeconds(30))
                    .profile(StepProfile.builder().p99(Duration.ofMillis(300)).governance(LOW)
                            .slo(Duration.ofSeconds(30)).traffic(BURSTY).payloadKiB(4).memoryMb(512).build()))
            .build();

    private DocumentComplianceBlueprint() {
    }

    public static Blueprint blueprint() {
        return BLUEPRINT;
    }
}
