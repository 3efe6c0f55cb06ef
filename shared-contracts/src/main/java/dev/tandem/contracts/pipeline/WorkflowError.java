package dev.tandem.contracts.pipeline;

import dev.tandem.contracts.api.JobStatus;

/**
 * The errors Tandem's own code reports to the workflow (SendTaskFailure's {@code error}, matched by the
 * state machine's Retry and Catch and by MarkFailed). AWS's own ({@code States.*}) and exception class names
 * reported by Lambda are not listed here.
 */
public enum WorkflowError {
    /** The pipeline's kill switch is on: the job ends HALTED, not FAILED. */
    KILL_SWITCH("Tandem.KillSwitch"),
    /** The governed task message could not be read. */
    INVALID_TASK("Tandem.InvalidTask"),
    /** The policy bundle could not evaluate the step. */
    POLICY_ERROR("Tandem.PolicyError"),
    /** The job was cancelled ({@code POST /v1/jobs/{jobId}/cancel}): its execution was stopped with this error. */
    CANCELLED("Tandem.Cancelled");

    private final String code;

    WorkflowError(String code) {
        this.code = code;
    }

    /**
     * What an execution that ended unsuccessfully with this error name means for its job: CANCELLED when a cancellation
     * stopped it, HALTED when the kill switch did, FAILED otherwise.
     */
    public static JobStatus endedStatus(String error) {
        if (CANCELLED.code().equals(error)) {
            return JobStatus.CANCELLED;
        }
        return KILL_SWITCH.code().equals(error) ? JobStatus.HALTED : JobStatus.FAILED;
    }

    /** The error name the workflow sees. */
    public String code() {
        return code;
    }
}
