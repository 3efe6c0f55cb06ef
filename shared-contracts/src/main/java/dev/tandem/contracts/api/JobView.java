package dev.tandem.contracts.api;

import dev.tandem.contracts.pipeline.PolicyDecision;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Body of {@code GET /v1/jobs/{jobId}}.
 *
 * @param attributes the job attributes its pipeline's input contract kept (for a document: purpose and classification)
 * @param decision the policy decision once the job is decided; absent before
 * @param result   where the (redacted) result is, for COMPLETED jobs only
 * @param error    why the job FAILED or was HALTED; absent otherwise
 */
public record JobView(
        String jobId,
        String pipeline,
        Map<String, String> attributes,
        JobStatus status,
        Instant createdAt,
        Instant updatedAt,
        List<StepProgress> steps,
        PolicyDecision decision,
        ResultLocation result,
        JobError error,
        JobKpis kpis) {

    public JobView {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(pipeline, "pipeline");
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** Location of a job's result object. */
    /** A job not yet measured (its KPIs are recorded when its execution ends). */
    public JobView(String jobId, String pipeline, Map<String, String> attributes, JobStatus status, Instant createdAt, Instant updatedAt,
                   List<StepProgress> steps, PolicyDecision decision, ResultLocation result, JobError error) {
        this(jobId, pipeline, attributes, status, createdAt, updatedAt, steps, decision, result, error, null);
    }

    public record ResultLocation(String uri, String sha256, long sizeBytes) {
        public ResultLocation {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /**
     * @param code  a stable error name, e.g. {@code Tandem.KillSwitch} or {@code States.Timeout}
     * @param cause a human-readable cause, never document text
     * @param step  the step that failed, when known
     */
    public record JobError(String code, String cause, String step) {
        public JobError {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(cause, "cause");
        }
    }
}
