package dev.tandem.contracts.api;

import java.util.List;

/**
 * {@code GET /v1/lineage?model=|policy=}: the jobs that used a model version or a policy bundle (one of the two is
 * set: the one asked for), a page at a time.
 */
public record LineageJobs(String model, String policy, List<String> jobs, String nextToken) {
    public LineageJobs {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }
}
