package dev.tandem.agent.cases;

import dev.tandem.contracts.pipeline.PolicyDecision;
import java.util.Objects;

/**
 * One governed step of one job, as stored in the {@code cases} table.
 *
 * @param version           optimistic-locking version; every write requires the version it read
 * @param decision          set from DECIDED on; the decision every later report sends
 * @param reportedTokenHash SHA-256 of the task token the decision was last reported with (tokens are
 *                          credentials for the workflow; they are not stored)
 */
public record CaseRecord(String caseId, String jobId, String step, CaseState state, long version, int evaluations,
                         PolicyDecision decision, String reportedTokenHash) {

    public CaseRecord {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(state, "state");
        if (state.decided() && decision == null) {
            throw new IllegalStateException("case " + caseId + " is " + state + " without a decision");
        }
    }

    /** Agent steps are keyed by (job id, step), so retries and duplicate deliveries share one case. */
    public static String caseId(String jobId, String step) {
        return jobId + "#" + step;
    }
}
