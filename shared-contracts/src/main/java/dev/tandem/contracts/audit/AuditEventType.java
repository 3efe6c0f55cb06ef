package dev.tandem.contracts.audit;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an audit event records: the one list of event types the functions and the agent append and the
 * API, the demo and the tests read. The chain stores the name.
 */
public enum AuditEventType {
    /** The agent decided a governed step (written in one transaction with the case's decision). */
    POLICY_DECIDED,
    /** The agent refused a governed step because the pipeline's kill switch is on. */
    GOVERNANCE_HALTED,
    /** The agent refused a malformed governed task. */
    GOVERNANCE_REJECTED_TASK,
    /** A review item was queued for a REVIEW_REQUIRED decision. */
    REVIEW_REQUESTED,
    REVIEW_APPROVED,
    REVIEW_REJECTED,
    /** Nobody decided the review within its timeout: the job is rejected. */
    REVIEW_TIMED_OUT,
    JOB_COMPLETED,
    JOB_REJECTED,
    JOB_FAILED,
    JOB_HALTED,
    JOB_CANCELLED,
    /**
     * An operator redrove a FAILED or HALTED job ({@code POST /v1/jobs/{jobId}/redrive}): its execution resumes from the
     * step that failed, and a later closing event ends the job again.
     */
    JOB_REDRIVEN;

    /** The events that close a job's chain: one of them ends every job (and, after a redrive, the attempt before it). */
    public static final Set<AuditEventType> CLOSING = Set.of(JOB_COMPLETED, JOB_REJECTED, JOB_FAILED, JOB_HALTED, JOB_CANCELLED);

    /** The names of {@link #CLOSING}, as the chain stores them. */
    public static Set<String> closingNames() {
        return CLOSING.stream().map(Enum::name).collect(Collectors.toUnmodifiableSet());
    }
}
