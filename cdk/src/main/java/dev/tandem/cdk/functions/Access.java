package dev.tandem.cdk.functions;

/** What a function may touch; each maps to the narrowest grants in {@link LambdaFunctions}. */
public enum Access {
    JOBS_READ, JOBS_WRITE, IDEMPOTENCY, AUDIT_READ, AUDIT_WRITE, LINEAGE_READ, LINEAGE_WRITE, REVIEWS_READ, REVIEWS_WRITE,
    DOCUMENTS_READ, DOCUMENTS_WRITE, START_EXECUTION, TASK_CALLBACKS, KILL_SWITCH, EVENTS, MODEL
}
