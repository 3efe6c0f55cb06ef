package dev.tandem.contracts.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The message a workflow's governed step sends to the agent's queue through
 * {@code sqs:sendMessage.waitForTaskToken}, the same for every pipeline. It names the evidence (a claim
 * check), never carries document content, and carries the X-Ray trace header so the agent continues the
 * job's trace. The agent routes it by ({@code pipeline}, {@code step}) to the pipeline's governed step,
 * which binds {@code attributes} to its own record.
 *
 * @param taskToken  the token the agent reports the decision with ({@code $$.Task.Token})
 * @param step       the blueprint step; with {@code jobId} it keys the agent's case
 * @param attempt    the workflow's retry count of the step ({@code $$.State.RetryCount})
 * @param evidence   the claim check of what the decision is about (e.g. the findings a detector step wrote)
 * @param attributes the governed step's typed attributes, taken from the workflow state
 */
public record GovernTask(
        String taskToken,
        String jobId,
        String pipeline,
        String step,
        int attempt,
        WorkflowInput.Principal principal,
        String correlationId,
        String traceHeader,
        PayloadRef evidence,
        JsonNode attributes) {

    public GovernTask {
        Objects.requireNonNull(taskToken, "taskToken");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(attributes, "attributes");
        if (!attributes.isObject()) {
            throw new IllegalArgumentException("attributes must be an object");
        }
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative, was " + attempt);
        }
    }
}
