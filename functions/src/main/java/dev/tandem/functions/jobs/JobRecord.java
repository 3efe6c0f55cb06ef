package dev.tandem.functions.jobs;

import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.JobView;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.api.StepProgress;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.PolicyDecision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job as stored in the jobs table. The API creates it; pipeline steps advance it.
 *
 * @param owner the submitter's {@code sub}; only they (and auditors, operators) may read the job
 */
public record JobRecord(
        String jobId,
        String pipeline,
        String owner,
        Purpose purpose,
        DataClassification dataClassification,
        JobStatus status,
        Instant createdAt,
        Instant updatedAt,
        PayloadRef document,
        String documentName,
        Map<String, String> metadata,
        String correlationId,
        List<StepProgress> steps,
        PolicyDecision decision,
        JobView.ResultLocation result,
        JobView.JobError error) {

    public JobRecord {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public JobView view() {
        return new JobView(jobId, pipeline, purpose, status, createdAt, updatedAt, steps, decision, result, error);
    }
}
