package dev.tandem.contracts.api;

import java.util.List;

/**
 * A page of {@code GET /v1/jobs}, newest first.
 *
 * @param nextToken where the next page starts (opaque, bound to the query and the caller); absent on the last page
 */
public record JobList(List<JobSummary> jobs, String nextToken) {

    public JobList {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }
}
