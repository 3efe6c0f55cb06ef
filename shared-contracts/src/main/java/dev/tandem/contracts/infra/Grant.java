package dev.tandem.contracts.infra;

/**
 * What a function may touch. The CDK app maps each to the narrowest IAM grants; the names say the
 * resource and the direction, never the actions.
 */
public enum Grant {
    JOBS_READ, JOBS_WRITE, IDEMPOTENCY, AUDIT_READ, AUDIT_WRITE, LINEAGE_READ, LINEAGE_WRITE, REVIEWS_READ, REVIEWS_WRITE,
    DOCUMENTS_READ, DOCUMENTS_WRITE, START_EXECUTION, TASK_CALLBACKS, KILL_SWITCH, EVENTS, MODEL,
    /**
     * Invoke the pipeline's hosted model, a SageMaker endpoint, when the stage names one for the pipeline
     * ({@code -c modelEndpoints=<pipeline>=<endpoint>,...}): the function gets its name ({@link ConfigKey#MODEL_ENDPOINT}) and
     * {@code sagemaker:InvokeEndpoint} on that endpoint alone. Where the stage names none, neither: the pipeline scores with
     * its embedded model.
     */
    MODEL_ENDPOINT,
    /** Read audit digests and the signing key's public key (to verify). */
    AUDIT_DIGESTS_READ,
    /** Write audit digests: drain the job-ended queue, sign with the digest key (only this grant may), put in the digest bucket. */
    AUDIT_DIGESTS_WRITE,
    /** Issue and check the API's page cursors with the cursor key (HMAC). */
    API_CURSORS,
    /** Stop executions of the pipelines' state machines (cancelling a job). */
    STOP_EXECUTION,
    /** Redrive failed executions of the pipelines' state machines (redriving a job). */
    REDRIVE_EXECUTION,
    /** Read the history of the pipeline's executions (the error handler names the state that failed). */
    EXECUTION_HISTORY,
    /** Read the jobs' KPIs (the KPI table). */
    KPIS_READ,
    /** Record the jobs' KPIs (the KPI table). */
    KPIS_WRITE
}
