package dev.tandem.contracts.pipeline;

import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import java.util.List;
import java.util.Objects;

/**
 * The message the workflow's Govern state sends to the agent's queue through
 * {@code sqs:sendMessage.waitForTaskToken}. It names the evidence (the findings claim check), never
 * carries document text, and carries the X-Ray trace header so the agent continues the job's trace.
 *
 * @param taskToken    the token the agent reports the decision with ({@code $$.Task.Token})
 * @param step         the blueprint step, {@code Govern}; with {@code jobId} it keys the agent's case
 * @param attempt      the workflow's retry count of the step ({@code $$.State.RetryCount})
 * @param riskScore    Assess's score in [0, 1]
 * @param findingTypes the finding types Assess saw; the agent checks them against the findings object
 * @param findings     the merged findings written by Assess
 */
public record GovernTask(
        String taskToken,
        String jobId,
        String pipeline,
        String step,
        int attempt,
        Purpose purpose,
        DataClassification dataClassification,
        WorkflowInput.Principal principal,
        String correlationId,
        String traceHeader,
        double riskScore,
        List<FindingType> findingTypes,
        PayloadRef findings) {

    public GovernTask {
        Objects.requireNonNull(taskToken, "taskToken");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(dataClassification, "dataClassification");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(findings, "findings");
        findingTypes = findingTypes == null ? List.of() : List.copyOf(findingTypes);
        if (!(riskScore >= 0 && riskScore <= 1)) {
            throw new IllegalArgumentException("riskScore must be in [0, 1], was " + riskScore);
        }
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative, was " + attempt);
        }
    }
}
