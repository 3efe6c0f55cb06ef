package dev.tandem.functions.jobs;

import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.JobView;
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
 * @param owner       the submitter's {@code sub}; only they (and auditors, operators) may read the job
 * @param attributes  what the pipeline's input contract kept for its steps and policies ({@code Submission.attributes()})
 * @param payload     claim check of the submitted payload
 * @param payloadName the payload's name for humans (a document's file name), if the submission gave one
 */
public record JobRecord(
        String jobId,
        String pipeline,
        String owner,
        Map<String, String> attributes,
        JobStatus status,
        Instant createdAt,
        Instant updatedAt,
        PayloadRef payload,
        String payloadName,
        Map<String, String> metadata,
        String correlationId,
        List<StepProgress> steps,
        PolicyDecision decision,
        JobView.ResultLocation result,
        JobView.JobError error,
        JobKpis kpis,
        JobKpis.Inference inference) {

    public JobRecord {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A job not yet measured. */
    public JobRecord(String jobId, String pipeline, String owner, Map<String, String> attributes, JobStatus status, Instant createdAt,
                     Instant updatedAt, PayloadRef payload, String payloadName, Map<String, String> metadata, String correlationId,
                     List<StepProgress> steps, PolicyDecision decision, JobView.ResultLocation result, JobView.JobError error) {
        this(jobId, pipeline, owner, attributes, status, createdAt, updatedAt, payload, payloadName, metadata, correlationId, steps, decision,
                result, error, null, null);
    }

    public JobView view() {
        return new JobView(jobId, pipeline, attributes, status, createdAt, updatedAt, steps, decision, result, error, kpis);
    }
}
