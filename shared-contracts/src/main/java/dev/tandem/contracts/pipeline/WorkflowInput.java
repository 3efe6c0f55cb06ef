package dev.tandem.contracts.pipeline;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The input of a pipeline execution, written by the API when it starts the workflow: the same for every
 * pipeline. It carries references and identities only: no payload (execution history is readable by
 * operators, and documents contain PII).
 *
 * @param attributes  the job attributes the pipeline's input contract kept ({@code Submission.attributes()})
 * @param principal   who submitted the job, for the policy decision
 * @param traceHeader the X-Ray trace header the workflow and the agent continue
 * @param payload     claim check of the submitted payload in S3
 */
public record WorkflowInput(
        String jobId,
        String pipeline,
        Map<String, String> attributes,
        Principal principal,
        String correlationId,
        String traceHeader,
        PayloadRef payload) {

    public WorkflowInput {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(pipeline, "pipeline");
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(payload, "payload");
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
