package dev.tandem.contracts.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * The input every pipeline step receives and the envelope of its output: identity and tracing
 * context plus references to payloads, never the payloads themselves.
 *
 * @param traceId       the X-Ray trace header value ({@code Root=1-...;Parent=...;Sampled=1}) the
 *                      job's trace continues with
 * @param correlationId the client's correlation id, or the job id when the client sent none
 * @param attempt       1 for the first try of this step; retries count up
 */
public record StepEnvelope(
        String jobId,
        String pipeline,
        String step,
        String traceId,
        String correlationId,
        int attempt,
        List<PayloadRef> payloads) {

    public StepEnvelope {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(correlationId, "correlationId");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
        }
        payloads = payloads == null ? List.of() : List.copyOf(payloads);
    }

    public PayloadRef payload(String name) {
        return payloads.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("step " + step + " of job " + jobId
                        + " has no payload '" + name + "'"));
    }
}
