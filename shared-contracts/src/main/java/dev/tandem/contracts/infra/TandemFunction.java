package dev.tandem.contracts.infra;

import static dev.tandem.contracts.infra.Grant.AUDIT_READ;
import static dev.tandem.contracts.infra.Grant.DOCUMENTS_WRITE;
import static dev.tandem.contracts.infra.Grant.IDEMPOTENCY;
import static dev.tandem.contracts.infra.Grant.JOBS_READ;
import static dev.tandem.contracts.infra.Grant.JOBS_WRITE;
import static dev.tandem.contracts.infra.Grant.KILL_SWITCH;
import static dev.tandem.contracts.infra.Grant.LINEAGE_READ;
import static dev.tandem.contracts.infra.Grant.REVIEWS_READ;
import static dev.tandem.contracts.infra.Grant.REVIEWS_WRITE;
import static dev.tandem.contracts.infra.Grant.START_EXECUTION;
import static dev.tandem.contracts.infra.Grant.TASK_CALLBACKS;

import java.util.EnumSet;
import java.util.Set;

/**
 * The platform's Lambda functions (the public API's), declared once: the logical name (the physical one is
 * {@link Stages#functionName}), the handler class, the deployment artifact that carries it, and what it may
 * touch. The CDK app deploys and grants from this, the API routes name it ({@code ApiRoutes}), and the local
 * stack runs what the synthesized template says about it. A pipeline's own functions are its
 * {@code FunctionStep}s.
 */
public enum TandemFunction {
    SUBMIT_JOB("SubmitJob", "dev.tandem.functions.jobs.SubmitJobHandler", Artifact.API,
            EnumSet.of(JOBS_WRITE, IDEMPOTENCY, DOCUMENTS_WRITE, START_EXECUTION, KILL_SWITCH)),
    /**
     * Not a route: the target of the stage's submission-event rule ({@code JobEventNames.SUBMIT}): submits the event's
     * detail as {@code SubmitJob} does a request's body, for pipelines that accept events; records and counts what it
     * refuses.
     */
    SUBMIT_FROM_EVENT("SubmitFromEvent", "dev.tandem.functions.jobs.SubmitFromEventHandler", Artifact.API,
            EnumSet.of(JOBS_WRITE, IDEMPOTENCY, DOCUMENTS_WRITE, START_EXECUTION, KILL_SWITCH)),
    GET_JOB("GetJob", "dev.tandem.functions.jobs.GetJobHandler", Artifact.API, EnumSet.of(JOBS_READ)),
    CANCEL_JOB("CancelJob", "dev.tandem.functions.jobs.CancelJobHandler", Artifact.API,
            EnumSet.of(JOBS_WRITE, Grant.AUDIT_WRITE, Grant.STOP_EXECUTION, Grant.EVENTS, REVIEWS_WRITE)),
    REDRIVE_JOB("RedriveJob", "dev.tandem.functions.jobs.RedriveJobHandler", Artifact.API,
            EnumSet.of(JOBS_WRITE, Grant.AUDIT_WRITE, Grant.REDRIVE_EXECUTION, KILL_SWITCH)),
    LIST_JOBS("ListJobs", "dev.tandem.functions.jobs.ListJobsHandler", Artifact.API, EnumSet.of(JOBS_READ, Grant.API_CURSORS)),
    GET_JOB_AUDIT("GetJobAudit", "dev.tandem.functions.audit.GetJobAuditHandler", Artifact.API,
            EnumSet.of(JOBS_READ, AUDIT_READ, Grant.AUDIT_DIGESTS_READ)),
    GET_JOB_LINEAGE("GetJobLineage", "dev.tandem.functions.lineage.GetJobLineageHandler", Artifact.API, EnumSet.of(JOBS_READ, LINEAGE_READ)),
    FIND_LINEAGE("FindLineage", "dev.tandem.functions.lineage.FindLineageHandler", Artifact.API, EnumSet.of(JOBS_READ, LINEAGE_READ, Grant.API_CURSORS)),
    LIST_REVIEWS("ListReviews", "dev.tandem.functions.reviews.ListReviewsHandler", Artifact.API, EnumSet.of(REVIEWS_READ)),
    /** Resumes the workflow with a decision; records a sample's check on the job's KPIs. */
    DECIDE_REVIEW("DecideReview", "dev.tandem.functions.reviews.DecideReviewHandler", Artifact.API,
            EnumSet.of(REVIEWS_WRITE, TASK_CALLBACKS, JOBS_WRITE, Grant.KPIS_WRITE)),
    HEALTH("Health", "dev.tandem.functions.health.HealthHandler", Artifact.API, EnumSet.noneOf(Grant.class)),
    GET_OPENAPI("GetOpenApi", "dev.tandem.functions.openapi.GetOpenApiHandler", Artifact.API, EnumSet.noneOf(Grant.class)),
    LIST_PIPELINES("ListPipelines", "dev.tandem.functions.pipelines.ListPipelinesHandler", Artifact.API, EnumSet.of(KILL_SWITCH)),
    GET_PIPELINE("GetPipeline", "dev.tandem.functions.pipelines.GetPipelineHandler", Artifact.API, EnumSet.of(KILL_SWITCH)),
    GET_PIPELINE_KPIS("GetPipelineKpis", "dev.tandem.functions.kpis.GetPipelineKpisHandler", Artifact.API, EnumSet.of(Grant.KPIS_READ)),
    /**
     * Not a route: on a schedule, writes the next signed audit digest of the heads of the jobs that ended since the
     * last one (their events reach it through a queue). The only holder of the digest key's Sign permission.
     */
    WRITE_AUDIT_DIGEST("WriteAuditDigest", "dev.tandem.functions.audit.WriteAuditDigestHandler", Artifact.API,
            EnumSet.of(JOBS_READ, AUDIT_READ, Grant.AUDIT_DIGESTS_WRITE)),
    /**
     * Not a route: on each ended execution of the stage's state machines (Step Functions' status event), measures the
     * job from the execution's history (time to value, step durations, GB-seconds, transitions, agent time, cost) and
     * records its KPIs on the job and in the KPI table, and as EMF metrics; samples automatic outcomes for a check.
     */
    RECORD_JOB_KPIS("RecordJobKpis", "dev.tandem.functions.kpis.RecordJobKpisHandler", Artifact.API,
            EnumSet.of(JOBS_WRITE, Grant.KPIS_WRITE, Grant.EXECUTION_HISTORY, REVIEWS_WRITE));

    /** The two deployment jars of the functions module. */
    public enum Artifact {
        /** {@code functions-*-api.jar}: the API routes' handlers. */
        API,
        /** {@code functions-*-steps.jar}: the pipeline steps' handlers (every {@code FunctionStep}). */
        STEPS
    }

    private final String logicalName;
    private final String handler;
    private final Artifact artifact;
    private final Set<Grant> grants;

    TandemFunction(String logicalName, String handler, Artifact artifact, Set<Grant> grants) {
        this.logicalName = logicalName;
        this.handler = handler;
        this.artifact = artifact;
        this.grants = Set.copyOf(grants);
    }

    /** The logical name, e.g. {@code SubmitJob}: the blueprint's handler name for a step, the metric and log route. */
    public String logicalName() {
        return logicalName;
    }

    /** The handler class, the function's {@code Handler} string. */
    public String handler() {
        return handler;
    }

    public Artifact artifact() {
        return artifact;
    }

    public Set<Grant> grants() {
        return grants;
    }

    /** The function with this logical name, or an error listing the known ones. */
    public static TandemFunction named(String logicalName) {
        for (TandemFunction f : values()) {
            if (f.logicalName.equals(logicalName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no function " + logicalName + "; known: "
                + java.util.Arrays.stream(values()).map(TandemFunction::logicalName).toList());
    }
}
