package dev.tandem.contracts.pipeline;

import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import java.util.List;
import java.util.Objects;

/**
 * The input of a pipeline execution, written by the API when it starts the
 * workflow. It carries references and identities only: no document text (execution history is
 * readable by operators, and documents contain PII).
 *
 * @param principal   who submitted the job, for the policy decision
 * @param traceHeader the X-Ray trace header the workflow and the agent continue
 * @param document    claim check of the raw document in S3
 */
public record WorkflowInput(
        String jobId,
        String pipeline,
        Purpose purpose,
        DataClassification dataClassification,
        Principal principal,
        String correlationId,
        String traceHeader,
        PayloadRef document) {

    public WorkflowInput {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(dataClassification, "dataClassification");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(document, "document");
        // Always present (empty when untraced): the Govern state's message reads it with a JSONPath.
        traceHeader = traceHeader == null ? "" : traceHeader;
    }

    /** The submitting user: Cognito {@code sub}, groups, and tenant (the user pool or account). */
    public record Principal(String subject, List<String> roles, String tenant) {
        public Principal {
            Objects.requireNonNull(subject, "subject");
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
