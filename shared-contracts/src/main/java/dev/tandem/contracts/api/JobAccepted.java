package dev.tandem.contracts.api;

import java.time.Instant;
import java.util.Objects;

/** The 202 body of {@code POST /v1/jobs}. A replay with the same Idempotency-Key returns the same one. */
public record JobAccepted(String jobId, JobStatus status, Instant acceptedAt, Links links) {

    public JobAccepted {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(links, "links");
    }

    public record Links(String self, String audit, String lineage) {
        public static Links forJob(String jobId) {
            String self = "/v1/jobs/" + jobId;
            return new Links(self, self + "/audit", self + "/lineage");
        }
    }
}
