package dev.tandem.contracts.api;

/** Lifecycle of a job (docs/architecture.md, section 3). */
public enum JobStatus {
    ACCEPTED,
    RUNNING,
    AWAITING_REVIEW,
    /** ALLOW or ALLOW_WITH_REDACTION: a result exists. */
    COMPLETED,
    /** DENY, or a reviewer rejected, or the review timed out: no result. */
    REJECTED,
    FAILED,
    /** Stopped by the pipeline's kill switch. */
    HALTED,
    /** Stopped on request of its owner or an operator ({@code POST /v1/jobs/{jobId}/cancel}). */
    CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == REJECTED || this == FAILED || this == HALTED || this == CANCELLED;
    }
}
