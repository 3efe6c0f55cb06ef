package dev.tandem.contracts.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One job in a list ({@code GET /v1/jobs}): what it is and where it stands; {@code GET /v1/jobs/{jobId}} has the rest. */
public record JobSummary(String jobId, String pipeline, Map<String, String> attributes, JobStatus status, Instant createdAt) {

    public JobSummary {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(status, "status");
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public static JobSummary of(JobView job) {
        return new JobSummary(job.jobId(), job.pipeline(), job.attributes(), job.status(), job.createdAt());
    }
}
