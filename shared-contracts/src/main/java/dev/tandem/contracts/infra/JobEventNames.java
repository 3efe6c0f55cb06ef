package dev.tandem.contracts.infra;

/**
 * The events Tandem publishes on the account's default EventBridge bus, declared once: the functions publish them, the
 * CDK app routes them (the audit digest writer's queue), subscribers match them.
 */
public final class JobEventNames {

    /** The source of every Tandem job event. */
    public static final String SOURCE = "dev.tandem.pipeline";
    /** A job reached a terminal status (completed, rejected, failed or halted); the detail names the job and status. */
    public static final String JOB_ENDED = "tandem.job.completed";

    /**
     * The detail-type of an event that submits a job (on the account's default bus, from any source the account lets put
     * events there): its detail is the body of {@code POST /v1/jobs}, for a pipeline that accepts events. The event's id
     * is its idempotency key, so a redelivered event makes one job.
     */
    public static final String SUBMIT = "tandem.job.submit";

    /** Where a refused submission event is recorded in the documents bucket: {@code rejected/<yyyy-mm-dd>/<event id>.json}. */
    public static final String REJECTED_PREFIX = "rejected/";

    /** Every job event names its job as a resource: {@code tandem:job:<jobId>}. */
    public static final String JOB_RESOURCE_PREFIX = "tandem:job:";

    public static String jobResource(String jobId) {
        return JOB_RESOURCE_PREFIX + jobId;
    }

    private JobEventNames() {
    }
}
