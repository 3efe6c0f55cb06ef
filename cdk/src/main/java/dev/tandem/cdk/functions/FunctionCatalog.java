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
import dev.tandem.contracts.infra.FunctionHandlers;
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
            "SubmitJob", new Code(FunctionHandlers.PIPELINE.get("SubmitJob"), Set.of(JOBS_WRITE, IDEMPOTENCY, DOCUMENTS_WRITE, START_EXECUTION, KILL_SWITCH)),
            "Extract", new Code(FunctionHandlers.PIPELINE.get("Extract"), Set.of(JOBS_WRITE, DOCUMENTS_WRITE)),
            "AnalyzeChunk", new Code(FunctionHandlers.PIPELINE.get("AnalyzeChunk"), Set.of(DOCUMENTS_WRITE, MODEL)),
            "Assess", new Code(FunctionHandlers.PIPELINE.get("Assess"), Set.of(JOBS_WRITE, DOCUMENTS_WRITE)),
            "RequestReview", new Code(FunctionHandlers.PIPELINE.get("RequestReview"), Set.of(REVIEWS_WRITE, JOBS_WRITE, AUDIT_WRITE)),
            "Finalize", new Code(FunctionHandlers.PIPELINE.get("Finalize"),
                    Set.of(DOCUMENTS_WRITE, JOBS_WRITE, AUDIT_WRITE, LINEAGE_WRITE, REVIEWS_WRITE, EVENTS)),
            "MarkFailed", new Code(FunctionHandlers.PIPELINE.get("MarkFailed"), Set.of(JOBS_WRITE, AUDIT_WRITE, EVENTS)));

    private FunctionCatalog() {
    }

    /** The API's read and review functions (SubmitJob, the pipeline's entry, comes from the blueprint). */
    public static List<FunctionSpec> api() {
        Duration t = Duration.ofSeconds(10);
        Duration p99 = Duration.ofSeconds(1);
        return List.of(
                new FunctionSpec("GetJob", false, FunctionHandlers.API.get("GetJob"), 1024, t, p99, Set.of(JOBS_READ)),
                new FunctionSpec("GetJobAudit", false, FunctionHandlers.API.get("GetJobAudit"), 1024, t, p99, Set.of(JOBS_READ, AUDIT_READ)),
                new FunctionSpec("GetJobLineage", false, FunctionHandlers.API.get("GetJobLineage"), 1024, t, p99,
                        Set.of(JOBS_READ, LINEAGE_READ)),
                new FunctionSpec("FindLineage", false, FunctionHandlers.API.get("FindLineage"), 1024, t, p99,
                        Set.of(JOBS_READ, LINEAGE_READ)),
                new FunctionSpec("ListReviews", false, FunctionHandlers.API.get("ListReviews"), 1024, t, p99, Set.of(REVIEWS_READ)),
                new FunctionSpec("DecideReview", false, FunctionHandlers.API.get("DecideReview"), 1024, t, p99,
                        Set.of(REVIEWS_WRITE, TASK_CALLBACKS)),
                new FunctionSpec("Health", false, FunctionHandlers.API.get("Health"), 512, Duration.ofSeconds(5), p99, Set.of()));
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
