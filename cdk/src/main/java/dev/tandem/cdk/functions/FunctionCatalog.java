package dev.tandem.cdk.functions;

import static dev.tandem.cdk.functions.Access.AUDIT_READ;
import static dev.tandem.cdk.functions.Access.AUDIT_WRITE;
import static dev.tandem.cdk.functions.Access.DOCUMENTS_READ;
import static dev.tandem.cdk.functions.Access.DOCUMENTS_WRITE;
import static dev.tandem.cdk.functions.Access.EVENTS;
import static dev.tandem.cdk.functions.Access.IDEMPOTENCY;
import static dev.tandem.cdk.functions.Access.JOBS_READ;
import static dev.tandem.cdk.functions.Access.JOBS_WRITE;
import static dev.tandem.cdk.functions.Access.KILL_SWITCH;
import static dev.tandem.cdk.functions.Access.LINEAGE_READ;
import static dev.tandem.cdk.functions.Access.LINEAGE_WRITE;
import static dev.tandem.cdk.functions.Access.MODEL;
import static dev.tandem.cdk.functions.Access.REVIEWS_READ;
import static dev.tandem.cdk.functions.Access.REVIEWS_WRITE;
import static dev.tandem.cdk.functions.Access.START_EXECUTION;
import static dev.tandem.cdk.functions.Access.TASK_CALLBACKS;

import dev.tandem.contracts.blueprint.Blueprint;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.blueprint.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every function Tandem deploys. The pipeline steps come from the blueprint (memory from the step's
 * profile, timeout from the step, p99 budget twice the profiled p99); the handler class and the access
 * each needs are declared here, next to each other, so a reviewer sees a function's whole permission
 * set in one line.
 */
public final class FunctionCatalog {

    private record Code(String handler, Set<Access> access) {
    }

    /** The pipeline step handlers the blueprint may name. */
    private static final Map<String, Code> STEPS = Map.of(
            "SubmitJob", new Code("dev.tandem.functions.jobs.SubmitJobHandler", Set.of(JOBS_WRITE, IDEMPOTENCY, DOCUMENTS_WRITE, START_EXECUTION, KILL_SWITCH)),
            "Extract", new Code("dev.tandem.functions.steps.extract.ExtractHandler", Set.of(JOBS_WRITE, DOCUMENTS_WRITE)),
            "AnalyzeChunk", new Code("dev.tandem.functions.steps.analyze.AnalyzeChunkHandler", Set.of(DOCUMENTS_WRITE, MODEL)),
            "Assess", new Code("dev.tandem.functions.steps.assess.AssessHandler", Set.of(JOBS_WRITE, DOCUMENTS_WRITE)),
            "RequestReview", new Code("dev.tandem.functions.steps.review.RequestReviewHandler", Set.of(REVIEWS_WRITE, JOBS_WRITE, AUDIT_WRITE)),
            "Finalize", new Code("dev.tandem.functions.steps.finalize.FinalizeHandler",
                    Set.of(DOCUMENTS_WRITE, JOBS_WRITE, AUDIT_WRITE, LINEAGE_WRITE, REVIEWS_WRITE, EVENTS)),
            "MarkFailed", new Code("dev.tandem.functions.steps.failed.MarkFailedHandler", Set.of(JOBS_WRITE, AUDIT_WRITE, EVENTS)));

    private FunctionCatalog() {
    }

    /** The API's read and review functions (SubmitJob, the pipeline's entry, comes from the blueprint). */
    public static List<FunctionSpec> api() {
        Duration t = Duration.ofSeconds(10);
        Duration p99 = Duration.ofSeconds(1);
        return List.of(
                new FunctionSpec("GetJob", false, "dev.tandem.functions.jobs.GetJobHandler", 1024, t, p99, Set.of(JOBS_READ)),
                new FunctionSpec("GetJobAudit", false, "dev.tandem.functions.audit.GetJobAuditHandler", 1024, t, p99, Set.of(JOBS_READ, AUDIT_READ)),
                new FunctionSpec("GetJobLineage", false, "dev.tandem.functions.lineage.GetJobLineageHandler", 1024, t, p99,
                        Set.of(JOBS_READ, LINEAGE_READ)),
                new FunctionSpec("FindLineage", false, "dev.tandem.functions.lineage.FindLineageHandler", 1024, t, p99,
                        Set.of(JOBS_READ, LINEAGE_READ)),
                new FunctionSpec("ListReviews", false, "dev.tandem.functions.reviews.ListReviewsHandler", 1024, t, p99, Set.of(REVIEWS_READ)),
                new FunctionSpec("DecideReview", false, "dev.tandem.functions.reviews.DecideReviewHandler", 1024, t, p99,
                        Set.of(REVIEWS_WRITE, TASK_CALLBACKS)),
                new FunctionSpec("Health", false, "dev.tandem.functions.health.HealthHandler", 512, Duration.ofSeconds(5), p99, Set.of()));
    }

    /** The blueprint's function steps, the entry (SubmitJob) included. */
    public static List<FunctionSpec> pipeline(Blueprint blueprint) {
        List<FunctionSpec> specs = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        steps.add(blueprint.entry());
        steps.addAll(blueprint.steps());
        steps.add(blueprint.errorHandler());
        for (Step step : steps) {
            if (step.placement() != Placement.FUNCTION) {
                continue;
            }
            Code code = STEPS.get(step.handler());
            if (code == null) {
                throw new IllegalArgumentException("blueprint step " + step.name() + " names handler " + step.handler()
                        + ", which no function implements; known: " + STEPS.keySet());
            }
            // A waitForTaskToken step's timeout is the wait, not the function's run time.
            Duration timeout = step.timeout().compareTo(Duration.ofMinutes(15)) > 0 ? Duration.ofSeconds(30) : step.timeout();
            boolean entry = step == blueprint.entry();
            specs.add(new FunctionSpec(step.handler(), !entry, code.handler(), step.profile().memoryMb(), timeout,
                    step.profile().expectedP99().multipliedBy(2), code.access()));
        }
        return specs;
    }
}
